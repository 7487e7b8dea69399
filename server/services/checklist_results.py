"""How a checklist (or a set of hotspots) is doing, from its users' progress: who opened it, each task's completion
(each hotspot's opening), how many finished them all and how long it took them (median), and where users stop."""
from statistics import median

from sqlalchemy import func, select

from ..extensions import db
from ..models import App, Event, Tour, TourProgress
from .analytics import percent
from .errors import ServiceError
from .tours import shown_spec

ITEMS = {"checklist": "tasks", "hotspot": "hotspots"}


def checklist_results(app: App, slug: str, kind: str = "checklist") -> dict:
    checklist = db.session.scalar(select(Tour).filter_by(app_id=app.id, slug=slug, type=kind))
    if checklist is None:
        raise ServiceError(404, "not_found", f"No {kind} has this id.")
    spec = shown_spec(checklist)
    items = spec[ITEMS[kind]]
    tasks = [task["id"] for task in items]
    opened = db.session.scalar(select(func.count(Event.end_user_id.distinct())).where(
        Event.app_id == app.id, Event.type == "experience_shown", Event.tour_id == slug)) or 0
    rows = db.session.execute(select(TourProgress.status, TourProgress.data, TourProgress.started_at,
                                     TourProgress.completed_at).where(TourProgress.tour_id == checklist.id)).all()
    done_sets = [set((data or {}).get("tasks", {})) & set(tasks) for _, data, _, _ in rows]
    completed = [(end - start).total_seconds() / 3600 for status, _, start, end in rows
                 if status == "completed" and end is not None and start is not None and end >= start]
    users = len(rows)
    return {
        "checklist_id": slug, "name": spec["name"], "opened": opened, "users": users,
        "completed": len(completed), "completion_rate": percent(len(completed), users),
        "median_hours_to_complete": round(median(completed), 1) if completed else None,
        "dismissed": sum(status == "dismissed" for status, _, _, _ in rows),
        "tasks": [{"task_id": task["id"], "title": task["title"],
                   "done": sum(task["id"] in done for done in done_sets),
                   "rate": percent(sum(task["id"] in done for done in done_sets), users)} for task in items],
        "drop_off": [{"tasks_done": n, "users": sum(len(done) == n for done in done_sets)}
                     for n in range(len(tasks) + 1)],
    }
