"""Bootstrap with many targeted experiences: 200 published experiences, each with 20 audience rules, in an app with
1,000,000 stored events, as ratios to /healthz on the same server, beside the http_load app (50 tours, trait
audiences) measured in the same run, and with the behaviour rules' cost shown apart: the same 200 experiences
whose rules count the user's events, and the same without those rules.

The three apps share one seeded database and one `waypost serve`; wrk (lua/waypost.lua, the same request mix as
http_load: 10,000 users with their stored traits, 7 pages, 5 locales) alternates /healthz and the three bootstraps
in rounds. On SQLite, then on PostgreSQL (the production store; a throwaway database) when it is reachable.
"""
import random
import shutil
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import common
from common import emit, ensure_wrk, log
from http_load import errors_of, interleaved

EXPERIENCES, RULES, EVENTS = 200, 20, 1_000_000
EVENT_TYPES = [f"custom:action_{n}" for n in range(20)]
COUNTED = EVENT_TYPES[:5]  # what the behaviour rules count (5 events × 2 windows: 10 index ranges per user)
ROUNDS = 6


def _pool() -> list[dict]:
    """60 distinct rules that hold for every bench user (its traits are plan and role): the segments one app's
    experiences draw on (6 kinds × 10 values)."""
    pool = []
    for k in range(10):
        pool += [{"trait": "plan", "op": "not_equals", "value": f"legacy-{k}"},
                 {"trait": f"flag_{k}", "op": "not_set"},
                 {"trait": "role", "op": "not_in", "value": [f"owner-{k}", f"billing-{k}"]},
                 {"trait": "plan", "op": "in", "value": ["trial", "pro", "free", f"team-{k}"]},
                 {"trait": "role", "op": "is_set"} if k == 0 else {"trait": f"seats_{k}", "op": "not_set"},
                 {"trait": "plan", "op": "starts_with", "value": ""} if k == 0 else
                 {"trait": "role", "op": "not_equals", "value": f"guest-{k}"}]
    return pool


POOL = _pool()


def audience(n: int, behaviour: bool) -> dict:
    """20 rules: 18 drawn from POOL (they hold for every bench user) and a last two that together take 1 user in 6,
    a plan and a role (so that the answer stays the size of the http_load app's): all 20 are read for every
    experience on the page. With `behaviour`, 2 of the 18 count the user's events (a count that always holds, so it
    is never skipped)."""
    held = random.Random(n).sample(POOL, RULES - 2)
    if behaviour:
        held[5] = {"event": COUNTED[n % 5], "op": "fewer_than", "count": 100000, "within_days": 7}
        held[11] = {"event": COUNTED[(n + 2) % 5], "op": "fewer_than", "count": 100000, "within_days": 30}
    last = [{"trait": "plan", "op": "equals", "value": ("trial", "pro", "free")[n % 3]},
            {"trait": "role", "op": "equals", "value": ("admin", "member")[n // 3 % 2]}]
    return {"all": [*held, *last]}


def specs(behaviour: bool) -> list[dict]:
    from seed import _RULES

    out = []
    for n in range(EXPERIENCES):
        steps = [{"id": f"s{s}", "title": f"Step {s + 1}", "body": "Use **this** to get work done faster.",
                  "target": "#stats" if s else None} for s in range(3)]
        out.append({"id": f"exp-{n:03d}", "name": f"Targeted {n}", "auto": n % 4 != 3, "locale": "en",
                    "match": _RULES[n % len(_RULES)], "audience": audience(n, behaviour), "steps": steps})
    return out


def seed_app(app, name: str, behaviour: bool, events: int) -> dict:
    from seed import ORIGIN, USERS, user_id, user_traits
    from sqlalchemy import insert

    from server.extensions import db
    from server.models import EndUser, Event
    from server.schemas.tour_spec import TourSpecSchema
    from server.services import tours as tour_service
    from server.services.apps import create_app_record

    with app.app_context():
        record = create_app_record(name, [ORIGIN])
        for raw in specs(behaviour):
            tour_service.publish(tour_service.create_tour(record, TourSpecSchema().load(raw)), "bench")
        now = datetime.now(UTC)
        users = [{"app_id": record.id, "external_id": user_id(i), "traits": user_traits(i),
                  "first_seen_at": now - timedelta(days=90), "last_seen_at": now} for i in range(1, USERS + 1)]
        ids = list(db.session.scalars(insert(EndUser).returning(EndUser.id, sort_by_parameter_order=True), users))
        db.session.commit()
        rng = random.Random(11)
        started = time.monotonic()
        for first in range(0, events, 50_000):
            rows = []
            for _ in range(min(50_000, events - first)):
                at = now - timedelta(seconds=rng.randrange(90 * 86400))
                rows.append({"app_id": record.id, "client_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                             "type": rng.choice(EVENT_TYPES), "end_user_id": rng.choice(ids),
                             "url": "/app/projects", "client_ts": at, "received_at": at})
            db.session.execute(insert(Event), rows)
            db.session.commit()
        if events:
            log(f"{events:,} events stored in {time.monotonic() - started:.0f} s")
        key = record.key
        db.session.remove()
    return {"key": key, "origin": ORIGIN, "users": USERS}


def measure(db_url: str, dialect: str, work: Path) -> dict:
    import seed

    app = common.flask_app(db_url)
    log(f"seeding {dialect}: the http_load app, then 2 apps of 200 experiences × 20 rules, 1,000,000 events")
    apps = {"today": seed.seed(app),
            "rules": seed_app(app, "Rules", behaviour=False, events=0),
            "behaviour": seed_app(app, "Behaviour", behaviour=True, events=EVENTS)}
    with app.app_context():
        from sqlalchemy import text

        from server.extensions import db
        db.session.remove()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:  # as autovacuum would
            conn.execute(text("VACUUM ANALYZE" if dialect == "postgresql" else "ANALYZE"))
        db.engine.dispose()
    with common.Served(db_url, work) as served:  # /healthz and the three apps' bootstraps, in turn each round
        measured = interleaved(served, [("healthz", "healthz", apps["today"]),
                                        *((name, "bootstrap", seeded) for name, seeded in apps.items())], ROUNDS)
    rate, runs = measured["rate"], measured["runs"]
    ratio = {name: rate[name] / rate["healthz"] for name in apps}
    return {"name": "bootstrap_targeting", "db": dialect,
            "experiences": EXPERIENCES, "rules_each": RULES, "events": EVENTS,
            "ratio_to_healthz": {name: round(r, 3) for name, r in ratio.items()},
            "bootstrap_rps": {name: round(rate[name], 1) for name in apps},
            "healthz_rps": round(rate["healthz"], 1),
            "rounds": {name: [round(r["rps"], 1) for r in rs] for name, rs in runs.items()},
            "latency_ms": {name: runs[name][-1]["latency_ms"] for name in apps},
            "errors": sum(errors_of(runs[name]) for name in apps),
            "behaviour_cost": round(1 - ratio["behaviour"] / ratio["rules"], 3),
            "goal": "ratio of the 200 × 20 app with 1M events at least 0.9 × the http_load app's",
            "met": ratio["behaviour"] >= 0.9 * ratio["today"]}


def main() -> int:
    ensure_wrk()
    work = Path(tempfile.mkdtemp(prefix="waypost-bench-targeting-"))
    try:
        emit(measure(common.sqlite_url(work / "targeting.sqlite3"), "sqlite", work))
        if not common.postgres_reachable():
            emit({"name": "bootstrap_targeting_postgresql", "error": f"PostgreSQL unreachable at {common.PG_ADMIN_URL}"})
            return 1
        with common.throwaway_postgres("targeting") as url:
            emit(measure(url, "postgresql", work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
