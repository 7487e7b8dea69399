"""An index for audience rules that count a user's events ("did custom:export at least 3 times in 7 days"):
one index range per rule at bootstrap, whatever the size of the events table.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 07:30:00

"""
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_events_user_type_ts', 'events', ['end_user_id', 'type', 'client_ts'])


def downgrade():
    op.drop_index('ix_events_user_type_ts', table_name='events')
