"""The audit log: every successful admin change is recorded, whatever endpoint made it."""
from flask import Flask, g, request

from ..extensions import db
from ..models import AuditEntry

READ_ONLY = {"GET", "HEAD", "OPTIONS"}


def register_audit_log(app: Flask) -> None:
    @app.after_request
    def record_admin_change(response):
        admin = g.get("admin")
        if admin is None or request.method in READ_ONLY or response.status_code >= 400:
            return response
        target = {k: v for k, v in (request.view_args or {}).items() if k != "app_id"}
        db.session.add(AuditEntry(
            actor_id=admin.id, actor_email=admin.email, action=request.endpoint or "", method=request.method,
            path=request.path[:2048], app_id=(request.view_args or {}).get("app_id"), target=target,
            status=response.status_code))
        db.session.commit()
        return response
