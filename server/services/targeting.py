"""Which published tours an end user gets on a page, whether each may start by itself, and why (not)."""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import func, select

from ..extensions import db
from ..models import App, Company, CompanyMember, EndUser, Event, TourProgress, utcnow
from ..rules.eligibility import EventCountLeaf, Group, Miss, Subject, compile_targeting, no_events
from .end_users import Progress, SeenUser, seen_end_user
from .errors import ServiceError
from .served_app import CompiledTour, ServedApp, served_app


def url_path(url: str | None) -> str:
    """The path of a page URL ('https://x.test/a/b?c' or '/a/b?c' -> '/a/b')."""
    return urlsplit(url or "/").path or "/"


@dataclass(frozen=True)
class Decision:
    """Whether a tour is sent to a user on a page, whether it may start by itself, and why (not)."""
    sent: bool
    auto: bool
    on_page: bool
    miss: Miss | None  # the rule's first leaf that did not hold (None: it is for them here)
    state: Progress | None


def event_counter(end_user_id: int) -> Callable[[str, datetime], int]:
    """How many times the user did an event since a moment: one index range (events by user, type and time) per
    question, asked only by rules that count events, and remembered for the request."""
    asked: dict[tuple, int] = {}

    def count(event: str, since: datetime) -> int:
        if (event, since) not in asked:
            asked[event, since] = db.session.scalar(select(func.count()).select_from(Event).where(
                Event.end_user_id == end_user_id, Event.type == event, Event.client_ts >= since))
        return asked[event, since]
    return count


def decide(tour: CompiledTour, user: SeenUser, path: str, here: bool | None = None,
           count: Callable[[str, datetime], int] | None = None) -> Decision:
    """The one place a tour is decided for a user and a page (bootstrap and the admin's "why" both ask here).

    A tour is sent when its rule holds (page, then audience) or the user is part-way through it; it may start by
    itself when its spec says so, the user has not opted out and has neither completed nor dismissed it. on_page
    says whether this page is one of the tour's own: a tour under way elsewhere waits, off its pages, for its steps
    without a url to be back where they belong. `here` is the page leaf's answer when the caller has it cached.
    """
    now = utcnow()
    subject = Subject(path, user.traits, now, count or event_counter(user.id), user.company_traits)
    page_miss = tour.rule.page.miss(subject) if here is None else (
        None if here else Miss("page", dict(tour.spec.get("match") or {}), path))
    miss = page_miss or tour.rule.check_audience(subject)
    state = user.progress.get(tour.tour_id)
    if tour.kind != "tour":  # a banner, survey or checklist shows wherever its rules hold, until closed (or done)
        status = state.status if state is not None else "in_progress"
        sent = miss is None and user.opted_out_at is None and (
            status == "in_progress" or (status == "dismissed" and tour.kind == "checklist"))  # reopened by the host
        return Decision(sent, sent and status == "in_progress", page_miss is None, miss, state)
    in_progress = state is not None and state.status == "in_progress"
    sent = in_progress or miss is None
    auto = sent and bool(tour.spec.get("auto", False)) and user.opted_out_at is None and (state is None or in_progress)
    return Decision(sent, auto, page_miss is None, miss, state)


def eligible_tours(app: ServedApp, user: SeenUser, url: str, locale: str) -> list[dict]:
    """Tours matching the page and the user's traits, plus tours the user is part-way through (see `decide`)."""
    path = url_path(url)
    on_page = app.for_page(("tours", path), lambda: frozenset(t.tour_id for t in app.tours if t.matches(path)))
    result = []
    count = event_counter(user.id)
    for tour in app.tours:
        decision = decide(tour, user, path, here=tour.tour_id in on_page, count=count)
        if not decision.sent:
            continue
        payload = tour.render(locale)
        state = decision.state
        result.append({
            **payload,
            "auto": decision.auto,
            "on_page": decision.on_page,
            "progress": {"status": state.status, "step_id": state.step_id, "version": state.version}
            if state is not None and state.status == "in_progress" else None,
        })
    return result


def eligible_experiences(app: ServedApp, user: SeenUser, url: str, locale: str) -> list[dict]:
    """The other experience types this user gets on this page (banners, surveys, checklists with the tasks this user
    has done), each decided by `decide`."""
    if not app.others:
        return []
    path, count = url_path(url), event_counter(user.id)
    sent = []
    for experience in app.others:
        decision = decide(experience, user, path, count=count)
        if not decision.sent:
            continue
        payload = experience.render(locale)
        if experience.kind in ("checklist", "hotspot"):  # with what this user has done of it (every device)
            state = decision.state
            payload = {**payload, "done": sorted(((state.data if state else None) or {}).get("tasks", {}))}
            if experience.kind == "checklist":
                payload["dismissed"] = not decision.auto
        sent.append(payload)
    return sent


def find_published_tour(app: ServedApp, slug: str, locale: str) -> dict | None:
    tour = next((t for t in app.tours if t.slug == slug), None)
    return {**tour.render(locale), "progress": None} if tour else None


def explain_tours(app: App, external_id: str, url: str, slug: str | None = None) -> list[dict]:
    """For each published tour (or the one with `slug`): would this user get it on this page, would it start by
    itself, and why (not), from the same decision bootstrap makes (`decide`) on the same snapshot."""
    snapshot = served_app(app.key)
    tours = [t for t in snapshot.experiences.values() if slug is None or t.slug == slug]
    if slug is not None and not tours:
        raise ServiceError(404, "not_found", "No published experience has this id.")
    user = seen_end_user(app, external_id)
    dates = {row.tour_id: row for row in db.session.scalars(select(TourProgress).filter_by(end_user_id=user.id))}
    path = url_path(url)
    explained = []
    count = event_counter(user.id)
    for tour in tours:
        decision = decide(tour, user, path, count=count)
        explained.append({"tour_id": tour.slug, "type": tour.kind, "name": tour.spec.get("name") or tour.slug,
                          "version": tour.version,
                          "sent": decision.sent, "auto": decision.auto,
                          "reason": _reason(tour, user, decision, dates.get(tour.tour_id))})
    return explained


def _reason(tour: CompiledTour, user: SeenUser, decision: Decision, progress: TourProgress | None) -> dict:
    """Why the decision is what it is, as data (the admin UI words it): the first thing that settles it."""
    state = decision.state
    if state is not None and state.status == "in_progress":
        return {"code": "in_progress", "step_id": state.step_id, "on_page": decision.on_page}
    if decision.miss is not None:
        return {"code": decision.miss.rule, **decision.miss.as_dict()}
    if user.opted_out_at is not None:
        return {"code": "opted_out", "at": user.opted_out_at}
    if state is not None and state.status == "completed":
        return {"code": "completed", "at": progress.completed_at if progress else None}
    if state is not None and state.status == "dismissed":
        return {"code": "dismissed", "at": progress.dismissed_at if progress else None}
    if not decision.auto:
        return {"code": "manual"}
    return {"code": "starts"}


PREVIEW_USERS = 20_000  # the most recently seen end users an audience preview looks at
PREVIEW_USERS_COUNTING = 2_000  # fewer when its rules count events (one index range per user and rule)


def preview_audience(app: App, audience: dict | None) -> dict:
    """How many of the app's most recently seen end users an audience takes now, by the same compiled rule."""
    rule = compile_targeting(None, audience)
    counts = _counts_events(rule.audience)
    limit = PREVIEW_USERS_COUNTING if counts else PREVIEW_USERS
    rows = db.session.execute(
        select(EndUser.id, EndUser.traits, Company.traits)
        .outerjoin(CompanyMember, CompanyMember.end_user_id == EndUser.id)
        .outerjoin(Company, Company.id == CompanyMember.company_id)
        .where(EndUser.app_id == app.id).order_by(EndUser.last_seen_at.desc(), EndUser.id.desc()).limit(limit)).all()
    known = db.session.scalar(select(func.count()).select_from(EndUser).where(EndUser.app_id == app.id))
    now = utcnow()
    matched = sum(rule.check_audience(Subject("/", traits or {}, now, event_counter(user_id) if counts else
                                              no_events, company or {})) is None
                  for user_id, traits, company in rows)
    return {"matched": matched, "checked": len(rows), "known": known}


def _counts_events(leaves) -> bool:
    return any(isinstance(leaf, EventCountLeaf) or (isinstance(leaf, Group) and _counts_events(leaf.children))
               for leaf in leaves)
