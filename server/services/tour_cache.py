"""Each app's published tours, compiled once per process and reloaded when the app's revision moves.

Every change to what an app serves bumps `App.revision` in the same transaction, so each
worker process sees the change on its next request without any cross-process messaging.
"""
import threading
from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy import and_, select

from ..extensions import db
from ..models import App, Tour, TourVersion
from .tour_render import render_tour
from .url_rules import compile_rule


@dataclass
class CompiledTour:
    tour_id: int
    slug: str
    version: int
    spec: dict
    matches: Callable[[str], bool]
    rendered: dict = field(default_factory=dict)

    def render(self, locale: str) -> dict:
        """The SDK payload in one locale, rendered once per process (callers copy before changing it)."""
        payload = self.rendered.get(locale)
        if payload is None:
            payload = self.rendered[locale] = render_tour(self.spec, self.version, locale)
        return payload


_cache: dict[str, tuple[int, list[CompiledTour]]] = {}
_lock = threading.Lock()


def published_tours(app: App) -> list[CompiledTour]:
    cached = _cache.get(app.key)
    if cached and cached[0] == app.revision:
        return cached[1]
    revision = app.revision
    rows = db.session.execute(
        select(Tour.id, Tour.slug, TourVersion.version, TourVersion.spec)
        .join(TourVersion, and_(TourVersion.tour_id == Tour.id, TourVersion.version == Tour.live_version))
        .where(Tour.app_id == app.id)
        .order_by(Tour.slug)
    )
    compiled = [CompiledTour(tid, slug, version, spec, compile_rule(spec.get("match")))
                for tid, slug, version, spec in rows]
    with _lock:
        _cache[app.key] = (revision, compiled)
    return compiled


def touch(app: App) -> None:
    """Mark the app's served tours as changed (call inside the transaction that changes them)."""
    app.revision = (app.revision or 0) + 1
