"""Picker sessions: the signed token that opens picker or preview mode in the host app, the
selection the SDK sends back, and the draft tour it previews. Sessions live in the database
(several workers serve one editor) and expire with their token."""
import secrets
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import jwt
from sqlalchemy import delete

from ..extensions import db
from ..models import App, PickerSession, utcnow
from .apps import normalize_origin
from .errors import ServiceError, not_found
from .tour_render import render_tour

TOKEN_TTL = timedelta(minutes=10)
# Admin access tokens are signed with the same key: the audience keeps each kind out of the other's door.
AUDIENCE = "waypost:picker"


def _page_url_problem(app: App, page_url: str) -> str | None:
    parts = urlsplit(page_url)
    try:
        origin = normalize_origin(urlunsplit((parts.scheme, parts.netloc, "", "", "")))
    except ValueError:
        return "Must be an http(s) URL."
    if parts.username or parts.password:
        return "Must not hold a user name or password."
    if origin not in app.origin_list:
        return f"{origin} is not one of this app's allowed origins."
    return None


def _url_with_token(page_url: str, mode: str, token: str) -> str:
    """The page with the token in its fragment (replacing any): fragments never reach servers."""
    return urlunsplit(urlsplit(page_url)._replace(fragment=f"waypost-{mode}={token}"))


def create_session(app: App, mode: str, page_url: str, tour: dict | None, admin_id: int | None,
                   secret_key: str) -> tuple[PickerSession, str, str]:
    """A new session, its token and the URL that opens it; expired sessions are cleared on the way."""
    if problem := _page_url_problem(app, page_url):
        raise ServiceError(422, "validation_error", "Some fields are invalid.", {"page_url": [problem]})
    now = utcnow()
    db.session.execute(delete(PickerSession).where(PickerSession.expires_at < now))
    session = PickerSession(id=secrets.token_hex(16), app_id=app.id, created_by=admin_id, mode=mode,
                            page_url=page_url, tour=tour if mode == "preview" else None,
                            created_at=now, expires_at=now + TOKEN_TTL)
    db.session.add(session)
    db.session.flush()
    claims = {"aud": AUDIENCE, "app": app.id, "sid": session.id, "mode": mode, "exp": session.expires_at}
    token = jwt.encode(claims, secret_key, algorithm="HS256")
    return session, token, _url_with_token(page_url, mode, token)


def get_session(app: App, session_id: str) -> PickerSession:
    session = db.session.get(PickerSession, session_id) if len(session_id) <= 32 else None
    if session is None or session.app_id != app.id:
        raise not_found("The picker session")
    return session


def session_status(session: PickerSession) -> dict:
    """What the editor's poll sees: waiting, picked (with the element) or expired."""
    status = ("picked" if session.selector is not None
              else "expired" if session.expires_at <= utcnow() else "waiting")
    return {"id": session.id, "mode": session.mode, "status": status, "selector": session.selector,
            "text": session.element_text, "tag": session.element_tag, "expires_at": session.expires_at}


def session_for_token(app: App, session_id: str, token: str, mode: str, secret_key: str) -> PickerSession:
    """The session the SDK names, if its token is genuine, current, and for this app, session and mode."""
    try:
        claims = jwt.decode(token, secret_key, algorithms=["HS256"], audience=AUDIENCE,
                            options={"require": ["exp", "aud", "sid", "app", "mode"]})
    except jwt.ExpiredSignatureError:
        raise ServiceError(401, "token_expired", "This picker link has expired; start again from the editor.") from None
    except jwt.InvalidTokenError:
        raise ServiceError(401, "invalid_token", "The picker token is not valid.") from None
    if claims["app"] != app.id or claims["sid"] != session_id or claims["mode"] != mode:
        raise ServiceError(401, "invalid_token", "The picker token is not valid for this session.")
    session = db.session.get(PickerSession, session_id)
    if session is None or session.expires_at <= utcnow():
        raise ServiceError(401, "token_expired", "This picker link has expired; start again from the editor.")
    return session


def record_selection(session: PickerSession, selector: str, text: str | None, tag: str | None) -> None:
    """The element the author chose; picking again replaces it while the session lasts."""
    session.selector = selector
    session.element_text = (text or "").strip()[:200] or None
    session.element_tag = tag
    session.picked_at = utcnow()
    db.session.flush()


def preview_tour(session: PickerSession, locale: str | None) -> dict:
    """The draft rendered exactly as bootstrap renders published tours, marked as a preview."""
    return {**render_tour(session.tour, 0, locale), "auto": False, "preview": True}
