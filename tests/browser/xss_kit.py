"""What test_xss.py needs besides fixtures: the payload corpus, and the in-browser detector.

The detector has two halves. Execution: `window.__xss(N)` is a Playwright binding in every frame
of every page of the context (so a payload that runs inside an iframe, a srcdoc or a data: URL
frame reports too), dialogs (`alert(N)`) are recorded, and uncaught page errors are kept.
Structure: `__wpx.scan(spec)` walks the page and every open shadow root and reports each event
handler attribute, each javascript:/vbscript:/data: URL (also as the browser itself resolves it),
each srcdoc, each element that only HTML could have made where text was expected, and inside the
sanitized containers each tag or attribute that the server's allow-list does not name.
"""
import re
from dataclasses import dataclass
from pathlib import Path

from server.services.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ARTICLE_ATTRIBUTES, ARTICLE_TAGS

CORPUS = Path(__file__).resolve().parents[1] / "xss_payloads.txt"
RECORD = re.compile(r"^== (\d+) ([a-z-]+)((?: (?:escaped|encoded))*)$")
LOCAL = re.compile(r"^(https?://127\.0\.0\.1[:/]|data:|about:|blob:)")
ESCAPE = re.compile(r"\\(t|n|r|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|\\)")


@dataclass(frozen=True)
class Payload:
    n: int
    category: str
    flags: tuple[str, ...]
    text: str


def _unescape(text: str) -> str:
    simple = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}
    return ESCAPE.sub(lambda m: simple.get(m[1]) or chr(int(m[1][1:], 16)), text)


def load_corpus(path: Path = CORPUS) -> list[Payload]:
    """The records of the corpus file, in order (format: see the file's header)."""
    payloads, current, lines = [], None, []

    def close():
        if current:
            n, category, flags = current
            text = "\n".join(lines)
            payloads.append(Payload(n, category, flags, _unescape(text) if "escaped" in flags else text))

    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("== "):
            match = RECORD.match(line)
            assert match, f"bad record line in {path.name}: {line!r}"
            close()
            current, lines = (int(match[1]), match[2], tuple(match[3].split())), []
        elif current:
            lines.append(line)
        else:
            assert line.startswith("#") or not line.strip(), f"text before the first record: {line!r}"
    if lines and lines[-1] == "":
        lines.pop()  # the file's final newline
    close()
    return payloads


def allow_list(tags, attributes) -> dict[str, list[str]]:
    """The sanitizer's allow-list as {tag: [attributes]}; nh3 adds rel="noopener noreferrer nofollow" to links."""
    return {tag: sorted(attributes.get(tag, set()) | ({"rel"} if tag == "a" else set())) for tag in tags}


TOUR_BODY = allow_list(ALLOWED_TAGS, ALLOWED_ATTRIBUTES)
ARTICLE_BODY = allow_list(ARTICLE_TAGS, ARTICLE_ATTRIBUTES)
SNIPPET = {"mark": []}

# The sanitized containers of the SDK (step and article bodies, search snippets), the elements
# that hold authored text only, and its own elements that would otherwise look injected (the overlay).
SDK_SPEC = {
    "bodies": [["[data-waypost-step] .b", TOUR_BODY], ["article .b", ARTICLE_BODY], ["[data-waypost-help] .q", SNIPPET]],
    "textOnly": ["[data-waypost-step] h2", "article h3", "[data-waypost-help] .k", "[data-waypost-help] h2"],
    "own": "svg.o",
}


def admin_spec(kind: str, iframe_hosts=(), media_origin=None) -> dict:
    """The admin UI: Markdown previews are the only HTML; its own are the funnel bars and index.html's <noscript>."""
    return {"bodies": [[".preview-body", TOUR_BODY if kind == "tour" else ARTICLE_BODY]],
            "textOnly": ["option", "del", "ins", "code", "p.message", "span.tl-url"],
            "own": "svg.bar, #root > noscript", "iframeHosts": list(iframe_hosts), "mediaOrigin": media_origin}


# Installed in every frame before any script of the page runs.
DETECTOR_JS = r"""
(() => {
  if (window.__wpx) return;
  const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'data', 'background',
    'lowsrc', 'dynsrc', 'srcdoc', 'ping', 'codebase', 'cite', 'longdesc', 'srcset', 'manifest', 'icon',
    'profile', 'usemap', 'archive', 'classid', 'itemtype']);
  // Elements that only markup could have put there, never text: outside the sanitized containers
  // (whose own allow-list is checked instead) none may exist.
  const FORBIDDEN = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'meta',
    'link', 'style', 'img', 'image', 'video', 'audio', 'source', 'track', 'picture', 'math', 'template', 'noscript',
    'xmp', 'plaintext', 'listing', 'marquee', 'isindex', 'animate', 'animatemotion', 'animatetransform', 'set',
    'use', 'foreignobject', 'handler', 'discard', 'title', 'noembed', 'noframes', 'mglyph', 'mtext', 'maction',
    'annotation-xml', 'portal', 'svg']);
  const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);
  const norm = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();
  const where = (el) => {
    const parts = [];
    for (let e = el; e && parts.length < 4; e = e.parentElement || e.getRootNode().host)
      parts.unshift(e.localName + (typeof e.className === 'string' && e.className ? '.' + e.className.split(' ')[0] : ''));
    return parts.join('>');
  };
  const cut = (s) => JSON.stringify(String(s).slice(0, 90));
  function roots() {
    const found = [document.body];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) { found.push(el.shadowRoot); walk(el.shadowRoot); }
        if (el.localName === 'template') { found.push(el.content); walk(el.content); }
      }
    };
    if (document.body) walk(document.body);
    return found.filter(Boolean);
  }
  function urlProblem(name, value) {
    if (name === 'srcdoc') return 'srcdoc';
    const squeezed = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
    if (/^(javascript|vbscript|livescript|data):/.test(squeezed)) return 'script-capable URL';
    if (name === 'srcset' || name === 'ping') return null;
    let url;
    try { url = new URL(value, document.baseURI); } catch (e) { return null; }
    return SAFE_SCHEMES.has(url.protocol) ? null : 'URL with scheme ' + url.protocol;
  }
  function scan(spec) {
    const problems = [];
    const inBody = new Set();
    for (const root of roots()) {
      for (const [selector, allowed] of spec.bodies || []) {
        for (const body of root.querySelectorAll(selector)) {
          for (const el of body.querySelectorAll('*')) {
            inBody.add(el);
            const tag = el.localName;
            if (!Object.prototype.hasOwnProperty.call(allowed, tag)) problems.push(`${where(el)}: <${tag}> is not on the allow-list of ${selector}`);
            for (const a of el.attributes)
              if (!(allowed[tag] || []).includes(a.name)) problems.push(`${where(el)}: ${a.name}=${cut(a.value)} is not on the allow-list of ${selector}`);
            if (tag === 'iframe' && el.hasAttribute('src')) {
              const host = new URL(el.src).hostname;
              if (!(spec.iframeHosts || []).includes(host)) problems.push(`${where(el)}: iframe from ${host}, not an allowed host`);
            }
            if ((tag === 'video' || tag === 'source') && el.hasAttribute('src') && spec.mediaOrigin
                && new URL(el.src).origin !== spec.mediaOrigin) problems.push(`${where(el)}: media from ${new URL(el.src).origin}`);
          }
        }
      }
      for (const selector of spec.textOnly || [])
        for (const el of root.querySelectorAll(selector))
          if (el.children.length) problems.push(`${where(el)}: markup where only text belongs: ${cut(el.innerHTML)}`);
      for (const el of root.querySelectorAll('*')) {
        for (const a of el.attributes) {
          const name = a.name.toLowerCase();
          if (name.startsWith('on')) problems.push(`${where(el)}: event handler ${name}=${cut(a.value)}`);
          if (URL_ATTRS.has(name) || name.endsWith(':href')) {
            const problem = urlProblem(name, a.value);
            if (problem) problems.push(`${where(el)}: ${problem} in ${name}=${cut(a.value)}`);
          }
          if (name === 'style' && /expression|url\s*\(|javascript/i.test(a.value)) problems.push(`${where(el)}: style=${cut(a.value)}`);
        }
        if (inBody.has(el)) continue;
        const tag = el.localName.toLowerCase();
        if (FORBIDDEN.has(tag) && !(spec.own && el.closest(spec.own))) problems.push(`${where(el)}: <${tag}> outside the sanitized containers`);
      }
    }
    return problems;
  }
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  async function waitFor(fn, what, timeout = 20000) {
    const t0 = performance.now();
    for (;;) {
      const value = fn();
      if (value) return value;
      if (performance.now() - t0 > timeout) throw new Error('timed out waiting for ' + (typeof what === 'function' ? what() : what));
      await sleep(10);
    }
  }
  const sdk = () => document.querySelector('waypost-root')?.shadowRoot;
  // Whether each expected text is shown (whitespace-normalized), as text of the page or shadow roots.
  function missingTexts(expected, root) {
    const shown = norm((root || document.body).textContent);
    return expected.filter((t) => !shown.includes(norm(t)));
  }
  Object.defineProperty(window, '__wpx', { value: { scan, sleep, waitFor, sdk, norm, missingTexts } });
})();
"""


class Detector:
    """Arms a browser context: the __xss binding, dialogs, page errors, and a record of any request
    that leaves 127.0.0.1 (payloads only name reserved .example hosts, which never resolve)."""

    def __init__(self, context):
        self.context = context
        self.fired: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.outside: list[str] = []
        context.expose_binding("__xss", lambda source, n=None: self.fired.append((source["frame"].url, str(n))))
        context.add_init_script(DETECTOR_JS)
        context.on("request", lambda request: LOCAL.match(request.url) or self.outside.append(request.url))

    def page(self):
        page = self.context.new_page()
        page.set_default_timeout(15000)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("dialog", lambda dialog: (self.fired.append(("dialog", dialog.message)), dialog.dismiss()))
        return page

    def numbers(self) -> set[str]:
        return {n for _, n in self.fired}

    def assert_quiet(self, where: str):
        assert self.fired == [], f"{where}: payloads ran: {self.fired}"
        assert self.errors == [], f"{where}: uncaught errors: {self.errors}"
        assert self.outside == [], f"{where}: requests left the machine: {self.outside}"


def run_in_pages(pages, job_js: str, parts: list, timeout_ms: int = 120_000) -> list:
    """Runs the async function `job_js` on one part of the work in each page at once (the sync API
    would otherwise wait for each page in turn), then returns the pages' results in order."""
    for page, part in zip(pages, parts):
        page.evaluate(f"""(part) => {{
          window.__job = null;
          ({job_js})(part).then((ok) => {{ window.__job = {{ok}}; }},
                                (e) => {{ window.__job = {{error: String((e && e.stack) || e)}}; }});
        }}""", part)
    results = []
    for page in pages[:len(parts)]:
        page.wait_for_function("() => window.__job", timeout=timeout_ms)
        job = page.evaluate("() => window.__job")
        assert "error" not in job, job["error"]
        results.append(job["ok"])
    return results


def split(items: list, n: int) -> list[list]:
    """`items` in `n` interleaved parts (so that each part has some of each kind)."""
    return [items[i::n] for i in range(n) if items[i::n]]
