"""Daily counts of help sessions (per language, channel, with an article opened or not) and of logged searches (per
locale, found nothing or not, an article opened after or not), filled from the sessions and the search log.

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-04 18:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0032'
down_revision = '0031'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'help_session_days',
        sa.Column('app_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('language', sa.String(length=35), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('with_article', sa.Integer(), nullable=False),
        sa.Column('sessions', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['app_id'], ['apps.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('app_id', 'day', 'language', 'channel', 'with_article', name='pk_help_session_days'),
    )
    op.create_table(
        'search_days',
        sa.Column('app_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('locale', sa.String(length=35), nullable=False),
        sa.Column('zero_results', sa.Integer(), nullable=False),
        sa.Column('opened', sa.Integer(), nullable=False),
        sa.Column('searches', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['app_id'], ['apps.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('app_id', 'day', 'locale', 'zero_results', 'opened', name='pk_search_days'),
    )
    day = "substr(created_at, 1, 10)" if op.get_bind().dialect.name == 'sqlite' else "date(timezone('UTC', created_at))"
    with_article = "CASE WHEN article_count > 0 THEN 1 ELSE 0 END"
    op.execute(f"INSERT INTO help_session_days (app_id, day, language, channel, with_article, sessions) "
               f"SELECT app_id, started_day, coalesce(language, ''), channel, {with_article}, count(*) "
               f"FROM help_sessions GROUP BY app_id, started_day, coalesce(language, ''), channel, {with_article}")
    zero = "CASE WHEN result_count = 0 THEN 1 ELSE 0 END"
    opened = "CASE WHEN opened_article_id IS NOT NULL THEN 1 ELSE 0 END"
    op.execute(f"INSERT INTO search_days (app_id, day, locale, zero_results, opened, searches) "
               f"SELECT app_id, {day}, coalesce(locale, ''), {zero}, {opened}, count(*) FROM kb_searches "
               f"GROUP BY app_id, {day}, coalesce(locale, ''), {zero}, {opened}")


def downgrade():
    op.drop_table('search_days')
    op.drop_table('help_session_days')
