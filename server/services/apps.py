"""Host apps: creating them, their keys and secrets, and which web origins may call the SDK API."""
import secrets
from functools import lru_cache
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import App, AppOrigin
from .errors import ServiceError, not_found
from .kb import rerender_articles
from .outbound_http import url_is_refused
from .served_app import ServedApp, touch


def normalize_origin(value: str) -> str:
    """'https://Example.com:443/path' -> 'https://example.com'; raises ValueError if not an origin."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{value!r} is not an http(s) origin")
    if parts.username or parts.password or parts.query or parts.fragment or parts.path not in ("", "/"):
        raise ValueError(f"{value!r} must be scheme://host[:port] only")
    port = parts.port
    default_port = {"http": 80, "https": 443}[parts.scheme]
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default_port else "")


def _clean_origins(origins: list[str]) -> list[str]:
    cleaned, problems = [], {}
    for index, origin in enumerate(origins):
        try:
            normalized = normalize_origin(origin)
        except ValueError as exc:
            problems[str(index)] = [str(exc)]
            continue
        if normalized not in cleaned:
            cleaned.append(normalized)
    if problems:
        raise ServiceError(422, "validation_error", "Some origins are invalid.", {"origins": problems})
    return cleaned


def check_webhook_url(url: str | None, field: str = "webhook_url") -> None:
    """A literal private address is refused when authored; names are checked each time a webhook is sent."""
    if url and url_is_refused(url) and not current_app.config["WAYPOST_WEBHOOK_ALLOW_PRIVATE"]:
        raise ServiceError(422, "validation_error", "The webhook URL is invalid.", {field: [
            "Webhooks go to public addresses only (set WAYPOST_WEBHOOK_ALLOW_PRIVATE=1 to allow internal ones)."]})


def create_app_record(name: str, origins: list[str], require_identity: bool = False,
                      default_locale: str = "en", webhook_url: str | None = None,
                      iframe_hosts: list[str] | None = None, throttle: dict | None = None) -> App:
    check_webhook_url(webhook_url)
    app = App(
        name=name,
        webhook_url=webhook_url,
        iframe_hosts=iframe_hosts or [],
        throttle=_throttle(throttle),
        key="pk_" + secrets.token_urlsafe(18),
        secret="sk_" + secrets.token_urlsafe(32),
        require_identity=require_identity,
        default_locale=default_locale,
    )
    app.origins = [AppOrigin(origin=o) for o in _clean_origins(origins)]
    db.session.add(app)
    db.session.flush()
    return app


def _throttle(throttle: dict | None) -> dict:
    """The limits that are set (a null one is no limit)."""
    return {key: value for key, value in (throttle or {}).items() if value is not None}


def update_app_record(app: App, changes: dict) -> App:
    check_webhook_url(changes.get("webhook_url"))
    if "origins" in changes:
        wanted = _clean_origins(changes.pop("origins"))
        keep = [o for o in app.origins if o.origin in wanted]
        app.origins = keep + [AppOrigin(origin=o) for o in wanted if o not in {k.origin for k in keep}]
    hosts_changed = "iframe_hosts" in changes and changes["iframe_hosts"] != app.iframe_hosts
    if "throttle" in changes:
        changes["throttle"] = _throttle(changes["throttle"])
    for field in ("name", "require_identity", "default_locale", "webhook_url", "iframe_hosts", "throttle"):
        if field in changes:
            setattr(app, field, changes[field])
    if hosts_changed:
        rerender_articles(app)
    touch(app.id)
    db.session.flush()
    return app


def rotate_secret(app: App) -> App:
    app.secret = "sk_" + secrets.token_urlsafe(32)
    touch(app.id)
    db.session.flush()
    return app


def get_app(app_id: int) -> App:
    app = db.session.get(App, app_id)
    if app is None:
        raise not_found("The app")
    return app


@lru_cache(maxsize=1024)
def _origin_or_none(value: str) -> str | None:
    try:
        return normalize_origin(value)
    except ValueError:
        return None


def origin_allowed(app: ServedApp | None, origin: str) -> bool:
    """With an app: is the origin one of its own? Without: does any app allow it (preflights)?"""
    origin = _origin_or_none(origin)
    if origin is None:
        return False
    if app is not None:
        return origin in app.origin_list
    return db.session.scalar(select(AppOrigin.id).filter_by(origin=origin).limit(1)) is not None
