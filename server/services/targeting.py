"""Which published tours an end user gets on a page, and whether each may start by itself."""
from urllib.parse import urlsplit

from .end_users import SeenUser
from .served_app import ServedApp


def url_path(url: str | None) -> str:
    """The path of a page URL ('https://x.test/a/b?c' or '/a/b?c' -> '/a/b')."""
    return urlsplit(url or "/").path or "/"


def audience_matches(audience: dict | None, traits: dict) -> bool:
    """Every trait the audience names must hold one of its listed values."""
    for name, allowed in ((audience or {}).get("traits") or {}).items():
        if traits.get(name) not in allowed:
            return False
    return True


def eligible_tours(app: ServedApp, user: SeenUser, url: str, locale: str) -> list[dict]:
    """Tours matching the page and the user's traits, plus tours the user is part-way through.

    A tour is sent with auto=true only when it may start by itself now: the user has not opted
    out and has neither completed nor dismissed it. Others stay startable by hand. on_page says whether
    this page is one of the tour's own: a tour under way elsewhere waits, off its pages, for its steps
    without a url to be back where they belong.
    """
    path = url_path(url)
    on_page = app.for_page(("tours", path), lambda: frozenset(t.tour_id for t in app.tours if t.matches(path)))
    result = []
    for tour in app.tours:
        state = user.progress.get(tour.tour_id)
        in_progress = state is not None and state.status == "in_progress"
        here = tour.tour_id in on_page
        if not in_progress and not (here and audience_matches(tour.spec.get("audience"), user.traits)):
            continue
        payload = tour.render(locale)
        result.append({
            **payload,
            "auto": payload["auto"] and user.opted_out_at is None and (state is None or in_progress),
            "on_page": here,
            "progress": {"status": state.status, "step_id": state.step_id, "version": state.version}
            if in_progress else None,
        })
    return result


def find_published_tour(app: ServedApp, slug: str, locale: str) -> dict | None:
    tour = next((t for t in app.tours if t.slug == slug), None)
    return {**tour.render(locale), "progress": None} if tour else None
