"""Everything analytics read besides raw events, recounted from them: what `waypost analytics rebuild` runs."""
from datetime import UTC, datetime, time, timedelta

from flask import current_app

from ..models import App, utcnow
from .active_users import rebuild_active
from .event_store import rebuild_rollups
from .help_sessions import rebuild_help_sessions
from .kb_activity import recount_search_days


def rebuild_app_rollups(app: App) -> dict:
    """Recounts the app's rollups and help sessions from its raw events: every day, or with retention on, the days
    whose raw events are all still kept (from the day after the retention cutoff); the days before keep theirs."""
    days = current_app.config["WAYPOST_EVENT_RETENTION_DAYS"]
    since = (utcnow() - timedelta(days=days)).date() + timedelta(days=1) if days else None
    rows = rebuild_rollups(app.id, since)
    rebuild_active(app.id)
    recount_search_days(app.id)
    sessions = rebuild_help_sessions(app.id, since and datetime.combine(since, time.min, tzinfo=UTC))
    return {"rows": rows, "help_sessions": sessions, "since": since}
