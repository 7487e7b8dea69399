"""Logging in, and the API tokens scripts use."""
from flask import current_app, g, request
from flask_smorest import Blueprint
from sqlalchemy import select

from ..extensions import db, limiter
from ..models import ApiToken
from ..schemas.admin import AccessTokenSchema, AdminUserSchema, ApiTokenCreateSchema, ApiTokenSchema, LoginSchema
from ..services import accounts
from ..services.errors import not_found
from .guard import READ, roles

blp = Blueprint("auth", __name__, url_prefix="/api/v1", description="Log in; API tokens.")


def _account_and_client() -> str:
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) and isinstance(body.get("email"), str) else ""
    return f"{email.strip().lower()}|{request.remote_addr}"


@blp.route("/auth/login", methods=["POST"])
@limiter.limit(lambda: current_app.config["WAYPOST_LOGIN_RATE_LIMIT"], key_func=_account_and_client)
@limiter.limit(lambda: current_app.config["WAYPOST_LOGIN_ADDRESS_RATE_LIMIT"], key_func=lambda: request.remote_addr)
@blp.arguments(LoginSchema)
@blp.response(200, AccessTokenSchema)
def login(args):
    """Exchange an email and password for a bearer access token (JWT)."""
    user = accounts.authenticate(args["email"], args["password"])
    ttl = current_app.config["WAYPOST_ACCESS_TOKEN_TTL"]
    return {"access_token": accounts.issue_access_token(user, current_app.config["SECRET_KEY"], ttl),
            "expires_in": ttl}


@blp.route("/me", methods=["GET"])
@roles(READ)
@blp.response(200, AdminUserSchema)
def me():
    """The logged-in admin."""
    return g.admin


@blp.route("/tokens", methods=["GET"])
@roles(READ)
@blp.response(200, ApiTokenSchema(many=True))
def list_tokens():
    """Your API tokens (never their secret part)."""
    return list(db.session.scalars(select(ApiToken).filter_by(user_id=g.admin.id).order_by(ApiToken.id)))


@blp.route("/tokens", methods=["POST"])
@roles(READ)
@blp.arguments(ApiTokenCreateSchema)
@blp.response(201, ApiTokenSchema)
def create_token(args):
    """Create an API token; its value is shown only in this answer."""
    token, plaintext = accounts.create_api_token(g.admin, args["name"])
    token.token = plaintext  # transient: the only time the value leaves the server
    return token


@blp.route("/tokens/<int:token_id>", methods=["DELETE"])
@roles(READ)
@blp.response(204)
def revoke_token(token_id):
    """Revoke one of your API tokens."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != g.admin.id:
        raise not_found("The token")
    accounts.revoke_api_token(token)
