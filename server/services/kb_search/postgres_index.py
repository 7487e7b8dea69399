"""Candidate retrieval on PostgreSQL: the tsvector columns (to_tsvector('simple', …)) and pg_trgm indexes of 0004."""
from contextlib import contextmanager

from sqlalchemy import text

from ...extensions import db

_WORDS = "kb_fts_{field} @@ to_tsquery('simple', :{param})"
_LIKE = "search_{field} LIKE :{param}"
_FIELDS = {"title": ("title",), "body": ("body",), "any": ("title", "body")}


def _lexeme(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _in_fields(template: str, field: str, param: str) -> str:
    return "(" + " OR ".join(template.format(field=f, param=param) for f in _FIELDS[field]) + ")"


def matching_ids(kind: str, values: list[str], field: str, app_id: int, lang: str | None, limit: int,
                 newest: bool = False) -> list[int]:
    """Ids of published articles of the app (and language) matching `values`: all of them, newest first, if there
    are fewer than `limit`; else `limit` of them, the newest ones only if `newest` (that costs a walk).

    kind is "words" (every value is a word of the field), "prefix" (a word starts with values[0]) or "substring"
    (values[0] occurs anywhere in the field's text); field is "title", "body" or (not for substrings) "any".
    """
    params: dict = {"app_id": app_id, "lang": lang, "limit": limit}
    if kind == "words":
        params.update({f"p{i}": _lexeme(v) for i, v in enumerate(values)})
        condition = " AND ".join(_in_fields(_WORDS, field, f"p{i}") for i in range(len(values)))
    else:
        params["p0"] = _lexeme(values[0]) + ":*" if kind == "prefix" else _like(values[0])
        condition = _in_fields(_WORDS if kind == "prefix" else _LIKE, field, "p0")
    language = "AND lower(split_part(replace(locale, '_', '-'), '-', 1)) = :lang" if lang else ""
    where = f"app_id = :app_id AND status = 'published' {language} AND {condition}"
    # Plans are chosen here, not by the planner: its estimates miss how words and apps correlate, and then it walks
    # the whole table for a word that only another app uses. Matches come through the GIN indexes; only when there
    # are `limit` or more, and so they are dense, is the primary key walked backwards to the newest.
    with _planner(enable_seqscan="off", enable_indexscan="off"):
        ids = list(db.session.scalars(text(f"SELECT id FROM kb_articles WHERE {where} LIMIT :limit"), params))
    if len(ids) < limit or not newest:
        return sorted(ids, reverse=True)
    with _planner(enable_seqscan="off", enable_bitmapscan="off"):
        return list(db.session.scalars(
            text(f"SELECT id FROM kb_articles WHERE {where} ORDER BY id DESC LIMIT :limit"), params))


@contextmanager
def _planner(**settings: str):
    """These planner settings for the statements inside, then the previous ones (they would last the transaction)."""
    before = db.session.execute(text("SELECT " + ", ".join(f"current_setting('{n}')" for n in settings))).one()
    _set(settings)
    try:
        yield
    finally:
        _set(dict(zip(settings, before)))


def _set(settings: dict) -> None:
    db.session.execute(text("SELECT " + ", ".join(f"set_config('{n}', :{n}, true)" for n in settings)), settings)
