"""Daily rollups of the event log (event_days): per app, tour or article, type, step, UTC day and end user, how
many events; filled from the events already stored.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-04 16:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None

BACKFILL = """
INSERT INTO event_days (app_id, subject, type, step_id, day, end_user_id, events)
SELECT app_id, subject, type, step_id, day, end_user_id, count(*) FROM (
  SELECT app_id, type, end_user_id,
         coalesce(CASE WHEN type = 'article_viewed' THEN article_id ELSE coalesce(tour_id, article_id) END, '')
           AS subject,
         coalesce(step_id, '') AS step_id, {day} AS day
  FROM events) AS e
GROUP BY app_id, subject, type, step_id, day, end_user_id
"""


def upgrade():
    op.create_table(
        'event_days',
        sa.Column('app_id', sa.Integer(), nullable=False),
        sa.Column('subject', sa.String(length=100), nullable=False),
        sa.Column('type', sa.String(length=64), nullable=False),
        sa.Column('step_id', sa.String(length=100), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('end_user_id', sa.Integer(), nullable=False),
        sa.Column('events', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['app_id'], ['apps.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['end_user_id'], ['end_users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('app_id', 'subject', 'type', 'step_id', 'day', 'end_user_id', name='pk_event_days'),
    )
    op.create_index('ix_event_days_type_day', 'event_days', ['app_id', 'type', 'day'],
                    postgresql_include=['subject', 'end_user_id'])
    op.create_index('ix_event_days_day_user', 'event_days', ['app_id', 'day', 'end_user_id'])
    op.create_index('ix_event_days_end_user', 'event_days', ['end_user_id'])
    sqlite = op.get_bind().dialect.name == 'sqlite'
    op.execute(BACKFILL.format(day="substr(client_ts, 1, 10)" if sqlite else "date(timezone('UTC', client_ts))"))


def downgrade():
    op.drop_index('ix_event_days_end_user', table_name='event_days')
    op.drop_index('ix_event_days_day_user', table_name='event_days')
    op.drop_index('ix_event_days_type_day', table_name='event_days')
    op.drop_table('event_days')
