"""The SDK in a real browser: time to the first tour step, and what the snippet costs the host page's main thread.

`waypost serve --demo` on a temporary SQLite database; Debian's Chromium driven by Playwright. Every page load
gets a fresh browser context (empty cache and storage) and a fresh user id, so the auto tour starts each time.
The demo page's HTML goes through page.route in every run: as served (with the snippet) or with the two snippet
script tags removed (the baseline), so both variants are delivered the same way.
"""
import re
import statistics
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import common
from common import emit, log

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
FIRST_STEP_RUNS, COST_RUNS = 7, 7   # after one warm-up load each
SETTLE_MS = 3000                    # both variants are measured at this time after navigation start
STEP_TIMEOUT_MS = 15000
ATTEMPTS = 3                        # a load whose step never shows is retried, at most twice, and counted

# Records when a tour step is first visible (it lives in the SDK's open shadow root), at animation-frame precision.
PROBE = """
(() => {
  const visible = (el) => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; };
  const find = () => {
    const roots = [document, ...Array.from(document.querySelectorAll('body > *, html > *'))
      .filter((e) => e.shadowRoot).map((e) => e.shadowRoot)];
    for (const root of roots) { const el = root.querySelector('[data-waypost-step]'); if (el && visible(el)) return el; }
    return null;
  };
  const tick = () => { if (find()) { window.__firstStep = performance.now(); } else { requestAnimationFrame(tick); } };
  requestAnimationFrame(tick);
})();
"""
LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
  .observe({ type: 'longtask', buffered: true });
"""
_SNIPPET = [re.compile(r"<script>(?:(?!</script>).)*Waypost\('init'(?:(?!</script>).)*</script>\s*", re.S),
            re.compile(r"<script async src=\"[^\"]*/sdk/waypost\.js\"></script>\s*")]


def strip_snippet(html: str) -> str:
    for pattern in _SNIPPET:
        html, n = pattern.subn("", html)
        if n != 1:
            raise RuntimeError(f"the demo page's snippet changed shape: {pattern.pattern!r} matched {n} times")
    return html


def open_page(browser, url: str, snippet: bool, probe: bool):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)

    def serve(route):
        response = route.fetch()
        html = response.text()
        route.fulfill(response=response, body=html if snippet else strip_snippet(html))

    page.route(lambda u: urlsplit(u).path == "/demo/", serve)
    page.add_init_script(LONG_TASKS + (PROBE if probe else ""))
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto(f"{url}/demo/?user=bench-{uuid.uuid4().hex[:12]}", wait_until="load")
    return context, page, cdp


def first_step(browser, url: str) -> dict:
    context, page, _ = open_page(browser, url, snippet=True, probe=True)
    try:
        page.wait_for_function("window.__firstStep !== undefined", timeout=STEP_TIMEOUT_MS)
        timing = page.evaluate("""() => { const n = performance.getEntriesByType('navigation')[0];
            return { step: window.__firstStep, dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd,
                     bootstrap: (performance.getEntriesByType('resource')
                                 .find((r) => r.name.includes('/sdk/bootstrap')) || {}).responseEnd }; }""")
        page.locator("[data-waypost-step]").first.wait_for(state="visible")  # Playwright agrees it is visible
        return timing
    finally:
        context.close()


def main_thread_cost(browser, url: str, snippet: bool) -> dict:
    context, page, cdp = open_page(browser, url, snippet=snippet, probe=False)
    try:
        if snippet:
            page.locator("[data-waypost-step]").first.wait_for(state="visible")
        now = page.evaluate("performance.now()")
        page.wait_for_timeout(max(0, SETTLE_MS - now))
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        cdp.send("HeapProfiler.collectGarbage")
        heap = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}["JSHeapUsedSize"]
        tasks = page.evaluate("window.__longTasks")
        return {"script_ms": metrics["ScriptDuration"] * 1000, "task_ms": metrics["TaskDuration"] * 1000,
                "layout_ms": metrics["LayoutDuration"] * 1000, "style_ms": metrics["RecalcStyleDuration"] * 1000,
                "heap": heap, "long_tasks": len(tasks), "long_task_ms": sum(tasks),
                "blocking_ms": sum(max(0.0, t - 50) for t in tasks)}
    finally:
        context.close()


def attempt(what, failures: list, *args):
    """One measurement, tried up to ATTEMPTS times; each failure is kept (and reported)."""
    for _ in range(ATTEMPTS):
        try:
            return what(*args)
        except Exception as exc:  # a timeout on a noisy machine, a page error: counted, not fatal
            failures.append(f"{what.__name__}: {str(exc).splitlines()[0][:160]}")
            log("failed:", failures[-1])
    raise RuntimeError(f"{what.__name__} failed {ATTEMPTS} times: {failures[-ATTEMPTS:]}")


def med(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def main() -> int:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: apt-get install chromium")
    with tempfile.TemporaryDirectory(prefix="waypost-bench-browser-") as work:
        db_url = common.sqlite_url(Path(work) / "demo.sqlite3")
        with common.Served(db_url, Path(work), demo=True) as served, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            version = browser.version
            failures: list[str] = []
            attempt(first_step, failures, browser, served.url)  # warm-up: the server's caches, the OS's
            steps = [attempt(first_step, failures, browser, served.url) for _ in range(FIRST_STEP_RUNS)]
            log("first step ms:", [round(s["step"]) for s in steps])
            attempt(main_thread_cost, failures, browser, served.url, True)
            attempt(main_thread_cost, failures, browser, served.url, False)
            with_, without = [], []
            for _ in range(COST_RUNS):  # interleaved, so that a noisy moment hits both variants
                with_.append(attempt(main_thread_cost, failures, browser, served.url, True))
                without.append(attempt(main_thread_cost, failures, browser, served.url, False))
            browser.close()
    first = statistics.median(s["step"] for s in steps)
    load = statistics.median(s["load"] for s in steps)
    emit({"name": "first_step_ms", "value": round(first, 1), "load_ms": round(load, 1),
          "ratio_to_load": round(first / load, 2),
          "bootstrap_response_ms": round(statistics.median(s["bootstrap"] or 0 for s in steps), 1),
          "runs": [round(s["step"], 1) for s in steps], "failed_loads": len(failures), "chromium": version,
          "note": "navigation start -> first [data-waypost-step] visible on /demo/ (fresh user, fresh context); "
                  "load_ms is the same page's load event, the in-run baseline"})
    script_with, script_without = med(with_, "script_ms"), med(without, "script_ms")
    emit({"name": "sdk_main_thread", "script_ms_with": round(script_with, 1), "script_ms_without": round(script_without, 1),
          "sdk_script_ms": round(script_with - script_without, 1),
          "ratio": round(script_with / script_without, 2) if script_without else None,
          "task_ms_with": round(med(with_, "task_ms"), 1), "task_ms_without": round(med(without, "task_ms"), 1),
          "heap_with": int(med(with_, "heap")), "heap_without": int(med(without, "heap")),
          "sdk_heap_bytes": int(med(with_, "heap") - med(without, "heap")),
          "long_tasks_with": max(r["long_tasks"] for r in with_), "long_tasks_without": max(r["long_tasks"] for r in without),
          "blocking_ms_with": round(med(with_, "blocking_ms"), 1), "blocking_ms_without": round(med(without, "blocking_ms"), 1),
          "layout_style_ms_with": round(med(with_, "layout_ms") + med(with_, "style_ms"), 1),
          "layout_style_ms_without": round(med(without, "layout_ms") + med(without, "style_ms"), 1),
          "runs": COST_RUNS, "window_ms": SETTLE_MS})
    return 0


if __name__ == "__main__":
    sys.exit(main())
