"""The audit log: every successful admin change is recorded, whatever endpoint made it."""
from flask import g, request

from ..models import AuditEntry

READ_ONLY = {"GET", "HEAD", "OPTIONS"}


def audit_entry_for(response) -> AuditEntry | None:
    """The entry recording this request's admin change, or None when it changed nothing an admin must answer for."""
    admin = g.get("admin")
    if admin is None or request.method in READ_ONLY or response.status_code >= 400:
        return None
    target = {k: v for k, v in (request.view_args or {}).items() if k != "app_id"}
    return AuditEntry(
        actor_id=admin.id, actor_email=admin.email, action=request.endpoint or "", method=request.method,
        path=request.path[:2048], app_id=(request.view_args or {}).get("app_id"), target=target,
        status=response.status_code)
