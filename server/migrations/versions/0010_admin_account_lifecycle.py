"""admin_users: disabled_at, and token_generation, which every access token carries so that logging out,
disabling an account or changing its password voids the access tokens already issued

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26 09:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('admin_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('token_generation', sa.Integer(), server_default=sa.text('0'), nullable=False))


def downgrade():
    with op.batch_alter_table('admin_users', schema=None) as batch_op:
        batch_op.drop_column('token_generation')
        batch_op.drop_column('disabled_at')
