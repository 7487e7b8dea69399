"""Small factories for tests: every call makes fresh rows, nothing is shared between tests."""
import itertools
from datetime import UTC, datetime, timedelta, timezone

import jwt

from server.extensions import db
from server.services import accounts, tours
from server.services.apps import create_app_record

_seq = itertools.count(1)


def _committed(row):
    """Services only flush; a test's setup is its own unit of work, committed like a request's."""
    db.session.commit()
    return row
HOST = "https://host.example"


def make_app(origins=(HOST,), require_identity=False, default_locale="en"):
    return _committed(create_app_record(f"App {next(_seq)}", list(origins), require_identity, default_locale))


def make_admin(role="owner", password="correct horse battery"):
    return _committed(accounts.create_user(f"{role}{next(_seq)}@example.com", role, password))


def auth_headers(app, user) -> dict:
    token = accounts.issue_access_token(user, app.config["SECRET_KEY"], 3600)
    return {"Authorization": f"Bearer {token}"}


def tour_spec(tour_id="welcome", **overrides) -> dict:
    spec = {
        "id": tour_id,
        "name": "Welcome",
        "auto": True,
        "match": {"url": "/app/*"},
        "audience": None,
        "locale": "en",
        "steps": [
            {"id": "hello", "target": None, "placement": "center", "title": "Hello", "body": "Hi **there**",
             "advance_on": "next"},
            {"id": "button", "target": "#new", "placement": "bottom", "title": "Create", "body": "Click it",
             "advance_on": "click"},
        ],
        "translations": {},
    }
    spec.update(overrides)
    return spec


def make_tour(app_record, tour_id="welcome", publish=True, **overrides):
    from server.schemas.tour_spec import TourSpecSchema

    tour = tours.create_tour(app_record, TourSpecSchema().load(tour_spec(tour_id, **overrides)))
    if publish:
        tours.publish(tour, "factory")
    return _committed(tour)


def user_token(app_record, user_id, expires_in=300, secret=None) -> str:
    now = datetime.now(UTC)
    return jwt.encode({"sub": user_id, "exp": now + timedelta(seconds=expires_in)},
                      secret or app_record.secret, algorithm="HS256")
