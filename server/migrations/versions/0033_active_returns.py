"""Active users by their previous active day (active_returns) in place of the per-day and per-week counts
(active_periods): any range's distinct users are a sum over its days. Filled from the daily rollups.

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-04 19:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0033'
down_revision = '0032'
branch_labels = None
depends_on = None

MONDAY = {"sqlite": "date(day, 'weekday 0', '-6 days')", "postgresql": "date(date_trunc('week', day))"}


def upgrade():
    op.create_table(
        'active_returns',
        sa.Column('app_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('since', sa.Date(), nullable=False),
        sa.Column('users', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['app_id'], ['apps.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('app_id', 'day', 'since', name='pk_active_returns'),
    )
    op.execute("INSERT INTO active_returns (app_id, day, since, users) SELECT app_id, day, since, count(*) FROM ("
               "SELECT app_id, day, coalesce(lag(day) OVER (PARTITION BY app_id, end_user_id ORDER BY day), "
               "'0001-01-01') AS since FROM (SELECT DISTINCT app_id, end_user_id, day FROM event_days) AS user_days"
               ") AS points GROUP BY app_id, day, since")
    op.drop_table('active_periods')


def downgrade():
    op.create_table(
        'active_periods',
        sa.Column('app_id', sa.Integer(), nullable=False),
        sa.Column('interval', sa.String(length=8), nullable=False),
        sa.Column('period', sa.Date(), nullable=False),
        sa.Column('users', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['app_id'], ['apps.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('app_id', 'interval', 'period', name='pk_active_periods'),
    )
    monday = MONDAY[op.get_bind().dialect.name]
    for interval, period in (("day", "day"), ("week", monday)):
        op.execute(f"INSERT INTO active_periods (app_id, interval, period, users) SELECT app_id, '{interval}', "
                   f"{period}, count(DISTINCT end_user_id) FROM event_days GROUP BY app_id, {period}")
    op.drop_table('active_returns')
