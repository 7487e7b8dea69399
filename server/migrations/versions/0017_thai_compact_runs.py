"""Articles in scripts without spaces (Thai…) get their runs of words whole again in their search text, so that
part of a word, or a borrowed word ICU cuts, is found (services/kb_search/segment.compact_runs).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 06:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

BATCH = 500


def _reindex(text_of):
    from server.services.kb_search.segment import is_unspaced
    from server.services.kb_search.snippet import markdown_text

    bind = op.get_bind()
    articles = sa.table("kb_articles", sa.column("id"), sa.column("title"), sa.column("body"),
                        sa.column("faq_answer"), sa.column("search_title"), sa.column("search_body"))
    last = 0
    while True:
        rows = bind.execute(sa.select(articles.c.id, articles.c.title, articles.c.body, articles.c.faq_answer)
                            .where(articles.c.id > last).order_by(articles.c.id).limit(BATCH)).all()
        if not rows:
            return
        for article_id, title, body, faq_answer in rows:
            text = markdown_text(body) + " " + (faq_answer or "")
            if is_unspaced(title or "") or is_unspaced(text):
                bind.execute(articles.update().where(articles.c.id == article_id).values(
                    search_title=text_of(title), search_body=text_of(text)))
        last = rows[-1][0]


def upgrade():
    from server.services.kb_search import document_search_text
    _reindex(document_search_text)


def downgrade():
    from server.services.kb_search import search_text
    _reindex(search_text)
