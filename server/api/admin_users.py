"""Admin API for admin accounts (owners only)."""
from flask_smorest import Blueprint
from sqlalchemy import select

from ..extensions import db
from ..models import AdminUser
from ..schemas.admin import AdminUserSchema
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
