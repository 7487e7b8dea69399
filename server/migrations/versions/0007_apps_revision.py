"""apps.tours_revision becomes apps.revision: it now moves with anything the SDK is served for the app

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 17:50:00

"""
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('apps', schema=None) as batch_op:
        batch_op.alter_column('tours_revision', new_column_name='revision')


def downgrade():
    with op.batch_alter_table('apps', schema=None) as batch_op:
        batch_op.alter_column('revision', new_column_name='tours_revision')
