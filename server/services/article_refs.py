"""Article ids as events name them (decimal text), read safely and resolved to this app's articles only."""
from sqlalchemy import select

from ..extensions import db
from ..models import KbArticle

_MAX_ID = 2**31 - 1  # kb_articles.id is an INTEGER on PostgreSQL


def article_number(value) -> int | None:
    """The article id in `value` ("42"), or None for anything no article can have: not ASCII digits
    ("²" passes str.isdigit but int() refuses it), or beyond the column's range."""
    text = str(value) if value is not None else ""
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    number = int(text)
    return number if 0 < number <= _MAX_ID else None



def article_titles(app_id: int, ids, published_only: bool = False) -> dict[int, str]:
    """Titles of this app's articles among `ids` (values as events hold them; unusable ones skipped), by id.

    End users write events, and can name any id in them: another app's article, or a draft.
    """
    numbers = {n for n in map(article_number, ids) if n is not None}
    if not numbers:
        return {}
    query = select(KbArticle.id, KbArticle.title).where(KbArticle.app_id == app_id, KbArticle.id.in_(numbers))
    if published_only:
        query = query.where(KbArticle.status == "published")
    return dict(db.session.execute(query).all())
