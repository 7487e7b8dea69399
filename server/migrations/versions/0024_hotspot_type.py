"""tours.type may be hotspot (sets of beacons on elements).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-04 09:10:00

"""
from alembic import op

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tours') as batch:
        batch.drop_constraint(op.f('ck_tours_type'), type_='check')
        batch.create_check_constraint(op.f('ck_tours_type'),
                                      "type IN ('tour', 'banner', 'survey', 'checklist', 'hotspot')")


def downgrade():
    op.execute("DELETE FROM tours WHERE type = 'hotspot'")
    with op.batch_alter_table('tours') as batch:
        batch.drop_constraint(op.f('ck_tours_type'), type_='check')
        batch.create_check_constraint(op.f('ck_tours_type'), "type IN ('tour', 'banner', 'survey', 'checklist')")
