"""Waypost as `waypost serve` runs it, plus two routes that answer a recorded bootstrap answer: the floors
below which no bootstrap can go in this stack (`http_load.py`'s `bootstrap_floors` line).

- `/bench/floor/answer`: /healthz's own work (`SELECT 1`), answering the recorded bytes instead of
  `{"status": "ok"}`: what the answer's size costs over HTTP.
- `/api/v1/bench-floor/answer`: the layer every SDK route shares (key → app snapshot, origin check, the SDK
  rate limit, CORS headers), then `cacheable_json` (orjson, ETag, conditional answer) of the recorded answer:
  a bootstrap without parsing its query, reading its user and choosing its tours.

Only the bench starts this: `python bench/floor_server.py --host H --port P --key K --origin O --record PATH`,
with the database in WAYPOST_DATABASE_URL, already migrated and seeded.
"""
import argparse
import os

import common  # noqa: F401  (puts the checkout on sys.path)
import orjson
from flask import Blueprint, Response
from sqlalchemy import text

from server import create_app
from server.api.sdk_guard import cacheable_json, protect
from server.extensions import db
from server.serving import run_server


def floor_app(key: str, origin: str, record: str):
    app = create_app()
    recorded = {}

    @app.get("/bench/floor/answer")
    def floor_answer():
        db.session.execute(text("SELECT 1"))
        return Response(recorded["body"], mimetype="application/json")

    sdk_floor = Blueprint("bench_floor", __name__, url_prefix="/api/v1/bench-floor")
    protect(sdk_floor)

    @sdk_floor.get("/answer")
    def floor_sdk():
        return cacheable_json(recorded["payload"])

    app.register_blueprint(sdk_floor)
    answer = app.test_client().get(record, headers={"X-Waypost-Key": key, "Origin": origin})
    if answer.status_code != 200:
        raise SystemExit(f"recording {record} failed: {answer.status_code} {answer.get_data(as_text=True)[:500]}")
    recorded["body"] = answer.get_data()
    recorded["payload"] = orjson.loads(recorded["body"])
    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    for name in ("host", "key", "origin", "record"):
        parser.add_argument(f"--{name}", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WAYPOST_WORKERS", "2")))  # as `waypost serve`
    args = parser.parse_args()
    run_server(floor_app(args.key, args.origin, args.record), args.host, args.port, args.workers)


if __name__ == "__main__":
    main()
