"""Event ingestion: each client event id stored once per end user, and tour progress kept in step."""
from sqlalchemy import bindparam, select, update

from ..extensions import db
from ..models import App, EndUser, Event, TourProgress, utcnow
from .alerts import raise_missing_target_alerts
from .end_users import SeenUser, add_missing_progress
from .event_store import store_events
from .help_sessions import note_help_events
from .kb_activity import note_article_opened
from .served_app import ServedApp

PROGRESS_EVENTS = {"tour": {"tour_started", "step_viewed", "step_completed", "tour_completed", "tour_dismissed"},
                   "banner": {"experience_shown", "banner_dismissed"},
                   "survey": {"experience_shown", "survey_answered", "survey_dismissed"},
                   "checklist": {"experience_shown", "checklist_task_completed", "checklist_dismissed"},
                   "hotspot": {"experience_shown", "hotspot_opened"}}


def ingest_events(app: ServedApp, user: SeenUser, events: list[dict]) -> tuple[int, int]:
    """Store a validated batch atomically; returns (accepted, duplicates).

    The (end user, client id) unique constraint makes a retried or concurrent batch store nothing
    twice (the SDK resends an event only with the user it was recorded for); progress and rollups follow
    only the events stored now, so a retry never replays them.
    """
    unique = list({e["id"]: e for e in events}.values())
    received = utcnow()
    rows = [(app.id, e["id"], e["type"], user.id, e.get("tour_id"), e.get("tour_version"), e.get("step_id"),
             e.get("article_id"), e.get("query"), e.get("url"), e["ts"], received, e.get("data")) for e in unique]
    stored = store_events(rows)
    fresh = sorted((e for e in unique if e["id"] in stored), key=lambda e: e["ts"])
    _follow_progress(app, user, fresh)
    missing = {(e["tour_id"], e.get("step_id")) for e in fresh if e["type"] == "step_target_missing" and e.get("tour_id")}
    if missing:
        raise_missing_target_alerts(app, missing)
    for e in fresh:
        if e["type"] == "article_viewed":
            note_article_opened(app, user, e.get("article_id"), e.get("query"))
    note_help_events(app.id, user.id, fresh)
    db.session.flush()
    return len(stored), len(events) - len(stored)


_progress = TourProgress.__table__
_UPDATE_PROGRESS = update(_progress).where(_progress.c.id == bindparam("row_id")).values(
    {column: bindparam(column) for column in
     ("status", "step_id", "version", "started_at", "completed_at", "dismissed_at", "updated_at", "data", "shows",
      "last_shown_at")})


def _follow_progress(app: ServedApp, user: SeenUser, events: list[dict]) -> None:
    """Move the user's progress in the published experiences these events name, and in the checklists whose tasks
    they complete (a tour completed, a custom event): one read, one write."""
    experiences = app.experiences
    relevant = []
    for event in events:
        named = experiences.get(event.get("tour_id"))
        if named is not None and event["type"] in PROGRESS_EVENTS[named.kind] and (
                event["type"] != "experience_shown" or named.counts_shows):
            relevant.append((named, event, event.get("step_id")))
        trigger = ("tour", event.get("tour_id")) if event["type"] == "tour_completed" else ("event", event["type"])
        for checklist, task_id in app.task_triggers.get(trigger, ()):
            relevant.append((checklist, {**event, "type": "checklist_task_completed"}, task_id))
    if not relevant:
        return
    tour_ids = {experience.tour_id for experience, _, _ in relevant}
    connection = db.session.connection()
    now = utcnow()
    add_missing_progress(user.id, tour_ids)
    rows = {row["tour_id"]: dict(row) for row in connection.execute(
        select(_progress).where(_progress.c.end_user_id == user.id, _progress.c.tour_id.in_(tour_ids))).mappings()}
    for experience, event, step_id in relevant:
        row = rows[experience.tour_id]
        kind, ts = event["type"], event["ts"]
        if kind in ("tour_started", "experience_shown"):  # a show, for frequency and throttle
            row.update(shows=row["shows"] + 1, last_shown_at=max(row["last_shown_at"] or ts, ts))
        if kind == "tour_started":
            row.update(status="in_progress", step_id=None, started_at=ts, completed_at=None, dismissed_at=None)
        elif kind == "step_viewed" and row["status"] == "in_progress":
            row["step_id"] = step_id or row["step_id"]
        elif kind == "step_completed" and row["status"] == "in_progress":
            row["step_id"] = _step_after(experience.step_ids, step_id) or row["step_id"]
        elif kind in ("tour_completed", "survey_answered"):
            row.update(status="completed", completed_at=ts)
        elif kind in ("tour_dismissed", "banner_dismissed", "survey_dismissed", "checklist_dismissed"):
            row.update(status="dismissed", dismissed_at=ts)
        elif kind == "experience_shown" and row["status"] == "dismissed":  # a checklist the user opened again
            row.update(status="in_progress", dismissed_at=None)
        elif kind in ("checklist_task_completed", "hotspot_opened"):
            _complete_task(experience, row, step_id, ts)
        if experience.kind == "checklist":  # its time to complete counts from the user's first event in it
            row["started_at"] = min(row["started_at"], ts)
        row["version"] = event.get("tour_version") or row["version"]
        row["updated_at"] = now
    connection.execute(_UPDATE_PROGRESS, [{**row, "row_id": row["id"]} for row in rows.values()])


def _complete_task(experience, row: dict, task_id: str | None, ts) -> None:
    """Mark a checklist's task done, or a hotspot seen (once: its first time stays); all done completes it."""
    task_ids = [item["id"] for item in experience.spec.get("tasks") or experience.spec.get("hotspots") or []]
    if task_id not in task_ids:
        return
    done = dict((row["data"] or {}).get("tasks", {}))
    done.setdefault(task_id, ts.isoformat())
    row["data"] = {**(row["data"] or {}), "tasks": done}
    if set(task_ids) <= set(done) and row["status"] != "completed":
        row.update(status="completed", completed_at=ts)


def _step_after(step_ids: list[str], step_id: str | None) -> str | None:
    """Where a user resumes after completing a step: the next one (or the same, if it was the last)."""
    if step_id not in step_ids:
        return step_id
    index = step_ids.index(step_id)
    return step_ids[min(index + 1, len(step_ids) - 1)]


def export_events(app: App, since=None, after: int = 0, limit: int | None = None, through: int | None = None,
                  kinds=None):
    """The app's stored events, oldest first, as plain dicts; `after` is the last `seq` seen, `through` the last one
    wanted, `kinds` a condition on their type."""
    query = (
        select(Event, EndUser.external_id)
        .join(EndUser, EndUser.id == Event.end_user_id)
        .where(Event.app_id == app.id, Event.id > after)
        .order_by(Event.id)
    )
    if through is not None:
        query = query.where(Event.id <= through)
    if kinds is not None:
        query = query.where(kinds)
    if since is not None:
        query = query.where(Event.received_at >= since)
    if limit is not None:
        query = query.limit(limit)
    for event, external_id in db.session.execute(query.execution_options(yield_per=1000)):
        yield {
            "seq": event.id, "id": event.client_id, "type": event.type, "user_id": external_id,
            "tour_id": event.tour_id, "tour_version": event.tour_version, "step_id": event.step_id,
            "article_id": event.article_id, "query": event.query, "url": event.url,
            "ts": event.client_ts, "received_at": event.received_at, "data": event.data,
        }
