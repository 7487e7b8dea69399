"""knowledge-base search indexes

SQLite: contentless FTS5 tables over the published articles (words; trigrams of titles and of bodies, for
substrings), filled and kept in step by triggers on kb_articles. The word table's `scope` column holds the app
("a12") and the app with the article's language ("a12lth"), so that a word lookup never leaves its app.
PostgreSQL: stored to_tsvector('simple', …) columns with GIN indexes, and pg_trgm GIN indexes.
Everything is named kb_fts_*, which migrations/env.py leaves out of autogenerate.

For later migrations on SQLite: a batch (copy-and-move) alteration of kb_articles drops these triggers, so it
must create them again; and INSERT OR REPLACE on kb_articles would bypass the delete trigger.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 16:00:00
"""
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

_WORDS_TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* Mn Mc Me'"  # keep Thai and Arabic marks in words
_LANGUAGE = ("lower(CASE WHEN instr(replace({r}.locale, '_', '-'), '-') > 0 "
             "THEN substr({r}.locale, 1, instr(replace({r}.locale, '_', '-'), '-') - 1) ELSE {r}.locale END)")


def _rows(r: str) -> dict:
    """Columns and values written to (or, to delete, given back to) each FTS table for the row `r`."""
    return {
        "kb_fts_words": ("rowid, scope, search_title, search_body",
                         f"{r}.id, 'a' || {r}.app_id || ' a' || {r}.app_id || 'l' || {_LANGUAGE.format(r=r)}, "
                         f"{r}.search_title, {r}.search_body"),
        "kb_fts_title_trigrams": ("rowid, search_title", f"{r}.id, {r}.search_title"),
        "kb_fts_body_trigrams": ("rowid, search_body", f"{r}.id, {r}.search_body"),
    }


def _sqlite_upgrade():
    op.execute(f'CREATE VIRTUAL TABLE kb_fts_words USING fts5(scope, search_title, search_body, content=\'\', '
               f'tokenize="{_WORDS_TOKENIZER}")')
    for column in ("title", "body"):  # apart, so that title lookups stay cheap however long the bodies
        op.execute(f"CREATE VIRTUAL TABLE kb_fts_{column}_trigrams USING fts5(search_{column}, content='', "
                   "tokenize='trigram case_sensitive 1')")
    insert = "INSERT INTO {t}({c}) SELECT {v} WHERE {r}.status = 'published';"
    delete = "INSERT INTO {t}({t}, {c}) SELECT 'delete', {v} WHERE {r}.status = 'published';"
    adds = "\n".join(insert.format(t=t, c=c, v=v, r="new") for t, (c, v) in _rows("new").items())
    removes = "\n".join(delete.format(t=t, c=c, v=v, r="old") for t, (c, v) in _rows("old").items())
    op.execute(f"CREATE TRIGGER kb_fts_after_insert AFTER INSERT ON kb_articles BEGIN\n{adds}\nEND")
    op.execute(f"CREATE TRIGGER kb_fts_after_delete AFTER DELETE ON kb_articles BEGIN\n{removes}\nEND")
    op.execute("CREATE TRIGGER kb_fts_after_update AFTER UPDATE OF id, app_id, locale, status, search_title, "
               f"search_body ON kb_articles BEGIN\n{removes}\n{adds}\nEND")
    for table, (columns, values) in _rows("a").items():
        op.execute(f"INSERT INTO {table}({columns}) SELECT {values} FROM kb_articles AS a WHERE a.status = 'published'")


def _postgresql_upgrade():
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in ("title", "body"):
        # Stored, not an expression index: rechecks and row-by-row plans must not re-parse every text.
        op.execute(f"ALTER TABLE kb_articles ADD COLUMN kb_fts_{column} tsvector "
                   f"GENERATED ALWAYS AS (to_tsvector('simple', search_{column})) STORED")
        op.execute(f"CREATE INDEX kb_fts_{column}_words ON kb_articles USING gin (kb_fts_{column})")
        op.execute(f"CREATE INDEX kb_fts_{column}_trigrams ON kb_articles USING gin (search_{column} gin_trgm_ops)")


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_upgrade()
    else:
        _sqlite_upgrade()


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for column in ("title", "body"):
            op.execute(f"DROP INDEX IF EXISTS kb_fts_{column}_trigrams")
            op.execute(f"ALTER TABLE kb_articles DROP COLUMN IF EXISTS kb_fts_{column}")  # and its GIN index
    else:
        for trigger in ("after_insert", "after_delete", "after_update"):
            op.execute(f"DROP TRIGGER IF EXISTS kb_fts_{trigger}")
        for table in ("words", "title_trigrams", "body_trigrams"):
            op.execute(f"DROP TABLE IF EXISTS kb_fts_{table}")
