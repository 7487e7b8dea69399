"""The audit log: every successful admin change is recorded, whatever endpoint made it."""
from flask import g, request

from ..models import AuditEntry
from ..services.privacy import ERASED, erased_path

READ_ONLY = {"GET", "HEAD", "OPTIONS"}
ERASING_ENDPOINT = "admin_privacy.erase"


def audit_entry_for(response) -> AuditEntry | None:
    """The entry recording this request's admin change, or None when it changed nothing an admin must answer for."""
    admin = g.get("admin")
    if admin is None or request.method in READ_ONLY or response.status_code >= 400:
        return None
    target = {k: v for k, v in (request.view_args or {}).items() if k != "app_id"}
    path = request.path
    if request.endpoint == ERASING_ENDPOINT:  # the entry outlives the user: it must not name them
        path, target["user_id"] = erased_path(path, target["user_id"]), ERASED
    return AuditEntry(
        actor_id=admin.id, actor_email=admin.email, action=request.endpoint or "", method=request.method,
        path=path[:2048], app_id=(request.view_args or {}).get("app_id"), target=target,
        status=response.status_code)
