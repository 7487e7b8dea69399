"""Candidate retrieval on PostgreSQL: GIN indexes led by kb_fts_scope over to_tsvector('simple', …) and pg_trgm
(migrations 0004 and 0008).

A search runs a dozen small statements; they go straight to the DB-API cursor of the session's connection (same
transaction), which costs a fraction of what building and reading them through SQLAlchemy does.
"""
from contextlib import contextmanager

from ...extensions import db

_WORDS = {"title": "kb_fts_title", "any": "kb_fts_text"}
# Plans are chosen here, not by the planner: its estimates miss how words and languages correlate, and then it
# reads the whole table for a word that only another language uses, or walks the primary key backwards to find
# the newest matches. So every lookup is one bitmap scan of a GIN index whose first column is the scope, and the
# newest matches come from a top-N sort of what it found. Plans are made for the actual values even once the
# driver has prepared a statement: a generic plan would not see that `id > floor` keeps few rows.
_PLANNER = {"enable_seqscan": "off", "enable_indexscan": "off", "plan_cache_mode": "force_custom_plan"}
WINDOW = 8192  # ids: the newest articles, where the newest matches are looked for first


def _lexeme(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _cursor():
    return db.session.connection().connection.cursor()


@contextmanager
def lookups(app_id: int, lang: str | None, limit: int):
    """A function (kind, values, field, newest=False) -> ids of published articles of the app (and language) that
    match, newest first: all of them if there are fewer than `limit`; else `limit` of them, the newest ones only if
    `newest` (dearer: the GIN scan finds the matches in no particular order).

    kind is "words" (every value is a word of the field), "prefix" (a word starts with values[0]) or "substring"
    (values[0] occurs anywhere in the field's text); field is "title", "body" (substrings only) or "any" (title
    or body, not for substrings).
    """
    scope = [f"a{app_id}l{lang}" if lang else f"a{app_id}"]
    cursor = _cursor()
    # For these lookups only, set in one round trip; transaction-local, so that an error ends them with the
    # transaction (the search's other statements are planned as usual).
    names = list(_PLANNER)
    cursor.execute("SELECT (SELECT max(id) FROM kb_articles), " + ", ".join(
        [f"current_setting('{n}')" for n in names] + [f"set_config('{n}', %({n})s, true)" for n in names]), _PLANNER)
    newest_id, *settings = cursor.fetchone()
    before = dict(zip(names, settings))

    def lookup(kind: str, values: list[str], field: str, newest: bool = False) -> list[int]:
        params: dict = {"scope": scope, "limit": limit}
        if kind == "substring":
            params["p0"] = _like(values[0])
            condition = f"search_{field} LIKE %(p0)s"
        else:
            values = [v for v in values if v]  # an empty word is no lexeme: to_tsquery refuses ''
            if not values:
                return []
            params.update({f"p{i}": _lexeme(v) for i, v in enumerate(values)})
            if kind == "prefix":
                params["p0"] += ":*"
            query = " && ".join(f"to_tsquery('simple', %(p{i})s)" for i in range(len(values)))
            condition = f"{_WORDS[field]} @@ ({query})"
        sql = f"SELECT id FROM kb_articles WHERE kb_fts_scope @> %(scope)s::text[] AND {condition}"
        if not newest:
            cursor.execute(sql + " LIMIT %(limit)s", params)
            return sorted((row[0] for row in cursor.fetchall()), reverse=True)
        if newest_id and newest_id > WINDOW:
            # The newest matches are looked for among the newest articles first: when there are enough of them
            # there, only those rows are read from the heap (the primary key's bitmap is ANDed with the GIN's), not
            # every match, and the older ones are never looked for (a LIMIT 0 does not run its plan).
            cursor.execute(f"WITH newest AS MATERIALIZED ({sql} AND id > %(floor)s ORDER BY id DESC LIMIT %(limit)s) "
                           f"SELECT id FROM newest UNION ALL ({sql} AND id <= %(floor)s ORDER BY id DESC "
                           "LIMIT %(limit)s - (SELECT count(*) FROM newest))", {**params, "floor": newest_id - WINDOW})
        else:
            cursor.execute(sql + " ORDER BY id DESC LIMIT %(limit)s", params)
        return sorted((row[0] for row in cursor.fetchall()), reverse=True)

    try:
        yield lookup
        cursor.execute("SELECT " + ", ".join(f"set_config('{n}', %({n})s, true)" for n in names), before)
    finally:
        cursor.close()


def rows(columns: tuple[str, ...], ids) -> list[tuple]:
    """These columns of these articles."""
    cursor = _cursor()
    try:
        cursor.execute(f"SELECT {', '.join(columns)} FROM kb_articles WHERE id = ANY(%s)", (list(ids),))
        return cursor.fetchall()
    finally:
        cursor.close()
