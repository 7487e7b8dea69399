"""kb_searches.url: the page a search was typed on; an index to find the user's last search of a typing burst.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 06:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('kb_searches') as batch:
        batch.add_column(sa.Column('url', sa.String(length=2048), nullable=True))
    op.create_index('ix_kb_searches_user', 'kb_searches', ['end_user_id', 'id'])


def downgrade():
    op.drop_index('ix_kb_searches_user', table_name='kb_searches')
    with op.batch_alter_table('kb_searches') as batch:
        batch.drop_column('url')
