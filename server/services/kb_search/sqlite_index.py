"""Candidate retrieval on SQLite: the FTS5 word and trigram tables that migrations 0004 and 0008 keep in step.

The word table has a `scope` column ("a12 a12lth"). The trigram tables are partitioned by rowid instead: a row's
rowid is its (app, language) scope's number in kb_fts_scopes times 2^SCOPE_SHIFT plus the article id, so that a
lookup reads its scope's rowid range only, newest first. A lookup in a whole app reads the ranges of each of its
languages.
A search runs a dozen small statements; they go straight to the DB-API cursor of the session's connection (same
transaction), which costs a fraction of what building and reading them through SQLAlchemy does.
"""
import json
from contextlib import contextmanager
from functools import cache

from ...extensions import db

SCOPE_SHIFT = 40  # article ids stay below 2^40, scope numbers below 2^23
_COLUMNS = {"title": "search_title", "any": "{search_title search_body}"}


def _quoted(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _cursor():
    return db.session.connection().connection.cursor()


@contextmanager
def lookups(app_id: int, lang: str | None, limit: int):
    """A function (kind, values, field, newest=False) -> the ids of the `limit` newest published articles of the app
    (and language) that match, for the lookups of one search; see postgres_index for the kinds. FTS5 reads newest
    first anyway, so `newest` costs nothing here."""
    cursor = _cursor()

    @cache  # once per search, and only for searches that look inside words
    def trigram_scopes() -> list[int]:
        where, params = ("app_id = ? AND language = ?", (app_id, lang)) if lang else ("app_id = ?", (app_id,))
        return [row[0] for row in cursor.execute(f"SELECT id FROM kb_fts_scopes WHERE {where}", params)]

    def inside_words(value: str, field: str) -> list[int]:
        table = f"kb_fts_{field}_trigrams"
        arms, params = [], []
        for scope in trigram_scopes():
            arms.append(f"SELECT * FROM (SELECT rowid - ? AS id FROM {table} WHERE {table} MATCH ? "
                        "AND rowid BETWEEN ? AND ? ORDER BY rowid DESC LIMIT ?)")
            start = scope << SCOPE_SHIFT
            params += [start, _quoted(value), start, start + (1 << SCOPE_SHIFT) - 1, limit]
        if not arms:  # nothing was ever published in this scope
            return []
        if len(arms) > 1:  # a whole app: the newest of each of its languages' newest
            arms, params = [" UNION ALL ".join(arms) + " ORDER BY id DESC LIMIT ?"], params + [limit]
        return [row[0] for row in cursor.execute(arms[0], params)]

    def lookup(kind: str, values: list[str], field: str, newest: bool = False) -> list[int]:
        if kind == "substring":
            return inside_words(values[0], field)
        scope = f"a{app_id}l{lang}" if lang else f"a{app_id}"
        match = " AND ".join(map(_quoted, values)) if kind == "words" else _quoted(values[0]) + " *"
        expression = f"scope : {_quoted(scope)} AND {_COLUMNS[field]} : ({match})"
        cursor.execute("SELECT rowid FROM kb_fts_words WHERE kb_fts_words MATCH ? ORDER BY rowid DESC LIMIT ?",
                       (expression, limit))
        return [row[0] for row in cursor.fetchall()]

    try:
        yield lookup
    finally:
        cursor.close()


def rows(columns: tuple[str, ...], ids) -> list[tuple]:
    """These columns of these articles."""
    # By primary key alone: given app_id too, SQLite would rather walk the app's index over every article.
    cursor = _cursor()
    try:
        return cursor.execute(f"SELECT {', '.join(columns)} FROM kb_articles "
                              "WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(list(ids)),)).fetchall()
    finally:
        cursor.close()
