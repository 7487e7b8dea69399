"""An app as the SDK API serves it: settings, origins, published tours, banners and page help, built once per
process and rebuilt when the app's revision moves.

Every change to what an app serves bumps `App.revision` in the changing transaction (`touch`), so each
worker process sees it on its next request without any cross-process messaging. A request costs one
indexed read of (id, revision) instead of loading the app, its origins, tours and articles.
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import and_, bindparam, select, update

from ..extensions import db
from ..models import App, AppOrigin, KbArticle, Tour, TourVersion
from ..rules.eligibility import AudienceIndex, Rule, compile_targeting, counted_events
from ..rules.url_rules import compile_stored_rule
from .errors import ServiceError
from .tour_render import render_banner, render_checklist, render_hotspots, render_survey, render_tour, tour_locale


@dataclass
class CompiledTour:
    """A published experience (a tour, or another type: `kind`) with its rules compiled and its payloads rendered."""
    tour_id: int
    slug: str
    version: int
    spec: dict
    rule: Rule  # its page and audience, compiled once per snapshot
    kind: str = "tour"
    priority: int = 0
    rendered: dict = field(default_factory=dict)

    def matches(self, path: str) -> bool:
        return self.rule.page.matches(path)

    @property
    def counts_shows(self) -> bool:
        """Whether its shows are kept per user: something reads them (its frequency, the throttle for surveys, a
        checklist opened again). A banner's or hotspot's page views otherwise cost no write."""
        return self.kind in ("survey", "checklist") or bool(self.spec.get("frequency"))

    @property
    def later_trigger(self) -> dict | None:
        """What starts a tour later on its pages (an event, an element, a click, a delay); None: with the page."""
        trigger = self.spec.get("trigger") if self.kind == "tour" else None
        return trigger if trigger and trigger["on"] != "page" else None

    @property
    def step_ids(self) -> list[str]:
        return [step["id"] for step in self.spec["steps"]]

    @cached_property
    def variant_spec(self) -> dict | None:
        """The spec as its A/B variant shows it (its fields over the experience's own), or None without one."""
        variant = self.spec.get("variant")
        if not variant:
            return None
        return {**self.spec, **{key: value for key, value in variant.items() if key != "percent"}}

    def render(self, locale: str, variant: bool = False) -> dict:
        """The SDK payload for a requested locale (of the A/B variant with `variant`), rendered once per process
        and tour locale (callers copy before changing it). At most RENDERED_KEPT requested spellings are remembered
        beside the tour locales."""
        spec = self.variant_spec if variant and self.variant_spec else self.spec
        payload = self.rendered.get((variant, locale))
        if payload is None:
            chosen = tour_locale(spec, locale)
            render = RENDERERS[self.kind]
            payload = self.rendered.get((variant, chosen)) or render(spec, self.version, chosen)
            self.rendered[variant, chosen] = payload
            if len(self.rendered) < RENDERED_KEPT:
                self.rendered[variant, locale] = payload
        return payload


@dataclass(frozen=True)
class PageArticle:
    """What the help list shows of a published article with page rules, and those rules compiled."""
    id: int
    slug: str
    locale: str
    title: str
    faq_answer: str | None
    priority: int
    matches: Callable[[str], bool]


@dataclass(frozen=True)
class ServedApp:
    id: int
    key: str
    secret: str
    require_identity: bool
    default_locale: str
    webhook_url: str | None
    origin_list: frozenset[str]
    revision: int
    tours: list[CompiledTour]
    articles: list[PageArticle]
    others: list[CompiledTour]  # published experiences of the other types (banners, surveys, checklists, hotspots)
    throttle: dict = field(default_factory=dict)  # per_session, per_day, quiet_hours (each optional)
    pages: dict = field(default_factory=dict, compare=False, repr=False)

    @cached_property  # once per snapshot
    def reads_companies(self) -> bool:
        """Whether a published tour's audience reads company traits (else bootstrap need not read the company)."""
        return any(tour.rule.reads_companies for tour in (*self.tours, *self.others))

    @cached_property
    def task_triggers(self) -> dict[tuple[str, str], list[tuple[CompiledTour, str]]]:
        """What completes checklist tasks by itself: ("tour", tour id) or ("event", custom:NAME) → the checklists
        and task ids it completes."""
        triggers: dict[tuple[str, str], list[tuple[CompiledTour, str]]] = {}
        for checklist in self.others:
            for task in checklist.spec.get("tasks", []) if checklist.kind == "checklist" else ():
                done_on = task.get("done_on") or {}
                for kind, key in done_on.items():
                    triggers.setdefault((kind, key), []).append((checklist, task["id"]))
        return triggers

    @cached_property
    def interrupting(self) -> frozenset[int]:
        """The experiences that take the user's attention by themselves (tours, surveys): what the throttle counts."""
        return frozenset(e.tour_id for e in (*self.tours, *self.others) if e.kind in ("tour", "survey"))

    @cached_property
    def counted_events(self) -> frozenset[tuple[str, float]]:
        """The (event, within_days) counts the published experiences' rules ask: one query answers them all."""
        return frozenset().union(*(counted_events(e.rule.audience) for e in (*self.tours, *self.others)))

    @cached_property
    def audiences(self) -> AudienceIndex:
        """The tours' audiences indexed by leaf (what bootstrap rules out by set operations), by tour id."""
        return AudienceIndex({t.tour_id: t.rule for t in self.tours})

    @cached_property
    def triggered(self) -> list[CompiledTour]:
        """The tours that start later on their pages (on an event, an element, a click or a delay), not with them."""
        return [t for t in self.tours if t.later_trigger]

    @cached_property
    def page_goals(self) -> list[tuple[CompiledTour, Callable[[str], bool]]]:
        """The experiences whose goal is a page visit, each with the matcher of that page."""
        return [(e, compile_stored_rule({"url": e.spec["goal"]["page"]})) for e in (*self.tours, *self.others)
                if "page" in (e.spec.get("goal") or {})]

    @cached_property
    def experiences(self) -> dict[str, CompiledTour]:
        """Every published experience by its id, whatever its type."""
        return {e.slug: e for e in (*self.tours, *self.others)}

    def for_page(self, key: tuple, compute: Callable[[], object]):
        """What follows from this snapshot and a page alone (its tours, its help list), computed once per page."""
        found = self.pages.get(key)
        if found is None:
            if len(self.pages) >= PAGES_KEPT:  # page URLs carry ids: keep a bounded number
                self.pages.clear()
            found = self.pages[key] = compute()
        return found


RENDERERS = {"tour": render_tour, "banner": render_banner, "survey": render_survey, "checklist": render_checklist,
             "hotspot": render_hotspots}
PAGES_KEPT = 4096
RENDERED_KEPT = 64
_cache: dict[str, ServedApp] = {}
_REVISION = select(App.id, App.revision).where(App.key == bindparam("key"))


def served_app(key: str | None) -> ServedApp:
    """The app with this key, as of its current revision (401 if the key is missing or unknown)."""
    row = db.session.connection().execute(_REVISION, {"key": key}).first() if key else None
    if row is None:
        raise ServiceError(401, "invalid_app_key", "The app key is missing or unknown.")
    cached = _cache.get(key)
    if cached is None or cached.id != row.id or cached.revision != row.revision:
        # read after the revision, so what is cached is never older than the revision it is filed under
        cached = _cache[key] = _build(row.id, row.revision)
    return cached


def cached_served_app(key: str | None) -> ServedApp | None:
    """The snapshot this process last served for the key, if any, without asking the database."""
    return _cache.get(key) if key else None


def touch(app_id: int) -> None:
    """Mark what the app serves as changed; call inside the transaction that changes it."""
    db.session.execute(update(App).where(App.id == app_id).values(revision=App.revision + 1)
                       .execution_options(synchronize_session=False))


def _build(app_id: int, revision: int) -> ServedApp:
    app = db.session.get(App, app_id, populate_existing=True)
    origins = db.session.scalars(select(AppOrigin.origin).where(AppOrigin.app_id == app_id))
    published = _published(app_id)
    return ServedApp(
        id=app.id, key=app.key, secret=app.secret, require_identity=app.require_identity,
        default_locale=app.default_locale, webhook_url=app.webhook_url, origin_list=frozenset(origins),
        revision=revision, tours=[e for e in published if e.kind == "tour"], articles=_page_articles(app_id),
        others=[e for e in published if e.kind != "tour"], throttle=dict(app.throttle or {}),
    )


def _published(app_id: int) -> list[CompiledTour]:
    rows = db.session.execute(
        select(Tour.id, Tour.slug, Tour.type, TourVersion.version, TourVersion.spec)
        .join(TourVersion, and_(TourVersion.tour_id == Tour.id, TourVersion.version == Tour.live_version))
        .where(Tour.app_id == app_id)
        .order_by(Tour.slug)
    )
    return [CompiledTour(tid, slug, version, spec, compile_targeting(spec.get("match"), spec.get("audience"),
                                                                        spec.get("schedule")), kind,
                         spec.get("priority") or 0)
            for tid, slug, kind, version, spec in rows]


def _page_articles(app_id: int) -> list[PageArticle]:
    rows = db.session.execute(
        select(KbArticle.id, KbArticle.slug, KbArticle.locale, KbArticle.title, KbArticle.faq_answer,
               KbArticle.priority, KbArticle.pages)
        .where(KbArticle.app_id == app_id, KbArticle.status == "published")
        .order_by(KbArticle.id)
    )
    return [PageArticle(id, slug, locale, title, faq_answer, priority, _any_rule(pages))
            for id, slug, locale, title, faq_answer, priority, pages in rows if pages]


def _any_rule(rules: list) -> Callable[[str], bool]:
    compiled = [compile_stored_rule(rule) for rule in rules]
    return lambda path: any(matches(path) for matches in compiled)
