"""Did an experience change what users do? Its goal (an event, or a page visit, within some days) reached by the
users it was shown to, against its holdout (users held back from it, the same ones on every device): both rates, their difference,
and its 95% confidence interval (Wald, for a difference of two proportions), from events already stored."""
import math
from datetime import timedelta

from sqlalchemy import func, select

from ..extensions import db
from ..models import App, EndUser, Event, Tour
from .errors import ServiceError
from .targeting import in_variant, shown_event
from .tours import shown_spec

Z_95 = 1.959964  # two-sided 95%


def _rate(converted: int, users: int) -> float | None:
    return round(100 * converted / users, 1) if users else None


def goal_results(app: App, slug: str) -> dict:
    experience = db.session.scalar(select(Tour).filter_by(app_id=app.id, slug=slug))
    if experience is None:
        raise ServiceError(404, "not_found", "No experience has this id.")
    spec = shown_spec(experience)
    goal = spec.get("goal")
    if not goal:
        raise ServiceError(409, "no_goal", "This experience has no goal: give it one (goal: {event or page, within_days}).")
    shown_type = shown_event(experience.type)
    groups = {}
    for name, kind in (("shown", shown_type), ("holdout", "experience_held_out")):
        groups[name] = dict(db.session.execute(
            select(Event.end_user_id, func.min(Event.client_ts))
            .where(Event.app_id == app.id, Event.tour_id == slug, Event.type == kind).group_by(Event.end_user_id)).all())
    everyone = set(groups["shown"]) | set(groups["holdout"])
    reached: dict[int, list] = {}
    # A page goal's visits are recorded for this experience alone (its first after the show or the hold-back)
    reaching = (Event.type == goal["event"]) if "event" in goal else \
        ((Event.type == "goal_page_viewed") & (Event.tour_id == slug))
    if everyone:
        for user_id, at in db.session.execute(
                select(Event.end_user_id, Event.client_ts).join(EndUser, EndUser.id == Event.end_user_id)
                .where(EndUser.app_id == app.id, reaching, Event.end_user_id.in_(everyone))):
            reached.setdefault(user_id, []).append(at)
    window = timedelta(days=goal["within_days"])
    out = {"experience_id": slug, "goal": goal, "holdout_percent": spec.get("holdout") or 0}

    def group(starts: dict, users: set) -> tuple[int, int]:
        converted = sum(any(starts[u] <= at <= starts[u] + window for at in reached.get(u, ())) for u in users)
        return converted, len(users)

    shown = group(groups["shown"], set(groups["shown"]))
    held = group(groups["holdout"], {u for u in groups["holdout"] if u not in groups["shown"]})
    out.update(shown=_counts(*shown), holdout=_counts(*held), **_lift(shown, held))
    if spec.get("variant"):  # A/B: the users shown it, by the version their group sees (the same hash as serving)
        external = dict(db.session.execute(select(EndUser.id, EndUser.external_id)
                                           .where(EndUser.id.in_(groups["shown"]))).all()) if groups["shown"] else {}
        b_users = {u for u in groups["shown"] if in_variant(app.secret, spec, slug, external[u])}
        a = group(groups["shown"], set(groups["shown"]) - b_users)
        b = group(groups["shown"], b_users)
        out["variants"] = {"percent_b": spec["variant"]["percent"], "a": _counts(*a), "b": _counts(*b), **_lift(b, a)}
    return out


def _counts(converted: int, users: int) -> dict:
    return {"users": users, "converted": converted, "rate": _rate(converted, users)}


def _lift(first: tuple[int, int], second: tuple[int, int]) -> dict:
    """p1 - p2 in percentage points, with its 95% Wald interval, and whether that interval leaves out 0."""
    (c1, n1), (c2, n2) = first, second
    if not (n1 and n2):
        return {"difference": None, "ci_low": None, "ci_high": None, "significant": False}
    p1, p2 = c1 / n1, c2 / n2
    difference = p1 - p2
    margin = Z_95 * math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    low, high = round(100 * (difference - margin), 1), round(100 * (difference + margin), 1)
    return {"difference": round(100 * difference, 1), "ci_low": low, "ci_high": high,
            "significant": low > 0 or high < 0}
