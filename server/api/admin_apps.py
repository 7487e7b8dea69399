"""Admin API for host apps (owners change them; every role reads them, owners only their secret and webhook URL)."""
from flask import g, jsonify
from flask_smorest import Blueprint
from sqlalchemy import select

from ..extensions import db
from ..models import App
from ..schemas.admin import AppPatchSchema, AppQuerySchema, AppSchema, AppWithSecretSchema
from ..services import apps as app_service
from .guard import OWN, READ, roles

blp = Blueprint("admin_apps", __name__, url_prefix="/api/v1/apps", description="Host apps.")
# webhook URLs often carry a token of the receiving service in their query string
FOR_NON_OWNERS = AppSchema(exclude=("webhook_url",))


@blp.route("", methods=["GET"])
@roles(READ)
@blp.arguments(AppQuerySchema, location="query")
@blp.response(200, AppSchema(many=True))
def list_apps(args):
    """Every app (filter by public `key`); `webhook_url` only for owners."""
    query = select(App).order_by(App.id)
    if args["key"]:
        query = query.filter_by(key=args["key"])
    apps = list(db.session.scalars(query))
    return apps if g.admin.role == "owner" else jsonify(FOR_NON_OWNERS.dump(apps, many=True))


@blp.route("", methods=["POST"])
@roles(OWN)
@blp.arguments(AppSchema)
@blp.response(201, AppWithSecretSchema)
def create_app(args):
    """Register a host app; the answer holds its secret."""
    return app_service.create_app_record(
        args["name"], args["origin_list"], args["require_identity"], args["default_locale"],
        args["webhook_url"], args["iframe_hosts"], args["throttle"],
    )


@blp.route("/<int:app_id>", methods=["GET"])
@roles(READ)
@blp.response(200, AppWithSecretSchema)
def get_app(app_id):
    """One app; the secret and `webhook_url` only for owners."""
    app = app_service.get_app(app_id)
    return app if g.admin.role == "owner" else jsonify(FOR_NON_OWNERS.dump(app))


@blp.route("/<int:app_id>", methods=["PATCH"])
@roles(OWN)
@blp.arguments(AppPatchSchema)
@blp.response(200, AppWithSecretSchema)
def update_app(args, app_id):
    """Change an app's name, origins, identity verification or default locale."""
    return app_service.update_app_record(app_service.get_app(app_id), args)


@blp.route("/<int:app_id>/rotate-secret", methods=["POST"])
@roles(OWN)
@blp.response(200, AppWithSecretSchema)
def rotate_secret(app_id):
    """Replace the app's secret (identity tokens signed with the old one stop working)."""
    return app_service.rotate_secret(app_service.get_app(app_id))
