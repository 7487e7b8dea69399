"""events: a client event id is unique per end user instead of per app

A batch holds one user's events, so its ids now land side by side in the unique index instead of
at 50 random places in it: a stored batch dirties a few index pages, not one per event.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25 21:00:00

"""
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        # Built without locking out event ingestion (the table can be large), then attached in a moment.
        with op.get_context().autocommit_block():
            op.execute('DROP INDEX CONCURRENTLY IF EXISTS uq_events_end_user_id_client_id')  # left by a failed build
            op.execute('CREATE UNIQUE INDEX CONCURRENTLY uq_events_end_user_id_client_id ON events (end_user_id, client_id)')
        op.execute('ALTER TABLE events ADD CONSTRAINT uq_events_end_user_id_client_id '
                   'UNIQUE USING INDEX uq_events_end_user_id_client_id')
        op.drop_constraint('uq_events_app_id_client_id', 'events', type_='unique')
        return
    # SQLite copies the table to change its constraints.
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint('uq_events_app_id_client_id', type_='unique')
        batch_op.create_unique_constraint('uq_events_end_user_id_client_id', ['end_user_id', 'client_id'])


def downgrade():
    # Fails if two users of one app stored the same event id after the upgrade.
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint('uq_events_end_user_id_client_id', type_='unique')
        batch_op.create_unique_constraint('uq_events_app_id_client_id', ['app_id', 'client_id'])
