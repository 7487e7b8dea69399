"""Article ids as events name them, resolved to this app's articles only."""
from sqlalchemy import select

from ..extensions import db
from ..models import KbArticle
from ..rules.article_ids import article_number


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
