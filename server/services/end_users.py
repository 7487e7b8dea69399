"""End users: found or created on first sight (safe under concurrent requests), and their opt-out."""
import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

from flask import current_app
from sqlalchemy import and_, bindparam, or_, select, true, update

from ..extensions import db
from ..models import App, Company, CompanyMember, EndUser, Suppression, Tour, TourProgress, utcnow
from ..models.audit import KEYED, LEGACY
from .errors import not_found
from .event_counts import Counts, CountsPlan, counts_plan, counts_select
from .event_store import store_server_event
from .identity import normalize_user_id
from .served_app import ServedApp
from .sql import insert_ignoring_conflicts

SEEN_RESOLUTION = timedelta(minutes=5)


@dataclass(frozen=True)
class Progress:
    status: str
    step_id: str | None
    version: int | None
    data: dict | None = None  # a checklist's done tasks
    shows: int = 0
    last_shown_at: datetime | None = None
    dismissed_at: datetime | None = None


@dataclass
class SeenUser:
    """An end user as the SDK API needs them: a plain record, read in one round trip."""
    id: int
    external_id: str
    traits: dict
    opted_out_at: datetime | None
    progress: dict[int, Progress] = field(default_factory=dict)  # by tour id, filled when asked for
    company_traits: dict = field(default_factory=dict)  # of the company they are in, filled when asked for
    counts: Counts = field(default_factory=dict)  # how many times they did events lately, the ones asked for


def get_or_create_end_user(app: App | ServedApp, external_id: str, traits: dict | None = None,
                           with_progress: bool = False,
                           counted: frozenset[tuple[str, float]] = frozenset()) -> SeenUser:
    """The end user, created if new; traits are merged in and last-seen refreshed, without a write per call. With
    `counted` ((event, within_days) pairs), the same read counts their events in those windows, as of now."""
    now = utcnow()
    external_id = normalize_user_id(external_id)
    plan = counts_plan(counted) if counted else None
    rows = _read_user(app.id, external_id, with_progress, plan, now)
    if not rows:
        db.session.execute(insert_ignoring_conflicts(EndUser.__table__, ["app_id", "external_id"]).values(
            app_id=app.id, external_id=external_id, traits=traits or {}, first_seen_at=now, last_seen_at=now))
        if is_suppressed(app, external_id):
            db.session.execute(update(EndUser).where(EndUser.app_id == app.id, EndUser.external_id == external_id)
                               .values(opted_out_at=now))
        rows = _read_user(app.id, external_id, with_progress, plan, now)
    first = rows[0]
    user = SeenUser(first.id, external_id, first.traits or {}, first.opted_out_at)
    if with_progress:
        user.progress = _progress_of(rows)
    if plan is not None:
        user.counts = plan.read(first)
    merged = {**user.traits, **(traits or {})}
    if merged != user.traits or now - first.last_seen_at > SEEN_RESOLUTION:
        db.session.execute(update(EndUser).where(EndUser.id == user.id).values(traits=merged, last_seen_at=now))
        user.traits = merged
    return user


_USER_COLUMNS = (EndUser.id, EndUser.traits, EndUser.opted_out_at, EndUser.last_seen_at)
_THIS_USER = (EndUser.app_id == bindparam("app_id"), EndUser.external_id == bindparam("external_id"))
_READ_USER = {
    False: select(*_USER_COLUMNS).where(*_THIS_USER),
    True: select(*_USER_COLUMNS, TourProgress.tour_id, TourProgress.status, TourProgress.step_id, TourProgress.version,
                 TourProgress.data, TourProgress.shows, TourProgress.last_shown_at, TourProgress.dismissed_at)
    .outerjoin(TourProgress, TourProgress.end_user_id == EndUser.id).where(*_THIS_USER),
}


def _progress_of(rows) -> dict[int, Progress]:
    return {r.tour_id: Progress(r.status, r.step_id, r.version, r.data, r.shows, r.last_shown_at, r.dismissed_at)
            for r in rows if r.tour_id is not None}


@lru_cache(maxsize=64)
def _read_user_counting(with_progress: bool, plan: CountsPlan):
    """The user's read, with one row of their counts joined to it (computed once, for the user the read finds)."""
    counts = counts_select(plan, select(EndUser.id).where(*_THIS_USER).scalar_subquery()).subquery("counts")
    return _READ_USER[with_progress].add_columns(*counts.c).join(counts, true())


def _read_user(app_id: int, external_id: str, with_progress: bool, plan: CountsPlan | None = None,
               now: datetime | None = None) -> list:
    params = {"app_id": app_id, "external_id": external_id}
    if plan is None:
        return db.session.connection().execute(_READ_USER[with_progress], params).all()
    return db.session.connection().execute(_read_user_counting(with_progress, plan),
                                           {**params, **plan.params(now)}).all()


def user_hash(app: App | ServedApp, external_id: str) -> str:
    """What a suppression record keeps of an erased user: an HMAC of their id keyed with the server's secret key,
    so a copy of the database alone cannot confirm a guessed id."""
    message = f"{app.id}:{normalize_user_id(external_id)}".encode()
    return hmac.new(current_app.config["SECRET_KEY"].encode(), message, hashlib.sha256).hexdigest()


def legacy_user_hash(app: App | ServedApp, external_id: str) -> str:
    """The unkeyed SHA-256 that suppression records made before migration 0011 hold (scheme "sha256")."""
    return hashlib.sha256(f"{app.id}:{normalize_user_id(external_id)}".encode()).hexdigest()


def is_suppressed(app: App | ServedApp, external_id: str) -> bool:
    """Was this user erased while opted out? Then they stay opted out when they come back.

    A legacy record matched here is rehashed with the key: the id is known only now, so older ones are
    checked by their plain SHA-256 until their user returns."""
    keyed, legacy = user_hash(app, external_id), legacy_user_hash(app, external_id)
    found = db.session.execute(select(Suppression.id, Suppression.scheme).where(
        Suppression.app_id == app.id,
        or_(and_(Suppression.scheme == KEYED, Suppression.user_hash == keyed),
            and_(Suppression.scheme == LEGACY, Suppression.user_hash == legacy)))).first()
    if found is None:
        return False
    if found.scheme == LEGACY:
        db.session.execute(update(Suppression).where(Suppression.id == found.id)
                           .values(user_hash=keyed, scheme=KEYED))
    return True


def join_company(app: App | ServedApp, user: SeenUser, group_id: str | None, traits: dict | None = None) -> None:
    """Puts the user in the app's company `group_id` (created if new, its traits merged in), or with no id keeps
    the company they are in; either way `user.company_traits` are that company's traits."""
    if group_id is None:
        row = db.session.execute(select(Company.traits).join(CompanyMember, CompanyMember.company_id == Company.id)
                                 .where(CompanyMember.end_user_id == user.id)).first()
        user.company_traits = (row.traits or {}) if row else {}
        return
    now = utcnow()
    group_id = normalize_user_id(group_id)
    # One read in the usual case (a known company, the user already in it, nothing new): no write at all.
    membership = select(CompanyMember.company_id).where(CompanyMember.end_user_id == user.id).scalar_subquery()
    read = select(Company.id, Company.traits, Company.last_seen_at, membership.label("member_of")).where(
        Company.app_id == app.id, Company.external_id == group_id)
    company = db.session.execute(read).first()
    if company is None:
        db.session.execute(insert_ignoring_conflicts(Company.__table__, ["app_id", "external_id"]).values(
            app_id=app.id, external_id=group_id, traits=traits or {}, first_seen_at=now, last_seen_at=now))
        company = db.session.execute(read).one()
    merged = {**(company.traits or {}), **(traits or {})}
    if merged != company.traits or now - company.last_seen_at > SEEN_RESOLUTION:
        db.session.execute(update(Company).where(Company.id == company.id).values(traits=merged, last_seen_at=now))
    if company.member_of is None:
        db.session.execute(insert_ignoring_conflicts(CompanyMember.__table__, ["end_user_id"]).values(
            end_user_id=user.id, company_id=company.id))
    elif company.member_of != company.id:
        db.session.execute(update(CompanyMember).where(CompanyMember.end_user_id == user.id)
                           .values(company_id=company.id))
    user.company_traits = merged


def seen_end_user(app: App, external_id: str) -> SeenUser:
    """An end user that exists, with their tour progress, as bootstrap sees them; read only (404 if unknown)."""
    rows = _read_user(app.id, normalize_user_id(external_id), True)
    if not rows:
        raise not_found("The end user")
    first = rows[0]
    user = SeenUser(first.id, normalize_user_id(external_id), first.traits or {}, first.opted_out_at)
    user.progress = _progress_of(rows)
    join_company(app, user, None)
    return user


def find_end_user(app: App, external_id: str) -> EndUser:
    user = db.session.scalar(select(EndUser).filter_by(app_id=app.id, external_id=normalize_user_id(external_id)))
    if user is None:
        raise not_found("The end user")
    return user


def set_opt_out(app: ServedApp, user: SeenUser, opted_out: bool, tour_slug: str | None = None) -> None:
    """Opt out of every tour, or of one tour only (that tour is then dismissed for good)."""
    now = utcnow()
    if tour_slug is None:
        changed = (user.opted_out_at is None) == opted_out
        user.opted_out_at = (user.opted_out_at or now) if opted_out else None
        db.session.execute(update(EndUser).where(EndUser.id == user.id).values(opted_out_at=user.opted_out_at))
        if changed:
            store_server_event(app.id, user.id, "opted_out" if opted_out else "opted_in")
        return
    tour = db.session.scalar(select(Tour).filter_by(app_id=app.id, slug=tour_slug))
    if tour is None:
        raise not_found("The tour")
    progress = progress_rows(user.id, [tour.id])[tour.id]
    if opted_out and progress.status != "dismissed":
        store_server_event(app.id, user.id, "opted_out", tour_id=tour_slug)
    elif not opted_out and progress.status == "dismissed":
        store_server_event(app.id, user.id, "opted_in", tour_id=tour_slug)
    if opted_out:
        progress.status, progress.dismissed_at, progress.updated_at = "dismissed", now, now
    elif progress.status == "dismissed":
        progress.status, progress.dismissed_at, progress.updated_at = "in_progress", None, now
    db.session.flush()


def add_missing_progress(end_user_id: int, tour_ids) -> None:
    """Insert the user's missing progress rows for these tours (race-free) in one statement."""
    now = utcnow()
    db.session.execute(
        insert_ignoring_conflicts(TourProgress.__table__, ["end_user_id", "tour_id"]),
        [{"end_user_id": end_user_id, "tour_id": tour_id, "status": "in_progress", "started_at": now,
          "updated_at": now} for tour_id in tour_ids],
    )


def progress_rows(end_user_id: int, tour_ids: list[int]) -> dict[int, TourProgress]:
    """The user's progress rows for these tours by tour id, missing ones inserted first."""
    if not tour_ids:
        return {}
    add_missing_progress(end_user_id, tour_ids)
    rows = db.session.scalars(select(TourProgress).where(TourProgress.end_user_id == end_user_id,
                                                         TourProgress.tour_id.in_(tour_ids)))
    return {row.tour_id: row for row in rows}
