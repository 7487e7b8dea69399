"""knowledge-base search: the app and language scope inside every search index

A lookup for a word that is common in one language but absent from the searched one used to read every article
that has it and then drop them one by one: on SQLite the trigram tables had no scope, so each match was joined
back to kb_articles; on PostgreSQL the app and language were checked on the heap rows after the GIN scan.

SQLite: each (app, language) scope is numbered in kb_fts_scopes, and a trigram row's rowid is that number times
2^40 plus the article id. A lookup in one scope is then a rowid range, which FTS5 seeks to directly, and its rows
still come newest first. (A scope column would not do: the trigram tokenizer cuts it into tokens that the scopes
share, and intersecting a scope's rows with a word's is what is slow.) Article ids stay below 2^40, scope numbers
below 2^23. The word table keeps its scope column: single-word doclists are cheap to intersect.
PostgreSQL: kb_fts_scope, a stored text[] with the scope names of the word table ({} unless published), leads
every GIN index, so that one index scan intersects the scope with the words or trigrams. kb_fts_text (the words
of title and body) replaces kb_fts_body: a lookup "anywhere" is then one index scan too.

As 0004 says: a later batch (copy-and-move) alteration of kb_articles on SQLite drops the triggers, and must create
them again as they are here.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 18:30:00
"""
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

_LANGUAGE = ("lower(CASE WHEN instr(replace({r}.locale, '_', '-'), '-') > 0 "
             "THEN substr({r}.locale, 1, instr(replace({r}.locale, '_', '-'), '-') - 1) ELSE {r}.locale END)")
_SCOPE = "(SELECT s.id FROM kb_fts_scopes AS s WHERE s.app_id = {r}.app_id AND s.language = {language})"
_TRIGRAM_TABLES = ("kb_fts_title_trigrams", "kb_fts_body_trigrams")


def _rowid(r: str, scoped: bool) -> str:
    """The trigram tables' rowid for row `r`: see sqlite_index.SCOPE_SHIFT."""
    return f"({_SCOPE.format(r=r, language=_LANGUAGE.format(r=r))} << 40) + {r}.id" if scoped else f"{r}.id"


def _rows(r: str, scoped: bool) -> dict:
    """Columns and values written to (or, to delete, given back to) each FTS table for the row `r`."""
    language = _LANGUAGE.format(r=r)
    return {
        "kb_fts_words": ("rowid, scope, search_title, search_body",
                         f"{r}.id, 'a' || {r}.app_id || ' a' || {r}.app_id || 'l' || {language}, "
                         f"{r}.search_title, {r}.search_body"),
        **{table: (f"rowid, search_{column}", f"{_rowid(r, scoped)}, {r}.search_{column}")
           for table, column in zip(_TRIGRAM_TABLES, ("title", "body"))},
    }


def _sqlite_triggers(scoped: bool) -> None:
    insert = "INSERT INTO {t}({c}) SELECT {v} WHERE {r}.status = 'published';"
    delete = "INSERT INTO {t}({t}, {c}) SELECT 'delete', {v} WHERE {r}.status = 'published';"
    # Numbered before the rows that need the number, and never deleted, so that deletes find the same rowid.
    # (Not INSERT OR IGNORE: the conflict clause of the statement that fires a trigger overrides the trigger's.)
    number = (f"INSERT INTO kb_fts_scopes(app_id, language) SELECT new.app_id, {_LANGUAGE.format(r='new')} "
              f"WHERE new.status = 'published' AND {_SCOPE.format(r='new', language=_LANGUAGE.format(r='new'))} "
              "IS NULL;")
    adds = "\n".join(([number] if scoped else []) +
                     [insert.format(t=t, c=c, v=v, r="new") for t, (c, v) in _rows("new", scoped).items()])
    removes = "\n".join(delete.format(t=t, c=c, v=v, r="old") for t, (c, v) in _rows("old", scoped).items())
    op.execute(f"CREATE TRIGGER kb_fts_after_insert AFTER INSERT ON kb_articles BEGIN\n{adds}\nEND")
    op.execute(f"CREATE TRIGGER kb_fts_after_delete AFTER DELETE ON kb_articles BEGIN\n{removes}\nEND")
    op.execute("CREATE TRIGGER kb_fts_after_update AFTER UPDATE OF id, app_id, locale, status, search_title, "
               f"search_body ON kb_articles BEGIN\n{removes}\n{adds}\nEND")


def _sqlite_trigram_tables(scoped: bool) -> None:
    """The trigram tables and triggers of 0008 (scoped) or 0004, filled from kb_articles."""
    for trigger in ("after_insert", "after_delete", "after_update"):
        op.execute(f"DROP TRIGGER IF EXISTS kb_fts_{trigger}")
    for table, column in zip(_TRIGRAM_TABLES, ("title", "body")):
        op.execute(f"DROP TABLE IF EXISTS {table}")
        op.execute(f"CREATE VIRTUAL TABLE {table} USING fts5(search_{column}, content='', "
                   "tokenize='trigram case_sensitive 1')")
    if scoped:
        op.execute("CREATE TABLE kb_fts_scopes (id INTEGER PRIMARY KEY, app_id INTEGER NOT NULL, "
                   "language TEXT NOT NULL, UNIQUE (app_id, language))")
        op.execute(f"INSERT INTO kb_fts_scopes(app_id, language) SELECT DISTINCT a.app_id, {_LANGUAGE.format(r='a')} "
                   "FROM kb_articles AS a WHERE a.status = 'published' ORDER BY 1, 2")
    else:
        op.execute("DROP TABLE IF EXISTS kb_fts_scopes")
    for table in _TRIGRAM_TABLES:
        columns, values = _rows("a", scoped)[table]
        op.execute(f"INSERT INTO {table}({columns}) SELECT {values} FROM kb_articles AS a WHERE a.status = 'published'")
    _sqlite_triggers(scoped)


_PG_SCOPE = ("CASE WHEN status = 'published' THEN ARRAY['a' || app_id::text, 'a' || app_id::text || 'l' || "
             "lower(split_part(replace(locale, '_', '-'), '-', 1))] ELSE '{}'::text[] END")


def _postgresql_upgrade():
    for index in ("title_words", "title_trigrams", "body_trigrams"):
        op.execute(f"DROP INDEX IF EXISTS kb_fts_{index}")
    op.execute("ALTER TABLE kb_articles DROP COLUMN kb_fts_body, "  # and its index
               f"ADD COLUMN kb_fts_scope text[] GENERATED ALWAYS AS ({_PG_SCOPE}) STORED, "
               "ADD COLUMN kb_fts_text tsvector "
               "GENERATED ALWAYS AS (to_tsvector('simple', search_title || ' ' || search_body)) STORED")
    op.execute("CREATE INDEX kb_fts_title_words ON kb_articles USING gin (kb_fts_scope, kb_fts_title)")
    op.execute("CREATE INDEX kb_fts_text_words ON kb_articles USING gin (kb_fts_scope, kb_fts_text)")
    for column in ("title", "body"):
        op.execute(f"CREATE INDEX kb_fts_{column}_trigrams ON kb_articles "
                   f"USING gin (kb_fts_scope, search_{column} gin_trgm_ops)")


def _postgresql_downgrade():
    for index in ("title_words", "title_trigrams", "body_trigrams"):
        op.execute(f"DROP INDEX IF EXISTS kb_fts_{index}")
    op.execute("ALTER TABLE kb_articles DROP COLUMN kb_fts_text, DROP COLUMN kb_fts_scope, "
               "ADD COLUMN kb_fts_body tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_body)) STORED")
    for column in ("title", "body"):
        op.execute(f"CREATE INDEX kb_fts_{column}_words ON kb_articles USING gin (kb_fts_{column})")
        op.execute(f"CREATE INDEX kb_fts_{column}_trigrams ON kb_articles USING gin (search_{column} gin_trgm_ops)")


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_upgrade()
    else:
        _sqlite_trigram_tables(scoped=True)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_downgrade()
    else:
        _sqlite_trigram_tables(scoped=False)
