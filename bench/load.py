"""200 concurrent SDK clients for 60 s against `waypost serve` on PostgreSQL: errors (the goal is none) and latency.

The server is `waypost serve` (granian, WAYPOST_WORKERS processes of 4 threads) on a throwaway PostgreSQL database
seeded by seed.py, with the SDK rate limit raised (all the clients share one address here). Debian's wrk keeps
200 connections busy with lua/sdk_clients.lua: a closed loop in which each connection sends its next request as
soon as the last one is answered, so the server is saturated and latency is mostly time spent queued. wrk's
--timeout is 30 s: a request that waits in that queue is measured, not counted as a timeout, unless it gets no
answer for 30 s. /healthz under the same 200 connections is the in-run baseline.
"""
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import common
from common import emit, ensure_wrk, log

LUA = Path(__file__).resolve().parent / "lua" / "sdk_clients.lua"
CLIENTS, WRK_THREADS = 200, 2
SECONDS, WARMUP_S, HEALTHZ_S = 60, 5, 5
TIMEOUT_S = 30
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}
_PERCENTILE = re.compile(r"^\s*(50|75|90|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m|h)\s*$")


def latency_distribution(stdout: str) -> dict:
    """wrk --latency's "Latency Distribution" block as {"p50_ms": ..., "p75_ms": ..., "p90_ms": ..., "p99_ms": ...}."""
    found = {}
    for line in stdout.split("Latency Distribution", 1)[-1].splitlines():
        match = _PERCENTILE.match(line)
        if match:
            found[f"p{match[1]}_ms"] = round(float(match[2]) * _UNITS[match[3]], 2)
    if len(found) != 4:
        raise RuntimeError(f"no latency distribution in wrk's output: {stdout[-1500:]}")
    return found


def run_wrk(url: str, seconds: int, script_args: list[str] | None = None) -> dict:
    """One wrk run at CLIENTS connections: the script's WRK_JSON summary (if any), the --latency percentiles, errors."""
    args = ["wrk", f"-t{WRK_THREADS}", f"-c{CLIENTS}", f"-d{seconds}s", "--timeout", f"{TIMEOUT_S}s", "--latency"]
    args += ["-s", str(LUA), url, "--", *script_args] if script_args else [url + "/healthz"]
    out = subprocess.run(args, capture_output=True, text=True, timeout=seconds + TIMEOUT_S + 30)
    if out.returncode:
        raise RuntimeError(f"wrk failed ({out.returncode}): {out.stdout[-1500:]} {out.stderr[-1500:]}")
    result = {"latency": latency_distribution(out.stdout)}
    line = next((row for row in out.stdout.splitlines() if row.startswith("WRK_JSON ")), None)
    if line:
        result.update(json.loads(line.removeprefix("WRK_JSON ")))
        statuses = {}  # "kind status": n -> {kind: {status: n}}
        for pair, n in result["statuses"].items():
            kind, status = pair.split()
            statuses.setdefault(kind, {})[status] = n
        result["statuses"] = statuses
        result["non_2xx"] = sum(n for codes in statuses.values() for code, n in codes.items()
                                if not 200 <= int(code) < 300)
        sockets = {k: v for k, v in result["errors"].items() if k != "status"}  # connect, read, write, timeout
        result["errors_by"] = {"non_2xx": result["non_2xx"], **sockets}
        result["error_count"] = sum(result["errors_by"].values())
        result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    else:  # plain /healthz: wrk's own summary
        match = re.search(r"Requests/sec:\s+([\d.]+)", out.stdout)
        result["rps"] = float(match[1]) if match else 0.0
        result["error_count"] = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out.stdout))
        match = re.search(r"Non-2xx or 3xx responses: (\d+)", out.stdout)
        result["error_count"] += int(match[1]) if match else 0
    return result


def drain(url: str, limit_s: float = 30) -> float:
    """Wait until the server has answered what an earlier run left queued (wrk stops, the queue does not): until
    /healthz answers within 100 ms twice in a row. Returns the seconds waited."""
    started, quick = time.monotonic(), 0
    while quick < 2 and time.monotonic() - started < limit_s:
        asked = time.monotonic()
        with urllib.request.urlopen(url + "/healthz", timeout=limit_s) as response:
            response.read()
        quick = quick + 1 if time.monotonic() - asked < 0.1 else 0
        time.sleep(0.05)
    return time.monotonic() - started


def load_bench(served, seeded) -> dict:
    def script():
        return [seeded["key"], seeded["origin"], str(seeded["users"]), secrets.token_hex(4),
                str(seeded["articles"]), str(seeded["tours"])]

    warm = run_wrk(served.url, WARMUP_S, script())  # workers' imports, caches and connection pools
    log(f"warm-up: {warm['rps']:.0f} req/s, p99 {warm['latency']['p99_ms']} ms, {warm['error_count']} errors; "
        f"drained in {drain(served.url):.1f} s")
    healthz = run_wrk(served.url, HEALTHZ_S)
    log(f"/healthz at {CLIENTS} connections: {healthz['rps']:.0f} req/s, p99 {healthz['latency']['p99_ms']} ms; "
        f"drained in {drain(served.url):.1f} s")
    run = run_wrk(served.url, SECONDS, script())
    log(f"load: {run['rps']:.0f} req/s, {run['latency']}, errors {run['errors_by']}")
    by_kind = {kind: sum(codes.values()) for kind, codes in run["statuses"].items() if kind != "error"}
    return {"name": "load_200_clients", "db": "postgresql", "clients": CLIENTS, "seconds": SECONDS,
            **run["latency"], "p999_ms": run["latency_ms"]["p999"], "max_ms": run["latency_ms"]["max"],
            "errors": run["error_count"], "met": run["error_count"] == 0, "errors_by": run["errors_by"],
            "requests": run["requests"], "rps": round(run["rps"], 1), "by_kind": by_kind,
            "error_statuses": run["statuses"].get("error", {}), "events_accepted": run["accepted"],
            "warmup_errors": warm["error_count"],
            "healthz": {"rps": round(healthz["rps"], 1), **healthz["latency"], "errors": healthz["error_count"]},
            "wrk_timeout_s": TIMEOUT_S, "workers": int(os.environ.get("WAYPOST_WORKERS", "2")), "threads": 4,
            "load_avg_after": [round(x, 2) for x in os.getloadavg()]}


def main() -> int:
    ensure_wrk()
    if not common.postgres_reachable():
        emit({"name": "load_200_clients", "db": "postgresql", "skipped": f"unreachable at {common.PG_ADMIN_URL}"})
        return 0
    import seed

    work = Path(tempfile.mkdtemp(prefix="waypost-bench-load-"))
    try:
        with common.throwaway_postgres("load") as pg_url:
            log("seeding PostgreSQL: 50 tours, 30 help articles, 10,000 users")
            seeded = seed.seed(common.flask_app(pg_url))
            with common.Served(pg_url, work) as served:
                emit(load_bench(served, seeded))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
