"""Who is calling the admin API, and whether their role allows the call."""
from functools import wraps

from flask import current_app, g, request

from ..models import ROLES
from ..services.accounts import user_for_bearer
from ..services.errors import ServiceError

READ, WRITE_CONTENT, OWN = ROLES, ("owner", "editor"), ("owner",)


def current_admin():
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise ServiceError(401, "unauthorized", "Send an access token or API token as 'Authorization: Bearer …'.")
    return user_for_bearer(token.strip(), current_app.config["SECRET_KEY"])


def roles(allowed: tuple[str, ...]):
    """Let the view run only for an authenticated admin whose role is in `allowed`."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            g.admin = current_admin()
            if g.admin.role not in allowed:
                raise ServiceError(403, "forbidden", f"The {g.admin.role} role cannot do this.")
            return view(*args, **kwargs)

        wrapper._waypost_roles = allowed
        return wrapper

    return decorator
