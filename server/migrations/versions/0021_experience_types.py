"""tours.type: a tour is one experience type among others (banner today); every existing row is a tour.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05 08:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tours') as batch:
        batch.add_column(sa.Column('type', sa.String(length=20), server_default='tour', nullable=False))
        batch.create_check_constraint(op.f('ck_tours_type'), "type IN ('tour', 'banner')")


def downgrade():
    with op.batch_alter_table('tours') as batch:
        batch.drop_constraint(op.f('ck_tours_type'), type_='check')
        batch.drop_column('type')
