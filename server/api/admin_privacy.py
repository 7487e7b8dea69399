"""Admin API for data protection (owners only): export or erase an end user, read the audit log."""
from flask import jsonify
from flask_smorest import Blueprint
from sqlalchemy import select

from ..extensions import db
from ..models import AuditEntry
from ..schemas.privacy import AuditEntrySchema, AuditQuerySchema, ErasureSchema
from ..services.apps import get_app
from ..services.privacy import erase_user, export_user
from .guard import OWN, roles

blp = Blueprint("admin_privacy", __name__, url_prefix="/api/v1", description="Data protection and audit log.")


@blp.route("/apps/<int:app_id>/end-users/<path:user_id>/export", methods=["GET"])
@roles(OWN)
@blp.response(200)
def export(app_id, user_id):
    """Everything stored about one end user, as JSON (for access requests)."""
    return jsonify(export_user(get_app(app_id), user_id))


@blp.route("/apps/<int:app_id>/end-users/<path:user_id>", methods=["DELETE"])
@roles(OWN)
@blp.response(200, ErasureSchema)
def erase(app_id, user_id):
    """Erase an end user: events, progress, searches, votes, support requests; an opt-out survives as a hash."""
    return erase_user(get_app(app_id), user_id)


@blp.route("/audit-log", methods=["GET"])
@roles(OWN)
@blp.arguments(AuditQuerySchema, location="query")
@blp.response(200, AuditEntrySchema(many=True))
def audit_log(args):
    """Admin changes, newest first: who did what, where, and when."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(args["limit"])
    if args["app_id"]:
        query = query.filter_by(app_id=args["app_id"])
    if args["before"]:
        query = query.where(AuditEntry.id < args["before"])
    return list(db.session.scalars(query))
