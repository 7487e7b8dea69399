"""`waypost tours check`: the pages each tour step and each hotspot needs, opened in headless Chromium (Playwright,
the `check` extra) against a running copy of the host app, with a verdict per step: its target found, unique,
visible, on screen once scrolled to, and not covered by another element; and per locale, its translations
complete. The snippet is switched off on the pages it opens, so that a tour that starts by itself covers nothing.

A tour is walked as a user would: step after step, on each step's page, clicking the target of a step that
advances on a click before looking for the next one (a menu it opens, a page it leads to).
"""
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..rules.url_rules import glob_regex
from .tour_files import Problem, expand_paths, load_located

WILDCARD = re.compile(r"[*?\[]")
# The snippet is switched off on checked pages: `window.Waypost` stays a function that does nothing (assignments to
# it are ignored, in strict code too), so that no tour that starts by itself covers a target.
SWITCH_OFF = """(() => {
  const off = function () {};
  Object.defineProperty(window, 'Waypost', { get: () => off, set: () => {}, configurable: false });
})();"""
# What the snippet's query() does: `a >>> b` steps into a's open shadow root or same-origin frame document.
QUERY = """const scopeOf = (sel) => {
  const parts = sel.split('>>>');
  let scope = document;
  for (const part of parts.slice(0, -1)) {
    const el = scope.querySelector(part);
    scope = el && (el.shadowRoot || el.contentDocument);
    if (!scope) return [null, ''];
  }
  return [scope, parts[parts.length - 1]];
};
const query = (sel) => { const [scope, last] = scopeOf(sel); return scope && scope.querySelector(last); };"""
# Where a target is and what covers it, after it was scrolled to (what the SDK does before it points at it). In a
# shadow root or a frame, what covers it is asked of that root or frame (the page sees only the host or the frame).
INSPECT = "sel => {\n" + QUERY + """
  const [scope, last] = scopeOf(sel);
  const all = scope ? scope.querySelectorAll(last) : [];
  const el = all[0];
  if (!el) return { count: 0 };
  const view = el.ownerDocument.defaultView;
  const style = view.getComputedStyle(el);
  const visible = el.getClientRects().length > 0 && style.visibility !== 'hidden' &&
    (!el.checkVisibility || el.checkVisibility({ opacityProperty: true, visibilityProperty: true }));
  el.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
  const r = el.getBoundingClientRect();
  const inView = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < view.innerHeight &&
    r.left < view.innerWidth;
  let cover = null;
  if (visible && inView) {
    const x = Math.min(Math.max(r.left + r.width / 2, 0), view.innerWidth - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), view.innerHeight - 1);
    const hit = el.getRootNode().elementFromPoint(x, y);
    // Waypost's own elements (the npm build is not switched off) cover nothing of the host's
    if (hit && hit !== el && !el.contains(hit) && !hit.contains(el) && !hit.tagName.startsWith('WAYPOST-')) {
      cover = hit.tagName.toLowerCase() + (hit.id ? '#' + hit.id : '') +
        [...hit.classList].slice(0, 3).map((c) => '.' + c).join('');
    }
  }
  let [left, top] = [r.left, r.top];
  for (let frame = view.frameElement; frame; frame = frame.ownerDocument.defaultView.frameElement) {
    const f = frame.getBoundingClientRect();
    left += f.left + frame.clientLeft;
    top += f.top + frame.clientTop;
  }
  return { count: all.length, visible, inView, cover, rect: [left, top, r.width, r.height] };
}"""
VISIBLE = "sel => {" + QUERY + " const el = query(sel); return !!el && el.getClientRects().length > 0; }"
FIND = "sel => {" + QUERY + " return query(sel); }"
OUTLINE = """([x, y, w, h]) => {
  const box = document.createElement('div');
  box.id = '__waypost_check_outline';
  box.style.cssText = `position:fixed;left:${x - 4}px;top:${y - 4}px;width:${w + 8}px;height:${h + 8}px;` +
    'outline:3px solid #d63384;border-radius:4px;z-index:2147483647;pointer-events:none';
  document.documentElement.append(box);
}"""


@dataclass
class StepCheck:
    """One step (or hotspot) checked: where it is authored, what was looked for and where, and what is wrong."""
    file: str
    line: int
    col: int
    experience: str
    item: str  # the step's or hotspot's id ('' for the experience's own texts)
    noun: str = "step"  # step, hotspot or translations
    target: str | None = None
    url: str | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: str | None = None
    screenshot: str | None = None
    rect: list | None = None  # where the target was once scrolled to (x, y, width, height)

    @property
    def broken(self) -> bool:
        return bool(self.errors)


@dataclass
class CheckOptions:
    base_url: str
    storage_state: str | None = None
    screenshots: Path | None = None
    timeout_ms: int = 5000
    viewport: tuple[int, int] = (1280, 800)
    chromium: str | None = None


def base_url_problem(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        return "--base-url is the host app's http(s) address, like https://staging.example.com (no credentials)."
    return None


def one_page(glob: str | None) -> str | None:
    """The one page a path glob names: itself without wildcards, or with only a trailing * (dropped)."""
    if glob is None:
        return None
    plain = glob if not WILDCARD.search(glob) else glob.rstrip("*")
    return plain if plain.startswith("/") and not WILDCARD.search(plain) else None


def _matches(glob: str, url: str | None) -> bool:
    return url is not None and re.fullmatch(glob_regex(glob), urlsplit(url).path) is not None


def experience_page(spec: dict) -> str | None:
    """The page an experience's steps without a url are checked on: its sample_url, else its page rule's one
    page (every page: /)."""
    match = spec.get("match")
    return spec.get("sample_url") or (one_page(match["url"]) if match and "url" in match else None if match else "/")


def step_page(spec: dict, step: dict) -> str | None:
    url = step.get("url")
    if not url:
        return experience_page(spec)
    return one_page(url) or (spec.get("sample_url") if _matches(url, spec.get("sample_url")) else None)


def translation_gaps(spec: dict) -> list[tuple[tuple, str]]:
    """(path in the file, message) of each text a translation lacks (the reader sees the original instead)."""
    gaps = []
    own = spec.get("locale", "en")
    for code, translation in (spec.get("translations") or {}).items():
        texts = translation.get("steps") or {}
        for step in spec.get("steps", []):
            mine = texts.get(step["id"]) or {}
            for key in ("title", "body"):
                if step.get(key) and not mine.get(key):
                    gaps.append((("translations", code), f"{code}: step {step['id']} has no {key} (shows in {own})."))
    return gaps


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text)[:80] or "step"


class Checker:
    """One browser for the whole run; a fresh page (and login state) per experience."""

    def __init__(self, options: CheckOptions, playwright):
        self.options = options
        chromium = options.chromium or os.environ.get("WAYPOST_CHROMIUM") or (
            "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
        self.browser = playwright.chromium.launch(executable_path=chromium)

    def close(self) -> None:
        self.browser.close()

    def _context(self):
        width, height = self.options.viewport
        context = self.browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True,
                                           storage_state=self.options.storage_state)
        context.add_init_script(SWITCH_OFF)
        return context

    def check(self, file: str, spec: dict, where: Callable[..., tuple[int, int]]) -> Iterator[StepCheck]:
        kind = spec.get("type", "tour")
        items = spec["steps"] if kind == "tour" else spec.get("hotspots", []) if kind == "hotspot" else []
        if not items:
            return
        context = self._context()
        try:
            page = context.new_page()
            opened: str | None = None
            click_first: str | None = None  # the previous step advances on a click on this target
            for index, item in enumerate(items):
                key = "steps" if kind == "tour" else "hotspots"
                line, col = where((key, index, "target") if item.get("target") else (key, index))
                result = StepCheck(file, line, col, spec["id"], item["id"], "step" if kind == "tour" else "hotspot",
                                   item.get("target"))
                path = step_page(spec, item) if kind == "tour" else experience_page(spec)
                if path is None:
                    result.skipped = ("not checked: its page rule names no one page (a regex, or wildcards inside "
                                      "a glob); give the experience a sample_url.")
                    opened, click_first = None, None
                    yield result
                    continue
                result.url = urljoin(self.options.base_url, path)
                if click_first and opened is not None:
                    self._click(page, click_first)
                here = urlsplit(page.url)
                if opened is None or (here.path + (f"?{here.query}" if here.query else "")) != path:
                    problem = self._open(page, result.url)
                    opened = path
                    if problem:
                        result.errors.append(problem)
                        click_first = None
                        yield result
                        continue
                if item.get("target"):
                    self._inspect(page, result)
                self._screenshot(page, result)
                click_first = item["target"] if item.get("advance_on") == "click" and not result.broken else None
                yield result
        finally:
            context.close()

    def _open(self, page, url: str) -> str | None:
        from playwright.sync_api import Error

        try:
            response = page.goto(url, wait_until="load", timeout=max(15000, self.options.timeout_ms * 3))
        except Error as exc:
            return f"could not open {url}: {str(exc).splitlines()[0]}"
        if response is not None and response.status >= 400:
            return f"{url} answered HTTP {response.status}."
        return None

    def _click(self, page, selector: str) -> None:
        from playwright.sync_api import Error

        try:
            handle = page.evaluate_handle(FIND, selector).as_element()
            if handle is not None:
                handle.click(timeout=self.options.timeout_ms)
                page.wait_for_load_state("load")
                page.wait_for_timeout(200)
        except Error:
            pass  # what the click leads to is checked with the next step

    def _inspect(self, page, result: StepCheck) -> None:
        from playwright.sync_api import Error

        selector, waited = result.target, self.options.timeout_ms
        try:
            page.wait_for_function(VISIBLE, arg=selector, timeout=waited, polling=100)
        except Error:
            pass
        found = page.evaluate(INSPECT, selector)
        if not found["count"]:
            result.errors.append(f"target {selector} not found on {result.url} (waited {waited} ms).")
            return
        if found["count"] > 1:
            result.warnings.append(f"target {selector} matches {found['count']} elements; the step points at the "
                                   "first: make it unique (a data-waypost-id or data-testid attribute).")
        if not found["visible"]:
            result.errors.append(f"target {selector} is on {result.url} but not visible (waited {waited} ms).")
        elif not found["inView"]:
            result.errors.append(f"target {selector} stays off screen after scrolling to it.")
        elif found["cover"]:
            result.errors.append(f"target {selector} is covered by {found['cover']}.")
        result.rect = found.get("rect")

    def _screenshot(self, page, result: StepCheck) -> None:
        if self.options.screenshots is None:
            return
        self.options.screenshots.mkdir(parents=True, exist_ok=True)
        path = self.options.screenshots / f"{_safe_name(result.experience)}--{_safe_name(result.item)}.png"
        if result.rect and not result.broken:
            page.evaluate(OUTLINE, result.rect)
        page.screenshot(path=str(path))
        page.evaluate("() => document.getElementById('__waypost_check_outline')?.remove()")
        result.screenshot = os.fspath(path)


def check_paths(paths: list, options: CheckOptions) -> tuple[list[StepCheck], list[Problem]]:
    """Every tour step and hotspot of the files and directories given, checked; plus the files' own problems
    (each file is validated first, and one that is not valid is not checked) and translation gaps (warnings)."""
    from playwright.sync_api import sync_playwright

    files, problems = expand_paths(paths)
    results: list[StepCheck] = []
    located = []
    for path in files:
        spec, file_problems, where = load_located(path)
        problems += file_problems
        if spec is not None:
            located.append((os.fspath(path), spec, where))
    with sync_playwright() as playwright:
        checker = Checker(options, playwright)
        try:
            for file, spec, where in located:
                results.extend(checker.check(file, spec, where))
        finally:
            checker.close()
    for file, spec, where in located:
        for path, message in translation_gaps(spec):
            results.append(StepCheck(file, *where(path), spec["id"], "", "translations", warnings=[message]))
    return results, problems
