"""One transaction per request: services only flush; the request commits once, on success, with its audit entry.

A 2xx/3xx answer commits everything the view wrote plus the audit entry of an admin change; any other answer
(a refusal, an error, an unhandled exception) rolls everything back, so an audit entry exists exactly when its
change does.
"""
import logging

from flask import Flask, g
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .audit import audit_entry_for
from .errors import error_response

log = logging.getLogger(__name__)


def after_commit(callback) -> None:
    """Run `callback` once this request's transaction is committed (not at all if it is rolled back)."""
    g.setdefault("after_commit", []).append(callback)


def register_unit_of_work(app: Flask) -> None:
    @app.after_request
    def commit_or_roll_back(response):
        if response.status_code >= 400:
            db.session.rollback()
            return response
        entry = audit_entry_for(response)
        if entry is not None:
            db.session.add(entry)
        try:
            db.session.commit()
        except IntegrityError as exc:
            db.session.rollback()
            log.warning("constraint refused a write: %s", exc.orig)
            refused = error_response(409, "conflict", "The change conflicts with existing data; reload and retry.")
            for name, value in response.headers.items():
                if name.lower().startswith("access-control-") or name.lower() == "vary":
                    refused.headers[name] = value
            return refused
        for callback in g.pop("after_commit", ()):
            callback()
        return response
