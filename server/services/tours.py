"""Tours: drafts, publishing as immutable numbered versions, unpublishing and rollback."""
from sqlalchemy import func, select

from ..extensions import db
from ..models import App, Tour, TourVersion, utcnow
from ..schemas.experience_spec import experience_type
from .errors import ServiceError, not_found
from .served_app import touch


def list_tours(app: App, kind: str | None = None) -> list[Tour]:
    """The app's experiences, of one type when `kind` is given."""
    query = select(Tour).filter_by(app_id=app.id).order_by(Tour.slug)
    return list(db.session.scalars(query if kind is None else query.filter_by(type=kind)))


def get_tour(app: App, slug: str) -> Tour:
    tour = db.session.scalar(select(Tour).filter_by(app_id=app.id, slug=slug))
    if tour is None:
        raise not_found("The tour")
    return tour


def create_tour(app: App, spec: dict) -> Tour:
    if db.session.scalar(select(Tour.id).filter_by(app_id=app.id, slug=spec["id"])):
        raise ServiceError(409, "conflict", "A tour with this id already exists.", {"id": ["Already taken."]})
    tour = Tour(app_id=app.id, slug=spec["id"], type=experience_type(spec), draft=spec)
    db.session.add(tour)
    db.session.flush()
    return tour


def update_draft(tour: Tour, spec: dict) -> Tour:
    if spec["id"] != tour.slug:
        raise ServiceError(422, "validation_error", "A tour's id cannot change.", {"id": ["Must stay " + tour.slug]})
    check_kept_type(tour, spec)
    if spec != tour.draft:
        tour.draft = spec
        tour.updated_at = utcnow()
        db.session.flush()
    return tour


def check_kept_type(tour: Tour, spec: dict) -> None:
    if experience_type(spec) != tour.type:
        raise ServiceError(422, "validation_error", "An experience's type cannot change.",
                           {"type": [f"Must stay {tour.type}: create a new {experience_type(spec)} instead."]})


def latest_version(tour: Tour) -> TourVersion | None:
    return tour.versions[-1] if tour.versions else None


def live_version(tour: Tour) -> TourVersion | None:
    return next((v for v in tour.versions if v.version == tour.live_version), None)


def shown_spec(tour: Tour) -> dict:
    """The content users see: the live version's, else the draft's (never published, or unpublished)."""
    live = live_version(tour)
    return live.spec if live else tour.draft


def publish(tour: Tour, author: str | None = None) -> tuple[TourVersion, bool]:
    """Publish the draft; an unchanged draft re-uses the newest version instead of making one."""
    latest = latest_version(tour)
    created = latest is None or latest.spec != tour.draft
    if created:
        number = (db.session.scalar(select(func.max(TourVersion.version)).filter_by(tour_id=tour.id)) or 0) + 1
        latest = TourVersion(tour=tour, version=number, spec=tour.draft, created_by=author)
        db.session.add(latest)
    if tour.live_version != latest.version:
        tour.live_version = latest.version
        tour.updated_at = utcnow()
        touch(tour.app_id)
    db.session.flush()
    return latest, created


def unpublish(tour: Tour) -> Tour:
    if tour.live_version is not None:
        tour.live_version = None
        tour.updated_at = utcnow()
        touch(tour.app_id)
        db.session.flush()
    return tour


def rollback(tour: Tour, version: int, author: str | None = None) -> tuple[TourVersion, bool]:
    """Make an earlier version's content the draft and publish it (as a new version)."""
    old = next((v for v in tour.versions if v.version == version), None)
    if old is None:
        raise not_found("The version")
    tour.draft = old.spec
    return publish(tour, author)


def delete_tour(tour: Tour) -> None:
    touch(tour.app_id)
    db.session.delete(tour)
    db.session.flush()
