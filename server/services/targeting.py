"""Which published experiences an end user gets on a page, whether each may start by itself, and why (not):
rules, frequency, holdout, priority and the app's throttle."""
import hashlib
import hmac
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urlsplit

from sqlalchemy import bindparam, func, select

from ..extensions import db
from ..models import App, Company, CompanyMember, EndUser, Event, TourProgress, utcnow
from ..rules.eligibility import Miss, Subject, compile_targeting, counted_events, no_events
from .end_users import Progress, SeenUser, seen_end_user
from .errors import ServiceError
from .event_counts import Counts, CountsPlan, counts_plan, counts_select
from .event_store import store_events
from .served_app import CompiledTour, ServedApp, served_app


def url_path(url: str | None) -> str:
    """The path of a page URL ('https://x.test/a/b?c' or '/a/b?c' -> '/a/b')."""
    return urlsplit(url or "/").path or "/"


class Decision(NamedTuple):  # made for every experience on every page: a tuple is the cheapest record
    """Whether an experience is sent to a user on a page, whether it may start by itself, and why (not)."""
    sent: bool
    auto: bool
    on_page: bool
    miss: Miss | None  # the rule's first leaf that did not hold (None: it is for them here)
    state: Progress | None
    held: dict | None = None  # what its frequency or the app's throttle says, when it holds it back


def event_counter(end_user_id: int, now: datetime, counted: frozenset[tuple[str, float]] = frozenset(),
                  known: Counts | None = None) -> Callable[[str, float], int]:
    """How many times the user did an event in the last days as of `now`, remembered for the request. `known` holds
    counts read already (bootstrap reads its page's with the user); the first question they do not answer asks every
    count in `counted` ((event, within_days) pairs: what the app's rules count) in one query; a question outside them
    is one query of its own."""
    asked: Counts = dict(known or {})
    unread = bool(counted)

    def count(event: str, days: float) -> int:
        nonlocal unread
        if (event, days) not in asked and unread:
            unread = False
            plan = counts_plan(counted)
            row = db.session.connection().execute(_counter_select(plan), {"user": end_user_id, **plan.params(now)}).one()
            asked.update(plan.read(row))
        if (event, days) not in asked:
            asked[event, days] = db.session.scalar(select(func.count()).select_from(Event).where(
                Event.end_user_id == end_user_id, Event.type == event, Event.client_ts >= now - timedelta(days=days)))
        return asked[event, days]
    return count


@lru_cache(maxsize=64)
def _counter_select(plan: CountsPlan):
    return counts_select(plan, bindparam("user"))


# What keeps an experience from showing again, by its frequency (absent: until completed or dismissed)
_ENDS = {None: {"completed", "dismissed"}, "once": {"completed", "dismissed"}, "until_completed": {"completed"},
         "every_visit": set(), "every_days": set()}


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def frequency_hold(spec: dict, state: Progress | None, now: datetime) -> dict | None:
    """Why the experience's frequency keeps it from showing to this user again now (as data), or None. An
    experience the user completed or dismissed is held as before frequencies existed (`completed`/`dismissed`)."""
    if state is None:
        return None
    frequency = spec.get("frequency") or {}
    show = frequency.get("show")
    if state.status in _ENDS[show]:
        return {"code": state.status}
    if frequency.get("max_shows") and state.shows >= frequency["max_shows"]:
        return {"code": "frequency", "show": show, "shows": state.shows, "max_shows": frequency["max_shows"]}
    if show == "once" and state.shows >= 1:
        return {"code": "frequency", "show": show, "shows": state.shows, "last_shown_at": _iso(state.last_shown_at)}
    if show == "every_days" and state.last_shown_at is not None:
        again = state.last_shown_at + timedelta(days=frequency["days"])
        if now < again:
            return {"code": "frequency", "show": show, "days": frequency["days"],
                    "last_shown_at": _iso(state.last_shown_at), "next_at": _iso(again)}
    return None


def _page_miss(tour: CompiledTour, path: str) -> Miss:
    return Miss("page", dict(tour.spec.get("match") or {}), path)


def off_page(tour: CompiledTour, path: str) -> Decision:
    """The decision for an experience whose pages this is not, for a user with nothing of it under way or held."""
    return Decision(False, False, False, _page_miss(tour, path), None)


def decide(tour: CompiledTour, user: SeenUser, subject: Subject, here: bool | None = None,
           holds: bool = False) -> Decision:
    """One experience decided for a user on the subject's page, before the app's throttle (`decide_page` applies
    it, with one subject for all the page's experiences, so that the rules they share are answered once).

    A tour is sent when its rule holds (page, then audience) or the user is part-way through it; it may start by
    itself when its spec says so, the user has not opted out and its frequency allows it (by default: not completed
    nor dismissed). on_page says whether this page is one of the tour's own: a tour under way elsewhere waits, off
    its pages, for its steps without a url to be back where they belong. `here` is the page leaf's answer when the
    caller has it cached, and `holds` that the audience is known to hold (`AudienceIndex`). Other types are sent
    when their rule holds and their frequency allows it.
    """
    state = user.progress.get(tour.tour_id)
    if here is False and state is None:  # not this page's, and nothing of it under way or held: all is said
        return off_page(tour, subject.path)
    page_miss = tour.rule.page.miss(subject) if here is None else (
        None if here else _page_miss(tour, subject.path))
    miss = page_miss or (None if holds else tour.rule.check_audience(subject))
    held = frequency_hold(tour.spec, state, subject.now)
    if tour.kind != "tour":  # a banner, survey, checklist or hotspot shows wherever its rules hold, until done
        reopenable = tour.kind == "checklist" and held == {"code": "dismissed"}  # opened again by the host
        sent = miss is None and user.opted_out_at is None and (held is None or reopenable)
        return Decision(sent, sent and held is None, page_miss is None, miss, state, held)
    in_progress = state is not None and state.status == "in_progress"
    sent = in_progress or miss is None
    auto = sent and bool(tour.spec.get("auto", False)) and user.opted_out_at is None and (in_progress or held is None)
    return Decision(sent, auto, page_miss is None, miss, state, None if in_progress else held)


SESSION_GAP = timedelta(minutes=30)  # shows this close together are one session (as help sessions are counted)


def _throttle_hold(app: ServedApp, user: SeenUser, now: datetime) -> dict | None:
    """Whether the app's throttle lets one more experience start by itself for this user now."""
    limits = app.throttle
    progress = [p for tour_id, p in user.progress.items() if tour_id in app.interrupting]  # not banners, hotspots…
    quiet = limits.get("quiet_hours")
    if quiet:
        dismissed = max((p.dismissed_at for p in progress if p.dismissed_at is not None), default=None)
        if dismissed is not None and now - dismissed < timedelta(hours=quiet):
            return {"code": "throttled", "why": "quiet", "dismissed_at": _iso(dismissed),
                    "until": _iso(dismissed + timedelta(hours=quiet))}
    for why, window in (("session", SESSION_GAP), ("day", timedelta(days=1))):
        limit = limits.get(f"per_{why}")
        if limit is None:
            continue
        shown = sum(1 for p in progress if p.last_shown_at is not None and now - p.last_shown_at < window)
        if shown >= limit:
            return {"code": "throttled", "why": why, "limit": limit, "shown": shown}
    return None


def _resuming(experience: CompiledTour, decision: Decision) -> bool:
    return experience.kind == "tour" and decision.state is not None and decision.state.status == "in_progress"


def _starts_by_itself(experience: CompiledTour, decision: Decision) -> bool:
    """A new show that would begin by itself as the page loads: a tour to auto-start, or a survey asked at once."""
    if experience.kind == "tour":
        return decision.auto and not _resuming(experience, decision) and experience.later_trigger is None
    return experience.kind == "survey" and decision.sent and (experience.spec.get("trigger") or {}).get("on") != "event"


def _waits_for_trigger(experience: CompiledTour, decision: Decision) -> bool:
    """A tour that would start by itself later on this page, when its trigger fires."""
    return decision.auto and not _resuming(experience, decision) and experience.later_trigger is not None


def _share(secret: str, salt: str, external_id: str) -> int:
    """0-99, the same for a user on every device and every request (a hash of the app's secret, what it is for and
    the user), never stored."""
    digest = hmac.new(secret.encode(), f"{salt}:{external_id}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") % 100


def in_holdout(app: ServedApp, experience: CompiledTour, user: SeenUser) -> bool:
    """Whether the user is in the experience's holdout (never shown it)."""
    percent = experience.spec.get("holdout") or 0
    return bool(percent) and _share(app.secret, experience.slug, user.external_id) < percent


def in_variant(secret: str, spec: dict, slug: str, external_id: str) -> bool:
    """Whether the user sees the experience's A/B variant (B) rather than its own version (A)."""
    percent = (spec.get("variant") or {}).get("percent") or 0
    return bool(percent) and _share(secret, f"variant:{slug}", external_id) < percent


def render_for(app: ServedApp, experience: CompiledTour, user_external_id: str, locale: str) -> dict:
    """The payload this user gets: of the version their A/B group sees, saying which (`variant` a or b)."""
    if not experience.variant_spec:
        return experience.render(locale)
    b = in_variant(app.secret, experience.spec, experience.slug, user_external_id)
    return {**experience.render(locale, b), "variant": "b" if b else "a"}


class PageTours(NamedTuple):
    """What a page's tours are, computed once per snapshot and page: their ids, and the event counts their rules
    and the other types' may ask (what bootstrap reads with the user)."""
    ids: frozenset
    counted: frozenset[tuple[str, float]]


def page_tours(app: ServedApp, path: str) -> PageTours:
    def compute() -> PageTours:
        tours = [t for t in app.tours if t.matches(path)]
        return PageTours(frozenset(t.tour_id for t in tours),
                         frozenset().union(*(counted_events(e.rule.audience) for e in (*tours, *app.others))))
    return app.for_page(("tours", path), compute)


class PageDecisions(Mapping):
    """Slug → (experience, Decision) for every published experience, in the app's order. `live` holds the ones
    decided for this user in full (the tours of this page that may be for them, the tours under way or held for
    them, and the other types); the rest are not sent, and decided only when asked for: the tours of this page
    whose audience the index rules out, and `off_page` the others."""

    def __init__(self, app: ServedApp, user: SeenUser, subject: Subject, page: PageTours, live: dict):
        self.app, self.user, self.subject, self.page, self.live = app, user, subject, page, live

    def __getitem__(self, slug: str) -> tuple[CompiledTour, Decision]:
        found = self.live.get(slug)
        if found is None:
            experience = self.app.experiences[slug]
            found = (experience, decide(experience, self.user, self.subject, True)
                     if experience.tour_id in self.page.ids else off_page(experience, self.subject.path))
        return found

    def __iter__(self):
        return iter(self.app.experiences)

    def __len__(self) -> int:
        return len(self.app.experiences)


def decide_page(app: ServedApp, user: SeenUser, path: str) -> PageDecisions:
    """Every published experience decided for this user and page, then the app's throttle and the priorities: at
    most one experience starts by itself as the page loads (the highest priority, then the first id), none when the
    throttle says so; the others are held (a tour stays startable by hand, a survey is not sent) until a later page.
    A tour with a later trigger is armed unless the throttle holds it (the snippet starts it only when no tour is
    on screen)."""
    now = utcnow()
    page = page_tours(app, path)
    subject = Subject(path, user.traits, now, event_counter(user.id, now, app.counted_events, user.counts),
                      user.company_traits)
    progress = user.progress
    holding = page.ids - app.audiences.ruled_out(subject, page.ids)  # of these, the indexed ones hold
    live = {t.slug: (t, decide(t, user, subject, t.tour_id in page.ids,
                               t.tour_id in holding and t.tour_id in app.audiences.indexed))
            for t in app.tours if t.tour_id in holding or t.tour_id in progress}
    live.update({e.slug: (e, decide(e, user, subject)) for e in app.others})
    for slug, (experience, decision) in live.items():
        if decision.sent and not _resuming(experience, decision) and in_holdout(app, experience, user):
            held = {"code": "holdout", "percent": experience.spec["holdout"]}
            live[slug] = (experience, decision._replace(sent=False, auto=False, held=held))
    resuming = next((slug for slug, (t, d) in live.items() if t.kind == "tour" and d.on_page and d.state is not None
                     and d.state.status == "in_progress"), None)
    candidates = sorted((slug for slug, (t, d) in live.items() if _starts_by_itself(t, d)),
                        key=lambda slug: (-live[slug][0].priority, slug))
    armed = [slug for slug, (t, d) in live.items() if _waits_for_trigger(t, d)]
    throttled = _throttle_hold(app, user, now) if candidates or armed else None
    first = resuming or (candidates[0] if candidates and throttled is None else None)
    for slug in armed if throttled is not None else ():
        experience, decision = live[slug]
        live[slug] = (experience, decision._replace(auto=False, held=throttled))
    for slug in candidates:
        if slug == first:
            continue
        experience, decision = live[slug]
        held = throttled or {"code": "throttled", "why": "page", "by": first}
        sent = decision.sent and experience.kind == "tour"
        live[slug] = (experience, Decision(sent, False, decision.on_page, decision.miss, decision.state, held))
    return PageDecisions(app, user, subject, page, live)


HELD_OUT = uuid.UUID("6b1f3c52-5d2e-4f51-9a57-2f1c8e4a7d10")  # names the one held-out event per user and experience


def record_holdouts(app: ServedApp, user: SeenUser, decided: PageDecisions, url: str) -> None:
    """Stores when each held-out user was first held back here (`experience_held_out`, once per user and
    experience): the start of their goal window, as a show is for the others."""
    held = [experience for experience, decision in decided.live.values()
            if decision.held is not None and decision.held["code"] == "holdout"]
    if not held:
        return
    now = utcnow()
    rows = [(app.id, str(uuid.uuid5(HELD_OUT, f"{e.slug}:{user.id}")), "experience_held_out", user.id, e.slug,
             e.version, None, None, None, url[:2048], now, now, None) for e in held]
    store_events(rows)


GOAL_PAGE = uuid.UUID("0f7d2c8e-3b6a-4e1f-8c59-7a4d1e2b9c63")  # names the one goal-page visit per user and experience


def shown_event(kind: str) -> str:
    """The event that marks a show of an experience of this kind (the start of its goal window)."""
    return "tour_started" if kind == "tour" else "experience_shown"


def record_goal_pages(app: ServedApp, user: SeenUser, path: str, url: str) -> None:
    """Stores the user's first visit to an experience's goal page after they were shown it or held back from it
    (`goal_page_viewed`, once per user and experience): what its goal results count, as an event goal's event."""
    for experience, matches in app.page_goals:
        if not matches(path):
            continue
        kinds = set(db.session.scalars(select(Event.type).distinct().where(
            Event.end_user_id == user.id, Event.tour_id == experience.slug,
            Event.type.in_((shown_event(experience.kind), "experience_held_out", "goal_page_viewed")))))
        if kinds and "goal_page_viewed" not in kinds:
            now = utcnow()
            row = (app.id, str(uuid.uuid5(GOAL_PAGE, f"{experience.slug}:{user.id}")), "goal_page_viewed", user.id,
                   experience.slug, experience.version, None, None, None, url[:2048], now, now, None)
            store_events([row])


def eligible_tours(app: ServedApp, user: SeenUser, url: str, locale: str,
                   decided: PageDecisions | None = None) -> list[dict]:
    """Tours matching the page and the user's traits, plus tours the user is part-way through (see `decide`), the
    highest priority first."""
    decided = decided if decided is not None else decide_page(app, user, url_path(url))
    result = []
    tours = sorted((pair for pair in decided.live.values() if pair[0].kind == "tour"),
                   key=lambda pair: (-pair[0].priority, pair[0].slug))
    for tour, decision in tours:
        if not decision.sent:
            continue
        payload = render_for(app, tour, user.external_id, locale)
        state = decision.state
        item = {
            **payload,
            "auto": decision.auto and tour.later_trigger is None,
            "on_page": decision.on_page,
            "progress": {"status": state.status, "step_id": state.step_id, "version": state.version}
            if state is not None and state.status == "in_progress" else None,
        }
        if decision.auto and state is not None and state.status in ("completed", "dismissed"):
            item["repeat"] = True  # shown again by its frequency: the browser's own "done" mark does not hold it
        result.append(item)
    return result


def eligible_experiences(app: ServedApp, user: SeenUser, url: str, locale: str,
                         decided: PageDecisions | None = None) -> list[dict]:
    """The other experience types this user gets on this page (banners, surveys, checklists with the tasks this user
    has done), each decided by `decide_page`, and the tours armed on a later trigger (`type: tour`, their id and
    trigger: the tour itself is in `tours`)."""
    if not app.others and not app.triggered:
        return []
    decided = decided if decided is not None else decide_page(app, user, url_path(url))
    sent = []
    for tour in app.triggered:
        decision = decided[tour.slug][1]
        if decision.auto:
            state = decision.state
            armed = {"id": tour.slug, "type": "tour", "version": tour.version, "trigger": tour.spec["trigger"]}
            if state is not None and state.status in ("completed", "dismissed"):
                armed["repeat"] = True
            sent.append(armed)
    for experience in app.others:
        decision = decided[experience.slug][1]
        if not decision.sent:
            continue
        payload = render_for(app, experience, user.external_id, locale)
        if experience.kind in ("checklist", "hotspot"):  # with what this user has done of it (every device)
            state = decision.state
            payload = {**payload, "done": sorted(((state.data if state else None) or {}).get("tasks", {}))}
            if experience.kind == "checklist":
                payload["dismissed"] = not decision.auto
        sent.append(payload)
    return sent


def find_published_tour(app: ServedApp, slug: str, locale: str, external_id: str) -> dict | None:
    tour = next((t for t in app.tours if t.slug == slug), None)
    return {**render_for(app, tour, external_id, locale), "progress": None} if tour else None


def explain_tours(app: App, external_id: str, url: str, slug: str | None = None) -> list[dict]:
    """For each published experience (or the one with `slug`): would this user get it on this page, would it start
    by itself, and why (not), from the same decisions bootstrap makes (`decide_page`) on the same snapshot."""
    snapshot = served_app(app.key)
    if slug is not None and slug not in snapshot.experiences:
        raise ServiceError(404, "not_found", "No published experience has this id.")
    user = seen_end_user(app, external_id)
    dates = {row.tour_id: row for row in db.session.scalars(select(TourProgress).filter_by(end_user_id=user.id))}
    decided = decide_page(snapshot, user, url_path(url))
    explained = []
    for tour, decision in decided.values():
        if slug is not None and tour.slug != slug:
            continue
        explained.append({"tour_id": tour.slug, "type": tour.kind, "name": tour.spec.get("name") or tour.slug,
                          "version": tour.version, "sent": decision.sent, "auto": decision.auto,
                          "reason": _reason(tour, user, decision, dates.get(tour.tour_id))})
    return explained


def _reason(tour: CompiledTour, user: SeenUser, decision: Decision, progress: TourProgress | None) -> dict:
    """Why the decision is what it is, as data (the admin UI words it): the first thing that settles it."""
    state = decision.state
    if state is not None and state.status == "in_progress" and tour.kind == "tour":
        return {"code": "in_progress", "step_id": state.step_id, "on_page": decision.on_page}
    if decision.miss is not None:
        return {"code": decision.miss.rule, **decision.miss.as_dict()}
    if user.opted_out_at is not None:
        return {"code": "opted_out", "at": user.opted_out_at}
    held = decision.held
    if held is not None and held["code"] == "completed":
        return {"code": "completed", "at": progress.completed_at if progress else None}
    if held is not None and held["code"] == "dismissed":
        return {"code": "dismissed", "at": progress.dismissed_at if progress else None}
    if held is not None:
        return held
    if not decision.auto:
        return {"code": "manual"}
    trigger = tour.later_trigger
    return {"code": "starts", "trigger": trigger} if trigger else {"code": "starts"}


PREVIEW_USERS = 20_000  # the most recently seen end users an audience preview looks at
PREVIEW_USERS_COUNTING = 2_000  # fewer when its rules count events (one index range per user and rule)


def preview_audience(app: App, audience: dict | None) -> dict:
    """How many of the app's most recently seen end users an audience takes now, by the same compiled rule."""
    rule = compile_targeting(None, audience)
    counted = counted_events(rule.audience)
    limit = PREVIEW_USERS_COUNTING if counted else PREVIEW_USERS
    rows = db.session.execute(
        select(EndUser.id, EndUser.traits, Company.traits)
        .outerjoin(CompanyMember, CompanyMember.end_user_id == EndUser.id)
        .outerjoin(Company, Company.id == CompanyMember.company_id)
        .where(EndUser.app_id == app.id).order_by(EndUser.last_seen_at.desc(), EndUser.id.desc()).limit(limit)).all()
    known = db.session.scalar(select(func.count()).select_from(EndUser).where(EndUser.app_id == app.id))
    now = utcnow()
    matched = sum(rule.check_audience(Subject("/", traits or {}, now, event_counter(user_id, now, counted) if counted
                                              else no_events, company or {})) is None
                  for user_id, traits, company in rows)
    return {"matched": matched, "checked": len(rows), "known": known}
