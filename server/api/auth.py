"""Logging in and out, your password, and the API tokens scripts use."""
from flask import current_app, g, request
from flask_smorest import Blueprint

from ..extensions import limiter
from ..schemas.admin import (
    AccessTokenSchema,
    AdminUserSchema,
    ApiTokenCreateSchema,
    ApiTokenSchema,
    LoginSchema,
    PasswordChangeSchema,
)
from ..services import accounts
from .guard import READ, roles

blp = Blueprint("auth", __name__, url_prefix="/api/v1", description="Log in and out; your password; API tokens.")


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
    return _access_token(accounts.authenticate(args["email"], args["password"]))


def _access_token(user) -> dict:
    ttl = current_app.config["WAYPOST_ACCESS_TOKEN_TTL"]
    return {"access_token": accounts.issue_access_token(user, current_app.config["SECRET_KEY"], ttl),
            "expires_in": ttl}


@blp.route("/auth/logout", methods=["POST"])
@roles(READ)
@blp.response(204)
def logout():
    """Log out: every access token of your account stops working, on every device (API tokens stay)."""
    accounts.revoke_access_tokens(g.admin)


@blp.route("/me/password", methods=["POST"])
@roles(READ)
@blp.arguments(PasswordChangeSchema)
@blp.response(200, AccessTokenSchema)
def change_password(args):
    """Change your password (the current one is required). Every access token issued before stops working;
    the answer holds a new one for this session."""
    accounts.change_password(g.admin, args["current_password"], args["new_password"])
    return _access_token(g.admin)


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
    return accounts.api_tokens_of(g.admin)


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
    accounts.revoke_api_token(accounts.api_token_of(g.admin, token_id))
