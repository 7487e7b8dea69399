"""How `waypost serve` logs: one line per event on stderr, for people to read, with secrets taken out.

Every line starts with the time, the level and the logger; an error's traceback follows its line, indented. Query
strings reach the access log with the values of credential-like parameters, and anything shaped like a token,
replaced by `[redacted]`.
"""
import logging
import re
import time
from urllib.parse import parse_qsl, urlencode

REDACTED = "[redacted]"
ACCESS_FORMAT = '%(addr)s "%(method)s %(target)s %(protocol)s" %(status)d %(dt_ms).1f ms'
_SECRET_NAME = re.compile(r"token|secret|password|passwd|signature|sig$|auth|session|jwt|api_?key", re.I)
# API tokens (wpt_…), app secrets (sk_…) and JWTs, wherever they appear
_SECRET_SHAPE = re.compile(r"\b(?:wpt|sk)_[\w-]{8,}|\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*")


def redact_text(text: str) -> str:
    return _SECRET_SHAPE.sub(REDACTED, text)


def redact_query(query: str) -> str:
    """The query string with credential-like parameters' values replaced; never raises."""
    if not query:
        return ""
    pairs = parse_qsl(query, keep_blank_values=True)
    kept = [(name, REDACTED if _SECRET_NAME.search(name) else redact_text(value)) for name, value in pairs]
    return urlencode(kept, safe="[]/:,*")


class RedactAccess(logging.Filter):
    """Builds granian's access-log `target` (path and redacted query) for ACCESS_FORMAT."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, dict) and "path" in record.args:
            query = redact_query(record.args.get("query_string") or "")
            record.args["target"] = redact_text(record.args["path"]) + (f"?{query}" if query else "")
        return True


class OneLineFormatter(logging.Formatter):
    """`2026-12-03T09:10:11Z ERROR server.api.errors: message`; a traceback below, each line indented."""

    converter = time.gmtime

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%SZ")

    def format(self, record: logging.LogRecord) -> str:
        head, *rest = super().format(record).split("\n")
        return "\n".join([head, *("    " + line for line in rest)])


def logging_config(level: str = "INFO") -> dict:
    """A logging.config.dictConfig for the server process and its workers; keeps every logger that exists."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"redact_access": {"()": RedactAccess}},
        "formatters": {"line": {"()": OneLineFormatter}},
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "line"},
            "access": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "line",
                       "filters": ["redact_access"]},
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            "_granian": {"handlers": ["stderr"], "level": level, "propagate": False},
            "granian.access": {"handlers": ["access"], "level": level, "propagate": False},
            "alembic": {"level": "WARNING"},
            "sqlalchemy": {"level": "WARNING"},
        },
    }
