"""Whether a support request came after the user read an article (within FOLLOW_UP before it): kept on the request,
so the self-service KPIs count it without reading the event log. The article views of a page may reach the server
after the request they preceded (the snippet sends events in batches), so both sides set it; it outlives raw
events, and a rebuild recounts it where they are all kept."""
from datetime import UTC, datetime

from sqlalchemy import and_, or_, select, update

from ..extensions import db
from ..models import Event, SupportRequest
from ..rules.help_sessions import FOLLOW_UP
from .sql import shifted

ARTICLE_VIEWED = "article_viewed"
LAST = datetime.max.replace(tzinfo=UTC)


def _read_in(user_id, since, at):
    """Whether the user viewed an article between `since` and `at` (values or columns), as an EXISTS."""
    return select(Event.id).where(Event.end_user_id == user_id, Event.type == ARTICLE_VIEWED,
                                  Event.client_ts >= since, Event.client_ts <= at).exists()


def read_before(user_id: int, at: datetime) -> bool:
    return db.session.scalar(select(_read_in(user_id, at - FOLLOW_UP, at)))


def note_articles_read(user_id: int, times: list[datetime]) -> None:
    """The user opened articles at these times: their requests in the FOLLOW_UP after any of them came after one."""
    spans: list[list[datetime]] = []
    for at in sorted(times):
        until = at + FOLLOW_UP if at <= LAST - FOLLOW_UP else LAST  # events may say 9999-12-31
        if spans and at <= spans[-1][1]:
            spans[-1][1] = until
        else:
            spans.append([at, until])
    if spans:
        db.session.execute(update(SupportRequest).where(
            SupportRequest.end_user_id == user_id, SupportRequest.after_article.is_(False),
            or_(*(and_(SupportRequest.created_at >= lo, SupportRequest.created_at <= hi) for lo, hi in spans)))
            .execution_options(synchronize_session=False).values(after_article=True))


def recount_after_article(app_id: int, since: datetime | None) -> None:
    """Recounts the flag of the app's requests made from `since` on (all when None) from raw events."""
    read = _read_in(SupportRequest.end_user_id, shifted(SupportRequest.created_at, -FOLLOW_UP),
                    SupportRequest.created_at)
    db.session.execute(update(SupportRequest).where(
        SupportRequest.app_id == app_id, *([SupportRequest.created_at >= since] if since else []))
        .execution_options(synchronize_session=False).values(after_article=read))
