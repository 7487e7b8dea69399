"""Active end users: each one's days of activity per month (active_months, a bit per day) and the distinct users
per day and ISO week (active_periods), filled from the daily rollups.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-04 17:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0031'
down_revision = '0030'
branch_labels = None
depends_on = None

SQLITE = {"month": "date(day, 'start of month')", "dom": "CAST(strftime('%d', day) AS INTEGER)",
          "monday": "date(day, 'weekday 0', '-6 days')"}
POSTGRESQL = {"month": "date(date_trunc('month', day))", "dom": "CAST(extract(day FROM day) AS INTEGER)",
              "monday": "date(date_trunc('week', day))"}


def upgrade():
    op.create_table(
        'active_months',
        sa.Column('app_id', sa.Integer(), nullable=False),
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('end_user_id', sa.Integer(), nullable=False),
        sa.Column('days', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['app_id'], ['apps.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['end_user_id'], ['end_users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('app_id', 'month', 'end_user_id', name='pk_active_months'),
    )
    op.create_index('ix_active_months_end_user', 'active_months', ['end_user_id'])
    op.create_table(
        'active_periods',
        sa.Column('app_id', sa.Integer(), nullable=False),
        sa.Column('interval', sa.String(length=8), nullable=False),
        sa.Column('period', sa.Date(), nullable=False),
        sa.Column('users', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['app_id'], ['apps.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('app_id', 'interval', 'period', name='pk_active_periods'),
    )
    sql = SQLITE if op.get_bind().dialect.name == 'sqlite' else POSTGRESQL
    op.execute(f"INSERT INTO active_months (app_id, month, end_user_id, days) SELECT app_id, {sql['month']}, "
               f"end_user_id, sum(DISTINCT 1 << ({sql['dom']} - 1)) FROM event_days "
               f"GROUP BY app_id, {sql['month']}, end_user_id")
    for interval, period in (("day", "day"), ("week", sql["monday"])):
        op.execute(f"INSERT INTO active_periods (app_id, interval, period, users) SELECT app_id, '{interval}', "
                   f"{period}, count(DISTINCT end_user_id) FROM event_days GROUP BY app_id, {period}")


def downgrade():
    op.drop_table('active_periods')
    op.drop_index('ix_active_months_end_user', table_name='active_months')
    op.drop_table('active_months')
