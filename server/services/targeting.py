"""Which published tours an end user gets on a page, and whether each may start by itself."""
from urllib.parse import urlsplit

from sqlalchemy import and_, select

from ..extensions import db
from ..models import App, EndUser, Tour, TourProgress, TourVersion
from .tour_render import render_tour
from .url_rules import compile_rule


def url_path(url: str | None) -> str:
    """The path of a page URL ('https://x.test/a/b?c' or '/a/b?c' -> '/a/b')."""
    return urlsplit(url or "/").path or "/"


def audience_matches(audience: dict | None, traits: dict) -> bool:
    """Every trait the audience names must hold one of its listed values."""
    for name, allowed in ((audience or {}).get("traits") or {}).items():
        if traits.get(name) not in allowed:
            return False
    return True


def published_tours(app: App) -> list[tuple[Tour, TourVersion]]:
    rows = db.session.execute(
        select(Tour, TourVersion)
        .join(TourVersion, and_(TourVersion.tour_id == Tour.id, TourVersion.version == Tour.live_version))
        .where(Tour.app_id == app.id)
        .order_by(Tour.slug)
    )
    return [(tour, version) for tour, version in rows]


def eligible_tours(app: App, user: EndUser, url: str, locale: str | None) -> list[dict]:
    """Tours matching the page and the user's traits, plus tours the user is part-way through.

    A tour is sent with auto=true only when it may start by itself now: the user has not opted
    out and has neither completed nor dismissed it. Others stay startable by hand.
    """
    path = url_path(url)
    progress = {
        p.tour_id: p for p in db.session.scalars(select(TourProgress).filter_by(end_user_id=user.id))
    }
    result = []
    for tour, version in published_tours(app):
        spec = version.spec
        state = progress.get(tour.id)
        in_progress = state is not None and state.status == "in_progress"
        if not in_progress:
            if not (compile_rule(spec.get("match"))(path) and audience_matches(spec.get("audience"), user.traits)):
                continue
        payload = render_tour(spec, version.version, locale)
        payload["auto"] = payload["auto"] and user.opted_out_at is None and (
            state is None or state.status == "in_progress"
        )
        payload["progress"] = (
            {"status": state.status, "step_id": state.step_id, "version": state.version} if in_progress else None
        )
        result.append(payload)
    return result

