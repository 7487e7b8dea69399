"""`make bench`: runs every benchmark module in bench/, prints their JSON lines, keeps them in
bench/results/latest.jsonl (git-ignored). `python bench/run.py [module ...]` runs only those.

Each module runs as its own process with a time limit; a module that fails or runs out of time gives an
{"name": <module>, "error": ...} line and the others still run (the exit status is then 1). The whole run
is bounded by TOTAL_S. Budgets are judged inside each line ("met"); a missed goal is not a failure here.
"""
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
# In order, with each one's time limit in seconds (typical: 10 s, 90 s, 240 s, 85 s, 150-250 s, 60 s, and analytics
# 60-120 s from its cached databases; its first run generates them: about 10 and 8 minutes more).
MODULES = {"sdk_size": 120, "http_load": 240, "targeting": 480, "load": 180, "kb_search": 360, "browser": 180,
           "analytics": 1500}
TOTAL_S = 2400  # make bench stays under 40 minutes even on a first run or when something hangs


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    return {"name": "machine", "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
            "nproc": os.cpu_count(), "cpu": cpu, "mem_gib": round(mem / 2**20, 1),
            "load_avg": [round(x, 2) for x in os.getloadavg()], "python": platform.python_version()}


def main(argv: list[str]) -> int:
    wanted = argv or list(MODULES)
    unknown = [m for m in wanted if m not in MODULES]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(MODULES)}", file=sys.stderr)
        return 2
    RESULTS.mkdir(parents=True, exist_ok=True)
    lines, failed, started = [machine()], False, time.monotonic()
    print(json.dumps(lines[0], ensure_ascii=False), flush=True)
    for module in wanted:
        left = TOTAL_S - (time.monotonic() - started)
        limit = min(MODULES[module], left)
        t0 = time.monotonic()
        if limit < 10:
            result = [{"name": module, "error": "skipped: the run's time budget is spent"}]
        else:
            try:
                proc = subprocess.run([sys.executable, str(BENCH / f"{module}.py")], cwd=BENCH.parent, timeout=limit,
                                      stdout=subprocess.PIPE, text=True)  # stderr (progress) passes through
                result = [json.loads(row) for row in proc.stdout.splitlines() if row.startswith("{")]
                if proc.returncode:
                    result.append({"name": module, "error": f"exited with {proc.returncode}"})
            except subprocess.TimeoutExpired:
                result = [{"name": module, "error": f"timed out after {limit:.0f} s"}]
        failed |= any("error" in r for r in result)
        for r in result:
            r.setdefault("module_s", round(time.monotonic() - t0, 1))
            print(json.dumps(r, ensure_ascii=False), flush=True)
        lines += result
    lines.append({"name": "total", "seconds": round(time.monotonic() - started, 1)})
    print(json.dumps(lines[-1]), flush=True)
    (RESULTS / "latest.jsonl").write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
