"""Admin accounts: passwords, access tokens (JWT) and API tokens (hashed at rest)."""
import hashlib
import secrets
from datetime import timedelta

import jwt
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import ROLES, AdminUser, ApiToken, utcnow
from .errors import ServiceError

API_TOKEN_PREFIX = "wpt_"
_DUMMY_HASH = generate_password_hash("timing-equaliser")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def create_user(email: str, role: str, password: str) -> AdminUser:
    email = normalize_email(email)
    if role not in ROLES:
        raise ServiceError(422, "validation_error", "Unknown role.", {"role": [f"Must be one of {', '.join(ROLES)}."]})
    if len(password) < 8:
        raise ServiceError(422, "validation_error", "The password is too short.",
                           {"password": ["Use at least 8 characters."]})
    if db.session.scalar(select(AdminUser).filter_by(email=email)):
        raise ServiceError(409, "conflict", "A user with this email already exists.", {"email": ["Already taken."]})
    user = AdminUser(email=email, role=role, password_hash=generate_password_hash(password))
    db.session.add(user)
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> AdminUser:
    user = db.session.scalar(select(AdminUser).filter_by(email=normalize_email(email)))
    if not check_password_hash(user.password_hash if user else _DUMMY_HASH, password) or user is None:
        raise ServiceError(401, "invalid_credentials", "The email or password is wrong.")
    return user


def issue_access_token(user: AdminUser, secret_key: str, ttl_seconds: int) -> str:
    now = utcnow()
    claims = {"sub": str(user.id), "role": user.role, "iat": now, "exp": now + timedelta(seconds=ttl_seconds)}
    return jwt.encode(claims, secret_key, algorithm="HS256")


def user_for_access_token(token: str, secret_key: str) -> AdminUser:
    try:
        claims = jwt.decode(token, secret_key, algorithms=["HS256"], options={"require": ["exp", "sub"]})
    except jwt.ExpiredSignatureError:
        raise ServiceError(401, "token_expired", "The access token has expired; log in again.")
    except jwt.InvalidTokenError:
        raise ServiceError(401, "invalid_token", "The access token is not valid.")
    user = db.session.get(AdminUser, int(claims["sub"])) if str(claims["sub"]).isdigit() else None
    if user is None:
        raise ServiceError(401, "invalid_token", "The access token is not valid.")
    return user


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_token(user: AdminUser, name: str) -> tuple[ApiToken, str]:
    plaintext = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, token_hash=_hash_token(plaintext), prefix=plaintext[:12])
    db.session.add(token)
    db.session.commit()
    return token, plaintext


def user_for_api_token(plaintext: str) -> AdminUser:
    token = db.session.scalar(select(ApiToken).filter_by(token_hash=_hash_token(plaintext)))
    if token is None or token.revoked_at is not None:
        raise ServiceError(401, "invalid_token", "The API token is not valid or was revoked.")
    token.last_used_at = utcnow()
    db.session.commit()
    return token.user


def revoke_api_token(token: ApiToken) -> None:
    token.revoked_at = token.revoked_at or utcnow()
    db.session.commit()


def user_for_bearer(token: str, secret_key: str) -> AdminUser:
    if token.startswith(API_TOKEN_PREFIX):
        return user_for_api_token(token)
    return user_for_access_token(token, secret_key)
