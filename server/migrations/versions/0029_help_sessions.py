"""Help sessions, stored (help_sessions): kept up to date as help activity arrives, so the self-service KPIs count
them in the database; filled from the activity already stored (a frozen copy of the rules of
services/help_sessions.py, as they are at this revision).

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-04 16:30:00

"""
from datetime import UTC, timedelta

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0029'
down_revision = '0028'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
GAP = timedelta(minutes=30)
TIME = sa.DateTime(timezone=True)


def upgrade():
    sessions = op.create_table(
        'help_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('app_id', sa.Integer(), nullable=False),
        sa.Column('end_user_id', sa.Integer(), nullable=False),
        sa.Column('started_at', TIME, nullable=False),
        sa.Column('started_day', sa.Date(), nullable=False),
        sa.Column('ended_at', TIME, nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('language', sa.String(length=35), nullable=True),
        sa.Column('language_at', TIME, nullable=True),
        sa.Column('searches', sa.Integer(), nullable=False),
        sa.Column('votes', sa.Integer(), nullable=False),
        sa.Column('articles', JSON, nullable=False),
        sa.Column('article_count', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['app_id'], ['apps.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['end_user_id'], ['end_users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_help_sessions_app_day', 'help_sessions', ['app_id', 'started_day', 'language', 'channel'])
    op.create_index('ix_help_sessions_user_started', 'help_sessions', ['end_user_id', 'started_at'])
    _backfill(op.get_bind(), sessions)


def _backfill(bind, sessions):
    events = sa.table('events', *(sa.column(c) for c in ('app_id', 'end_user_id', 'type', 'article_id')),
                      sa.column('client_ts', TIME), sa.column('data', JSON))
    searches = sa.table('kb_searches', sa.column('app_id'), sa.column('end_user_id'), sa.column('locale'),
                        sa.column('created_at', TIME))
    votes = sa.table('kb_feedback', sa.column('app_id'), sa.column('end_user_id'), sa.column('locale'),
                     sa.column('created_at', TIME))
    articles = sa.table('kb_articles', sa.column('id'), sa.column('locale'))
    locales = dict(bind.execute(sa.select(articles.c.id, articles.c.locale)).all())
    moves = {}
    for app_id, user, kind, at, article_id, data in bind.execute(
            sa.select(events.c.app_id, events.c.end_user_id, events.c.type, events.c.client_ts, events.c.article_id,
                      events.c.data).where(events.c.type.in_(('help_opened', 'article_viewed')))):
        if kind == 'article_viewed':
            text = str(article_id or '')
            number = int(text) if text.isascii() and text.isdigit() and len(text) <= 10 else None
            moves.setdefault((app_id, user), []).append((at, 'article', locales.get(number), number))
        else:
            data = data if isinstance(data, dict) else {}
            moves.setdefault((app_id, user), []).append(
                (at, 'article' if data.get('via') == 'link' else 'open', data.get('locale'), None))
    for table, kind in ((searches, 'search'), (votes, 'vote')):
        for app_id, user, locale, at in bind.execute(
                sa.select(table.c.app_id, table.c.end_user_id, table.c.locale, table.c.created_at)
                .where(table.c.end_user_id.is_not(None))):
            moves.setdefault((app_id, user), []).append((at, kind, locale, None))
    rows = []
    for (app_id, user), items in moves.items():
        current = None
        for at, kind, locale, article in sorted(items, key=lambda item: item[0]):
            if current is None or at - current['ended_at'] > GAP:
                current = {'app_id': app_id, 'end_user_id': user, 'started_at': at, 'ended_at': at,
                           'channel': 'article_link' if kind == 'article' else 'widget', 'language': None,
                           'language_at': None, 'searches': 0, 'votes': 0, 'articles': []}
                rows.append(current)
            current['ended_at'] = at
            language = locale.replace('_', '-').strip().lower().split('-')[0] if isinstance(locale, str) and locale else None
            if language and current['language'] is None:
                current['language'], current['language_at'] = language, at
            current['searches'] += kind == 'search'
            current['votes'] += kind == 'vote'
            if kind == 'article' and article is not None and article not in current['articles']:
                current['articles'].append(article)
    for row in rows:
        row['article_count'] = len(row['articles'])
        started = row['started_at']
        row['started_day'] = (started.astimezone(UTC) if started.tzinfo else started).date()
    if rows:
        op.bulk_insert(sessions, rows)


def downgrade():
    op.drop_index('ix_help_sessions_user_started', table_name='help_sessions')
    op.drop_index('ix_help_sessions_app_day', table_name='help_sessions')
    op.drop_table('help_sessions')
