"""Admin API for admin accounts (owners only): create, disable, enable, delete; their API tokens."""
from flask import g
from flask_smorest import Blueprint
from sqlalchemy import select

from ..extensions import db
from ..models import AdminUser
from ..schemas.admin import AdminUserPatchSchema, AdminUserSchema, ApiTokenSchema
from ..services import accounts
from .guard import OWN, roles

blp = Blueprint("admin_users", __name__, url_prefix="/api/v1/users", description="Admin accounts.")


@blp.route("", methods=["GET"])
@roles(OWN)
@blp.response(200, AdminUserSchema(many=True))
def list_users():
    """Every admin account."""
    return list(db.session.scalars(select(AdminUser).order_by(AdminUser.id)))


@blp.route("", methods=["POST"])
@roles(OWN)
@blp.arguments(AdminUserSchema)
@blp.response(201, AdminUserSchema)
def create_user(args):
    """Create an admin account with a role."""
    return accounts.create_user(args["email"], args["role"], args["password"])


@blp.route("/<int:user_id>", methods=["PATCH"])
@roles(OWN)
@blp.arguments(AdminUserPatchSchema)
@blp.response(200, AdminUserSchema)
def update_user(args, user_id):
    """Disable an account (it cannot log in; its access and API tokens stop working) or enable it again.
    Not your own account, and never the last active owner (409)."""
    return accounts.set_disabled(g.admin, accounts.find_user(user_id), args["disabled"])


@blp.route("/<int:user_id>", methods=["DELETE"])
@roles(OWN)
@blp.response(204)
def delete_user(user_id):
    """Delete an account and its API tokens. Not your own account, and never the last active owner (409)."""
    accounts.delete_user(g.admin, accounts.find_user(user_id))


@blp.route("/<int:user_id>/tokens", methods=["GET"])
@roles(OWN)
@blp.response(200, ApiTokenSchema(many=True))
def list_tokens(user_id):
    """An account's API tokens (never their secret part)."""
    return accounts.api_tokens_of(accounts.find_user(user_id))


@blp.route("/<int:user_id>/tokens/<int:token_id>", methods=["DELETE"])
@roles(OWN)
@blp.response(204)
def revoke_token(user_id, token_id):
    """Revoke any account's API token."""
    accounts.revoke_api_token(accounts.api_token_of(accounts.find_user(user_id), token_id))
