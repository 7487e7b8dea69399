"""Settings read from WAYPOST_* environment variables, with defaults for a local install."""
import os


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def load_config(instance_path: str) -> dict:
    """Build the Flask config mapping for one process from the environment."""
    database_url = os.environ.get("WAYPOST_DATABASE_URL") or (
        "sqlite:///" + os.path.join(instance_path, "waypost.sqlite3")
    )
    return {
        "SECRET_KEY": os.environ.get("WAYPOST_SECRET_KEY", "dev-insecure-change-me"),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "MAX_CONTENT_LENGTH": _env_int("WAYPOST_MAX_BODY_BYTES", 1024 * 1024),
        "WAYPOST_EVENT_BATCH_LIMIT": _env_int("WAYPOST_EVENT_BATCH_LIMIT", 100),
        "WAYPOST_ACCESS_TOKEN_TTL": _env_int("WAYPOST_ACCESS_TOKEN_TTL", 12 * 3600),
        "WAYPOST_SDK_DIST": os.environ.get("WAYPOST_SDK_DIST", ""),
        "WAYPOST_ADMIN_DIST": os.environ.get("WAYPOST_ADMIN_DIST", ""),
        "API_TITLE": "Waypost API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.1.0",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
    }
