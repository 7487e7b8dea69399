"""Who the end user is: a host-chosen id, proven by a JWT from the host's backend when required."""
import unicodedata

import jwt

from ..models import App
from .errors import ServiceError

MAX_USER_ID = 255


def normalize_user_id(user_id: str) -> str:
    """One spelling per id: NFC, so a host sending "é" precomposed on one page and decomposed on another
    has one end user, not two that look the same."""
    return unicodedata.normalize("NFC", user_id)


def verified_user_id(app: App, user_id: str | None, user_token: str | None) -> str:
    """The end user's id (NFC), checked against the identity token when the app requires one."""
    if isinstance(user_id, str):
        user_id = normalize_user_id(user_id)
    if not user_id or not isinstance(user_id, str) or len(user_id) > MAX_USER_ID:
        raise ServiceError(422, "validation_error", "A user id is required.",
                           {"user_id": [f"Give a string of 1 to {MAX_USER_ID} characters."]})
    if not app.require_identity:
        return user_id
    if not user_token:
        raise ServiceError(401, "identity_required", "This app requires a signed user token.",
                           {"user_token": ["Missing."]})
    try:
        claims = jwt.decode(user_token, app.secret, algorithms=["HS256"], options={"require": ["exp", "sub"]})
    except jwt.ExpiredSignatureError:
        raise ServiceError(401, "identity_expired", "The user token has expired.", {"user_token": ["Expired."]}) from None
    except jwt.InvalidTokenError:
        raise ServiceError(401, "identity_invalid", "The user token is not valid.", {"user_token": ["Invalid."]}) from None
    if normalize_user_id(str(claims["sub"])) != user_id:
        raise ServiceError(401, "identity_mismatch", "The user token was issued for another user.",
                           {"user_token": ["Its sub does not match user_id."]})
    return user_id
