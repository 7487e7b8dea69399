"""support_requests.after_article: whether the user opened an article in the 24 hours before the request, kept on it
for the self-service KPIs (filled from the events stored); an index to find a user's requests by time.

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-04 19:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0034'
down_revision = '0033'
branch_labels = None
depends_on = None

DAY_BEFORE = {  # created_at minus 24 hours; SQLite keeps 'YYYY-MM-DD HH:MM:SS.ffffff'
    "sqlite": "strftime('%Y-%m-%d %H:%M:%S', support_requests.created_at, '-86400 seconds') "
              "|| substr(support_requests.created_at, 20)",
    "postgresql": "support_requests.created_at - interval '24 hours'",
}


def upgrade():
    with op.batch_alter_table('support_requests') as batch:
        batch.add_column(sa.Column('after_article', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_index('ix_support_requests_user_created', 'support_requests', ['end_user_id', 'created_at'])
    day_before = DAY_BEFORE[op.get_bind().dialect.name]
    op.execute("UPDATE support_requests SET after_article = EXISTS (SELECT 1 FROM events WHERE "
               "events.end_user_id = support_requests.end_user_id AND events.type = 'article_viewed' AND "
               f"events.client_ts >= {day_before} AND events.client_ts <= support_requests.created_at)")


def downgrade():
    op.drop_index('ix_support_requests_user_created', table_name='support_requests')
    with op.batch_alter_table('support_requests') as batch:
        batch.drop_column('after_article')
