"""End users: found or created on first sight (safe under concurrent requests), and their opt-out."""
import hashlib
from datetime import timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import App, EndUser, Suppression, Tour, TourProgress, utcnow
from .errors import not_found
from .sql import insert_ignoring_conflicts

SEEN_RESOLUTION = timedelta(minutes=5)


def get_or_create_end_user(app: App, external_id: str, traits: dict | None = None) -> EndUser:
    """The end user, created if new; traits are merged in and last-seen refreshed, without a write per call."""
    now = utcnow()
    stmt = insert_ignoring_conflicts(EndUser.__table__, ["app_id", "external_id"]).values(
        app_id=app.id, external_id=external_id, traits=traits or {}, first_seen_at=now, last_seen_at=now
    )
    user = db.session.scalar(select(EndUser).filter_by(app_id=app.id, external_id=external_id))
    if user is None:
        db.session.execute(stmt)
        db.session.commit()
        user = db.session.scalar(select(EndUser).filter_by(app_id=app.id, external_id=external_id))
        if is_suppressed(app, external_id):
            user.opted_out_at = now
            db.session.commit()
    merged = {**(user.traits or {}), **(traits or {})}
    if merged != user.traits or now - user.last_seen_at > SEEN_RESOLUTION:
        user.traits = merged
        user.last_seen_at = now
        db.session.commit()
    return user


def user_hash(app: App, external_id: str) -> str:
    """What a suppression record keeps of an erased user: a hash of their id, nothing else."""
    return hashlib.sha256(f"{app.id}:{external_id}".encode()).hexdigest()


def is_suppressed(app: App, external_id: str) -> bool:
    """Was this user erased while opted out? Then they stay opted out when they come back."""
    return db.session.scalar(select(Suppression.id).filter_by(
        app_id=app.id, user_hash=user_hash(app, external_id))) is not None


def find_end_user(app: App, external_id: str) -> EndUser:
    user = db.session.scalar(select(EndUser).filter_by(app_id=app.id, external_id=external_id))
    if user is None:
        raise not_found("The end user")
    return user


def set_opt_out(app: App, user: EndUser, opted_out: bool, tour_slug: str | None = None) -> None:
    """Opt out of every tour, or of one tour only (that tour is then dismissed for good)."""
    now = utcnow()
    if tour_slug is None:
        user.opted_out_at = (user.opted_out_at or now) if opted_out else None
        db.session.commit()
        return
    tour = db.session.scalar(select(Tour).filter_by(app_id=app.id, slug=tour_slug))
    if tour is None:
        raise not_found("The tour")
    progress = progress_rows(user.id, [tour.id])[tour.id]
    if opted_out:
        progress.status, progress.dismissed_at, progress.updated_at = "dismissed", now, now
    elif progress.status == "dismissed":
        progress.status, progress.dismissed_at, progress.updated_at = "in_progress", None, now
    db.session.commit()


def progress_rows(end_user_id: int, tour_ids: list[int]) -> dict[int, TourProgress]:
    """The user's progress rows for these tours by tour id, missing ones inserted (race-free) in one statement."""
    if not tour_ids:
        return {}
    now = utcnow()
    db.session.execute(
        insert_ignoring_conflicts(TourProgress.__table__, ["end_user_id", "tour_id"]),
        [{"end_user_id": end_user_id, "tour_id": tour_id, "status": "in_progress", "started_at": now,
          "updated_at": now} for tour_id in tour_ids],
    )
    rows = db.session.scalars(select(TourProgress).where(TourProgress.end_user_id == end_user_id,
                                                         TourProgress.tour_id.in_(tour_ids)))
    return {row.tour_id: row for row in rows}
