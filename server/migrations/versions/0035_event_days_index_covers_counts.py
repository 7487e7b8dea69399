"""ix_event_days_type_day also carries the event counts on PostgreSQL, so the article views (views and viewers per
article) read the index alone.

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-04 19:40:00

"""
from alembic import op

revision = '0035'
down_revision = '0034'
branch_labels = None
depends_on = None


def _index(include: list[str]) -> None:
    op.drop_index('ix_event_days_type_day', table_name='event_days')
    op.create_index('ix_event_days_type_day', 'event_days', ['app_id', 'type', 'day'], postgresql_include=include)


def upgrade():
    _index(['subject', 'end_user_id', 'events'])


def downgrade():
    _index(['subject', 'end_user_id'])
