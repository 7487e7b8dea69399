"""Admin accounts: passwords, access tokens (JWT), API tokens (hashed at rest), disabling and deleting."""
import hashlib
import secrets
from datetime import timedelta

import jwt
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import ROLES, AdminUser, ApiToken, utcnow
from .errors import ServiceError, not_found

API_TOKEN_PREFIX = "wpt_"
MIN_PASSWORD = 8
_DUMMY_HASH = generate_password_hash("timing-equaliser")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def create_user(email: str, role: str, password: str) -> AdminUser:
    email = normalize_email(email)
    if role not in ROLES:
        raise ServiceError(422, "validation_error", "Unknown role.", {"role": [f"Must be one of {', '.join(ROLES)}."]})
    _check_password_length(password, "password")
    if db.session.scalar(select(AdminUser).filter_by(email=email)):
        raise ServiceError(409, "conflict", "A user with this email already exists.", {"email": ["Already taken."]})
    user = AdminUser(email=email, role=role, password_hash=generate_password_hash(password))
    db.session.add(user)
    db.session.flush()
    return user


def _check_password_length(password: str, field: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ServiceError(422, "validation_error", "The password is too short.",
                           {field: [f"Use at least {MIN_PASSWORD} characters."]})


def _refuse_disabled(user: AdminUser) -> None:
    if user.disabled_at is not None:
        raise ServiceError(401, "account_disabled", "This account is disabled; ask an owner to enable it.")


def authenticate(email: str, password: str) -> AdminUser:
    user = db.session.scalar(select(AdminUser).filter_by(email=normalize_email(email)))
    if not check_password_hash(user.password_hash if user else _DUMMY_HASH, password) or user is None:
        raise ServiceError(401, "invalid_credentials", "The email or password is wrong.")
    _refuse_disabled(user)
    return user


def issue_access_token(user: AdminUser, secret_key: str, ttl_seconds: int) -> str:
    now = utcnow()
    claims = {"sub": str(user.id), "role": user.role, "gen": user.token_generation, "iat": now,
              "exp": now + timedelta(seconds=ttl_seconds)}
    return jwt.encode(claims, secret_key, algorithm="HS256")


def revoke_access_tokens(user: AdminUser) -> None:
    """Void every access token issued to the account so far (they carry the generation this bumps)."""
    user.token_generation = AdminUser.token_generation + 1
    db.session.flush()


def change_password(user: AdminUser, current_password: str, new_password: str) -> None:
    """The account's own password change: the current one is required; every access token issued before is void."""
    if not check_password_hash(user.password_hash, current_password):
        # Not a 401: the caller is authenticated, only this field is wrong.
        raise ServiceError(422, "validation_error", "The current password is wrong.",
                           {"current_password": ["This is not your current password."]})
    _check_password_length(new_password, "new_password")
    user.password_hash = generate_password_hash(new_password)
    revoke_access_tokens(user)


def user_for_access_token(token: str, secret_key: str) -> AdminUser:
    try:
        claims = jwt.decode(token, secret_key, algorithms=["HS256"], options={"require": ["exp", "sub"]})
    except jwt.ExpiredSignatureError:
        raise ServiceError(401, "token_expired", "The access token has expired; log in again.") from None
    except jwt.InvalidTokenError:
        raise ServiceError(401, "invalid_token", "The access token is not valid.") from None
    user = db.session.get(AdminUser, int(claims["sub"])) if str(claims["sub"]).isdigit() else None
    if user is None:
        raise ServiceError(401, "invalid_token", "The access token is not valid.")
    _refuse_disabled(user)
    if claims.get("gen", 0) != user.token_generation:
        raise ServiceError(401, "token_revoked", "This access token was revoked (logged out, password changed or "
                                                 "account disabled); log in again.")
    return user


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_token(user: AdminUser, name: str) -> tuple[ApiToken, str]:
    plaintext = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, token_hash=_hash_token(plaintext), prefix=plaintext[:12])
    db.session.add(token)
    db.session.flush()
    return token, plaintext


def user_for_api_token(plaintext: str) -> AdminUser:
    token = db.session.scalar(select(ApiToken).filter_by(token_hash=_hash_token(plaintext)))
    if token is None or token.revoked_at is not None:
        raise ServiceError(401, "invalid_token", "The API token is not valid or was revoked.")
    _refuse_disabled(token.user)
    token.last_used_at = utcnow()
    db.session.flush()
    return token.user


def revoke_api_token(token: ApiToken) -> None:
    token.revoked_at = token.revoked_at or utcnow()
    db.session.flush()


def user_for_bearer(token: str, secret_key: str) -> AdminUser:
    if token.startswith(API_TOKEN_PREFIX):
        return user_for_api_token(token)
    return user_for_access_token(token, secret_key)


def _check_may_remove(actor: AdminUser | None, target: AdminUser, doing: str) -> None:
    """Nobody disables or deletes their own account, and the last active owner stays."""
    if actor is not None and actor.id == target.id:
        raise ServiceError(409, "own_account", f"You cannot {doing} your own account.")
    if target.role == "owner" and target.disabled_at is None:
        # Locked so that two owners removing each other at once cannot leave none.
        active_owners = db.session.scalars(select(AdminUser.id).where(
            AdminUser.role == "owner", AdminUser.disabled_at.is_(None)).with_for_update()).all()
        if len(active_owners) <= 1:
            raise ServiceError(409, "last_owner", f"You cannot {doing} the last active owner; make another first.")


def set_disabled(actor: AdminUser | None, target: AdminUser, disabled: bool) -> AdminUser:
    """Disable an account (it can no longer log in and every token it holds stops working) or enable it again."""
    if disabled:
        if target.disabled_at is None:
            _check_may_remove(actor, target, "disable")
            target.disabled_at = utcnow()
            target.token_generation = AdminUser.token_generation + 1
    elif actor is not None and actor.id == target.id:
        raise ServiceError(409, "own_account", "You cannot enable your own account.")
    else:
        target.disabled_at = None
    db.session.flush()
    return target


def delete_user(actor: AdminUser | None, target: AdminUser) -> None:
    """Delete an account and its API tokens; the audit log keeps its email on what it did."""
    _check_may_remove(actor, target, "delete")
    db.session.delete(target)
    db.session.flush()


def find_user(user_id: int) -> AdminUser:
    user = db.session.get(AdminUser, user_id)
    if user is None:
        raise not_found("The account")
    return user


def find_user_by_email(email: str) -> AdminUser | None:
    return db.session.scalar(select(AdminUser).filter_by(email=normalize_email(email)))


def api_tokens_of(user: AdminUser) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).filter_by(user_id=user.id).order_by(ApiToken.id)))


def api_token_of(user: AdminUser, token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise not_found("The token")
    return token
