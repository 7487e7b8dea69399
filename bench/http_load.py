"""Bootstrap throughput against /healthz on the same server, and event ingestion on SQLite and PostgreSQL.

The server is the real thing: `waypost serve` (granian, WAYPOST_WORKERS processes of 4 threads) on a seeded
temporary database. The load generator is Debian's wrk with lua/waypost.lua. /healthz and bootstrap alternate
in rounds so that a noisy neighbour hits both alike; the goal is a ratio, measured in this run. Beside it, on a
second server (floor_server.py), the floors: what an answer of bootstrap's size costs through Flask alone and
through the layer every SDK route shares.
"""
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import common
from common import emit, ensure_wrk, log

LUA = Path(__file__).resolve().parent / "lua" / "waypost.lua"
CONNECTIONS = int(os.environ.get("WAYPOST_BENCH_CONNECTIONS", "8"))
WRK_THREADS = 1
ROUNDS, ROUND_S, WARMUP_S = 5, 2, 2        # bootstrap vs /healthz: 5 alternating rounds of 2 s = 10 s each
FLOOR_ROUNDS = 3                           # bootstrap's floors: 3 rounds of each of 4 modes
HEALTHZ_S = 3                              # /healthz on each events server: that run's baseline
EVENTS_S, DRAIN_S = 10, 3                  # events: 10 s of batches, then /healthz only until every batch is answered
BATCH = 50


def wrk(url: str, mode: str, seeded: dict, seconds: float, nonce: str = "00000000", events_until: int = 0) -> dict:
    """One wrk run; returns the WRK_JSON summary printed by the script's done()."""
    args = ["wrk", f"-t{WRK_THREADS}", f"-c{CONNECTIONS}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
            "-s", str(LUA), url, "--", mode, seeded["key"], seeded["origin"], str(seeded["users"]), nonce,
            str(events_until)]
    out = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 30)
    line = next((row for row in out.stdout.splitlines() if row.startswith("WRK_JSON ")), None)
    if out.returncode or line is None:
        raise RuntimeError(f"wrk failed ({out.returncode}): {out.stdout[-1500:]} {out.stderr[-1500:]}")
    result = json.loads(line.removeprefix("WRK_JSON "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["socket_errors"] = sum(v for k, v in result["errors"].items() if k != "status")
    return result


def errors_of(runs: list[dict]) -> int:
    return sum(r["errors"]["status"] + r["socket_errors"] for r in runs)


def alternating(served, seeded, modes: tuple[str, ...], rounds: int) -> dict:
    """Rounds of each mode in turn on one server, so that noise from other processes hits them alike."""
    return interleaved(served, [(mode, mode, seeded) for mode in modes], rounds)


def interleaved(served, steps: list[tuple[str, str, dict]], rounds: int) -> dict:
    """Rounds of each step (a name, a wrk mode and the app it asks) in turn on one server, so that noise from other
    processes hits them alike."""
    for _, mode, seeded in steps:  # warm-up: imports, connection pools, compiled tours in every worker
        wrk(served.url, mode, seeded, WARMUP_S)
    runs = {name: [] for name, _, _ in steps}
    shares = {name: [] for name, _, _ in steps}
    for _ in range(rounds):
        for name, mode, seeded in steps:
            before = served.worker_cpu()
            runs[name].append(wrk(served.url, mode, seeded, ROUND_S))
            after = served.worker_cpu()
            used = [after[pid] - before[pid] for pid in after.keys() & before.keys()] or [0]
            shares[name].append(round(min(used) / max(1, sum(used)), 2))
            log(f"{name}: {runs[name][-1]['rps']:.0f} req/s, p50 {runs[name][-1]['latency_ms']['p50']} ms, "
                f"least busy worker {shares[name][-1]:.0%} of the workers' CPU")
    rate = {m: sum(r["requests"] for r in rs) / sum(r["duration_us"] / 1e6 for r in rs) for m, rs in runs.items()}
    return {"rate": rate, "runs": runs, "shares": shares}


def bootstrap_vs_healthz(served, seeded) -> dict:
    measured = alternating(served, seeded, ("healthz", "bootstrap"), ROUNDS)
    rate, runs = measured["rate"], measured["runs"]
    ratio = rate["bootstrap"] / rate["healthz"]
    return {"name": "bootstrap_rps", "value": round(rate["bootstrap"], 1), "healthz_rps": round(rate["healthz"], 1),
            "ratio": round(ratio, 3), "goal_ratio": 0.8, "met": ratio >= 0.8,
            "errors": errors_of(runs["bootstrap"]), "healthz_errors": errors_of(runs["healthz"]),
            "rounds": {m: [round(r["rps"], 1) for r in rs] for m, rs in runs.items()},
            "least_busy_worker_cpu_share": measured["shares"],
            "latency_ms": {m: rs[-1]["latency_ms"] for m, rs in runs.items()},
            "connections": CONNECTIONS, "workers": int(os.environ.get("WAYPOST_WORKERS", "2")), "threads": 4,
            "users": seeded["users"], "tours": seeded["tours"]}


def bootstrap_floors(db_url: str, work: Path, seeded) -> dict:
    """What a bootstrap answer costs at the least in this stack, as ratios to /healthz (see floor_server.py)."""
    record = ("/api/v1/sdk/bootstrap?user_id=user-00042&url=https%3A%2F%2Fapp.bench.test%2Fapp%2Fprojects"
              "&locale=th&traits=%7B%22plan%22%3A%22trial%22%2C%22role%22%3A%22admin%22%7D")
    command = [sys.executable, str(Path(__file__).resolve().parent / "floor_server.py"),
               "--key", seeded["key"], "--origin", seeded["origin"], "--record", record]
    modes = ("healthz", "floor_answer", "floor_sdk", "bootstrap")
    with common.Served(db_url, work, command=command) as served:
        answer_bytes = len(urllib.request.urlopen(served.url + "/bench/floor/answer", timeout=10).read())
        measured = alternating(served, seeded, modes, FLOOR_ROUNDS)
    rate, runs = measured["rate"], measured["runs"]
    return {"name": "bootstrap_floors", "answer_bytes": answer_bytes,
            "rps": {m: round(rate[m], 1) for m in modes},
            "ratio_to_healthz": {m: round(rate[m] / rate["healthz"], 3) for m in modes[1:]},
            "errors": {m: errors_of(runs[m]) for m in modes},
            "least_busy_worker_cpu_share": measured["shares"]}


def stored_events(db_url: str, since: datetime) -> tuple[int, int, float]:
    """(events stored in all, events received since `since`, seconds from `since` to the last one received)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.connect() as conn:
        total = conn.execute(text("SELECT count(*) FROM events")).scalar_one()
        rows = conn.execute(text("SELECT received_at FROM events WHERE received_at >= :since"),
                            {"since": since.strftime("%Y-%m-%d %H:%M:%S.%f") if "sqlite" in db_url else since}).scalars()
        received = [r if isinstance(r, datetime) else datetime.fromisoformat(r) for r in rows]
    engine.dispose()
    last = max(received, default=since)
    last = last.astimezone(UTC) if last.tzinfo else last.replace(tzinfo=UTC)
    return total, len(received), (last - since).total_seconds()


def events_run(served, seeded, seconds: float) -> dict:
    """Batches for `seconds`, then a drain of /healthz requests, so that every batch sent is answered in the run."""
    start = time.time()
    until = int(start + seconds) + 1           # the Lua script switches to /healthz at this epoch second
    result = wrk(served.url, "events", seeded, until - start + DRAIN_S, nonce=secrets.token_hex(4), events_until=until)
    result["started"] = datetime.fromtimestamp(start, UTC)
    return result


def events_bench(db_name: str, db_url: str, served, seeded) -> dict:
    healthz = wrk(served.url, "healthz", seeded, HEALTHZ_S)  # this server's baseline, for the ratio
    warm = events_run(served, seeded, 2)
    run = events_run(served, seeded, EVENTS_S)
    stored, in_run, seconds = stored_events(db_url, run["started"])
    acked = warm["accepted"] + run["accepted"]
    # From wrk's start to the last event the server received: Lua has no wall clock finer than a second.
    rate = run["accepted"] / seconds if seconds > 0 else 0.0
    log(f"events {db_name}: {rate:.0f} events/s ({run['events_acked']} batches in {seconds:.2f} s), "
        f"stored {stored}, acknowledged {acked}")
    # The goal is SQLite's; PostgreSQL is reported beside it.
    goal = {"goal": 20000, "met": rate >= 20000} if db_name == "sqlite" else {"reported_beside": "sqlite"}
    return {"name": "events_per_s", "db": db_name, "value": round(rate, 1), **goal,
            "errors": errors_of([warm, run]) + warm["event_errors"] + run["event_errors"],
            "batch": BATCH, "batches_per_s": round(run["events_acked"] / seconds, 1) if seconds > 0 else 0.0,
            "seconds": round(seconds, 2), "healthz_rps": round(healthz["rps"], 1),
            "batches_to_healthz": round(run["events_acked"] / seconds / healthz["rps"], 3) if seconds > 0 else 0.0,
            "stored": stored, "stored_in_run": in_run, "acknowledged": acked,
            "duplicates": warm["duplicates"] + run["duplicates"], "stored_equals_acknowledged": stored == acked,
            "connections": CONNECTIONS}


def main() -> int:
    ensure_wrk()
    import seed

    work = Path(tempfile.mkdtemp(prefix="waypost-bench-http-"))
    try:
        db_url = common.sqlite_url(work / "load.sqlite3")
        log("seeding SQLite: 50 tours, 10,000 users")
        seeded = seed.seed(common.flask_app(db_url))
        with common.Served(db_url, work) as served:
            emit(bootstrap_vs_healthz(served, seeded))
            emit(bootstrap_floors(db_url, work, seeded))  # before events change the users' progress
            emit(events_bench("sqlite", db_url, served, seeded))
        if common.postgres_reachable():
            with common.throwaway_postgres("events") as pg_url:
                log("seeding PostgreSQL")
                seeded = seed.seed(common.flask_app(pg_url))
                with common.Served(pg_url, work) as served:
                    emit(events_bench("postgresql", pg_url, served, seeded))
        else:
            emit({"name": "events_per_s", "db": "postgresql", "skipped": f"unreachable at {common.PG_ADMIN_URL}"})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
