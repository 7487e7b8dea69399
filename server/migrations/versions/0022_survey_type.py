"""tours.type may be survey (microsurveys).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 08:50:00

"""
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tours') as batch:
        batch.drop_constraint(op.f('ck_tours_type'), type_='check')
        batch.create_check_constraint(op.f('ck_tours_type'), "type IN ('tour', 'banner', 'survey')")


def downgrade():
    op.execute("DELETE FROM tours WHERE type = 'survey'")
    with op.batch_alter_table('tours') as batch:
        batch.drop_constraint(op.f('ck_tours_type'), type_='check')
        batch.create_check_constraint(op.f('ck_tours_type'), "type IN ('tour', 'banner')")
