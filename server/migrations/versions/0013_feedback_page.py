"""kb_feedback.url: the page a vote was cast on, shown beside "What was missing?" comments in analytics.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 02:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('kb_feedback') as batch:
        batch.add_column(sa.Column('url', sa.String(length=2048), nullable=True))


def downgrade():
    with op.batch_alter_table('kb_feedback') as batch:
        batch.drop_column('url')
