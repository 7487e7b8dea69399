"""Candidate retrieval on SQLite: the FTS5 word and trigram tables that migration 0004 keeps in step."""
from sqlalchemy import text

from ...extensions import db

_COLUMNS = {"title": "search_title", "any": "{search_title search_body}"}
# The language subtag of a locale, as the migration's triggers write it into the word table's scope.
_LANGUAGE = ("lower(CASE WHEN instr(replace(a.locale, '_', '-'), '-') > 0 "
             "THEN substr(a.locale, 1, instr(replace(a.locale, '_', '-'), '-') - 1) ELSE a.locale END)")


def _quoted(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def matching_ids(kind: str, values: list[str], field: str, app_id: int, lang: str | None, limit: int,
                 newest: bool = True) -> list[int]:
    """The `limit` newest ids of published articles in scope matching `values` (FTS5 reads newest first anyway);
    see postgres_index for the kinds."""
    params = {"limit": limit, "app_id": app_id, "lang": lang}
    if kind == "substring":
        # Trigram tables carry no scope (its trigrams would be in every row): the article row is checked instead.
        table, params["expression"] = f"kb_fts_{field}_trigrams", _quoted(values[0])
        language = f"AND {_LANGUAGE} = :lang" if lang else ""
        sql = f"""SELECT t.rowid FROM {table} AS t CROSS JOIN kb_articles AS a ON a.id = t.rowid
                  WHERE {table} MATCH :expression AND a.app_id = :app_id {language}
                  ORDER BY t.rowid DESC LIMIT :limit"""
    else:
        match = " AND ".join(map(_quoted, values)) if kind == "words" else _quoted(values[0]) + " *"
        scope = f"a{app_id}l{lang}" if lang else f"a{app_id}"
        params["expression"] = f"scope : {_quoted(scope)} AND {_COLUMNS[field]} : ({match})"
        sql = "SELECT rowid FROM kb_fts_words WHERE kb_fts_words MATCH :expression ORDER BY rowid DESC LIMIT :limit"
    return list(db.session.scalars(text(sql), params))
