"""Everything analytics read besides raw events, recounted from them: what `waypost analytics rebuild` runs."""
from datetime import UTC, datetime, time, timedelta

from flask import current_app

from ..models import App, utcnow
from ..rules.help_sessions import FOLLOW_UP
from .active_users import rebuild_active
from .event_store import rebuild_rollups
from .help_sessions import rebuild_help_sessions
from .kb_activity import recount_search_days
from .support_after_article import recount_after_article


def rebuild_app_rollups(app: App) -> dict:
    """Recounts the app's rollups and help sessions from its raw events: every day, or with retention on, the days
    whose raw events are all still kept (from the day after the retention cutoff); the days before keep theirs."""
    days = current_app.config["WAYPOST_EVENT_RETENTION_DAYS"]
    since = (utcnow() - timedelta(days=days)).date() + timedelta(days=1) if days else None
    rows = rebuild_rollups(app.id, since)
    rebuild_active(app.id)
    recount_search_days(app.id)
    kept_from = since and datetime.combine(since, time.min, tzinfo=UTC)
    sessions = rebuild_help_sessions(app.id, kept_from)
    recount_after_article(app.id, kept_from and kept_from + FOLLOW_UP)  # a request looks back FOLLOW_UP
    return {"rows": rows, "help_sessions": sessions, "since": since}
