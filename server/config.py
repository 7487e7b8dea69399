"""Settings read from WAYPOST_* environment variables, with defaults for a local install."""
import os
import secrets

from sqlalchemy.engine import make_url

MIN_SECRET_KEY_BYTES = 32


class ConfigError(Exception):
    """A setting Waypost refuses to start with; the message says how to fix it."""


def check_secret_key(secret_key: str) -> None:
    """Access tokens are HS256 JWTs signed with the key: a short one can be guessed offline from one token."""
    size = len(secret_key.encode())
    if size < MIN_SECRET_KEY_BYTES:
        raise ConfigError(
            f"WAYPOST_SECRET_KEY is {size} bytes long; it signs admin access tokens and must be at least "
            f"{MIN_SECRET_KEY_BYTES} bytes. Make one with: python3 -c 'import secrets; print(secrets.token_urlsafe(48))' "
            "(or unset it to use the random key kept in instance/secret_key).")


def make_private_dir(path: str) -> None:
    """The instance folder holds the secret key and the SQLite database: created readable by its owner only."""
    os.makedirs(path, mode=0o700, exist_ok=True)


def create_private_sqlite_file(database_url: str) -> None:
    """Create a SQLite database file 0600 before SQLite does (it would follow the umask, usually 0644): it holds
    the apps' secrets. SQLite gives its -wal and -shm files the same mode. An existing file is left as it is."""
    url = make_url(database_url)
    path = url.database
    if url.get_backend_name() != "sqlite" or not path or path == ":memory:" or path.startswith("file:"):
        return
    if not os.path.isdir(os.path.dirname(os.path.abspath(path))):
        return  # SQLite will say so when it connects
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _secret_key(instance_path: str) -> str:
    """WAYPOST_SECRET_KEY, else a random key kept in the instance folder so restarts keep sessions."""
    if os.environ.get("WAYPOST_SECRET_KEY"):
        return os.environ["WAYPOST_SECRET_KEY"]
    path = os.path.join(instance_path, "secret_key")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    with open(path) as handle:
        return handle.read().strip()


def load_config(instance_path: str) -> dict:
    """Build the Flask config mapping for one process from the environment."""
    database_url = os.environ.get("WAYPOST_DATABASE_URL") or (
        "sqlite:///" + os.path.join(instance_path, "waypost.sqlite3")
    )
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "MAX_CONTENT_LENGTH": _env_int("WAYPOST_MAX_BODY_BYTES", 1024 * 1024),
        "WAYPOST_MEDIA_MAX_BYTES": _env_int("WAYPOST_MEDIA_MAX_BYTES", 50 * 1024 * 1024),
        "WAYPOST_MEDIA_DIR": os.environ.get("WAYPOST_MEDIA_DIR", ""),
        "WAYPOST_EVENT_BATCH_LIMIT": _env_int("WAYPOST_EVENT_BATCH_LIMIT", 100),
        "WAYPOST_ACCESS_TOKEN_TTL": _env_int("WAYPOST_ACCESS_TOKEN_TTL", 12 * 3600),
        "WAYPOST_SDK_DIST": os.environ.get("WAYPOST_SDK_DIST", ""),
        "WAYPOST_ADMIN_DIST": os.environ.get("WAYPOST_ADMIN_DIST", ""),
        "WAYPOST_DEMO_TOURS": os.environ.get("WAYPOST_DEMO_TOURS", ""),
        "WAYPOST_PROXY_HOPS": _env_int("WAYPOST_PROXY_HOPS", 0),
        "WAYPOST_WEBHOOK_ALLOW_PRIVATE": os.environ.get("WAYPOST_WEBHOOK_ALLOW_PRIVATE", "") == "1",
        "WAYPOST_MISSING_TARGET_ALERT_USERS": _env_int("WAYPOST_MISSING_TARGET_ALERT_USERS", 5),
        "WAYPOST_JOBS_INTERVAL": float(os.environ.get("WAYPOST_JOBS_INTERVAL") or 15),
        "WAYPOST_EVENT_RETENTION_DAYS": _env_int("WAYPOST_EVENT_RETENTION_DAYS", 0),
        "RATELIMIT_STORAGE_URI": os.environ.get("WAYPOST_RATELIMIT_STORAGE_URI", "waypost-memory://"),
        "WAYPOST_SDK_RATE_LIMIT": os.environ.get("WAYPOST_SDK_RATE_LIMIT", "600 per minute"),
        "WAYPOST_LOGIN_RATE_LIMIT": os.environ.get("WAYPOST_LOGIN_RATE_LIMIT", "10 per minute"),
        "WAYPOST_LOGIN_ADDRESS_RATE_LIMIT": os.environ.get("WAYPOST_LOGIN_ADDRESS_RATE_LIMIT", "30 per minute"),
        "API_TITLE": "Waypost API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.1.0",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
    }
