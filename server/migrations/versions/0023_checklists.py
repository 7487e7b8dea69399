"""Checklists: tours.type may be checklist, and tour_progress.data keeps a checklist's done tasks.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04 09:00:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tours') as batch:
        batch.drop_constraint(op.f('ck_tours_type'), type_='check')
        batch.create_check_constraint(op.f('ck_tours_type'), "type IN ('tour', 'banner', 'survey', 'checklist')")
    with op.batch_alter_table('tour_progress') as batch:
        batch.add_column(sa.Column('data', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()),
                                                                  'postgresql'), nullable=True))


def downgrade():
    with op.batch_alter_table('tour_progress') as batch:
        batch.drop_column('data')
    op.execute("DELETE FROM tours WHERE type = 'checklist'")
    with op.batch_alter_table('tours') as batch:
        batch.drop_constraint(op.f('ck_tours_type'), type_='check')
        batch.create_check_constraint(op.f('ck_tours_type'), "type IN ('tour', 'banner', 'survey')")
