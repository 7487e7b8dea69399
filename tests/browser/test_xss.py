"""XSS: every payload of tests/xss_payloads.txt in every authored field, and in every string end users
send that admins read, rendered in Chromium by the SDK and by the admin UI: nothing runs.

Content goes in through the real APIs (the admin API for what authors write, the SDK API for what
end users send). The SDK is driven on the cross-origin host page (tour steps walked with the
keyboard, the help widget's lists, articles and search results); the admin UI is driven with its
Content-Security-Policy bypassed, so that what is checked is its rendering and not the CSP behind
it. Detection (see xss_kit.py): a `__xss(N)` binding in every frame, dialogs, page errors, and a
structural scan of the DOM and shadow roots after each view. The first tests prove the detector:
the same payloads inserted unsafely into a page must trip it.
"""
import json
import threading
import uuid
from datetime import UTC, datetime, time, timedelta, timezone
from urllib.parse import quote

import pytest
from flask_migrate import upgrade
from sqlalchemy import select, update
from werkzeug.serving import make_server

from server import create_app
from server.extensions import db
from server.models import App, KbSearch
from server.services import accounts

from .admin_fixtures import PASSWORD, admin_dist  # noqa: F401  (fixture)
from .conftest import page_url
from .xss_kit import SDK_SPEC, Detector, admin_spec, load_corpus, run_in_pages, split

PAYLOADS = load_corpus()
TEXTS = [p.text for p in PAYLOADS]
CATEGORIES = {"script-tag", "handler", "js-url", "data-url", "svg-mathml", "mxss", "srcdoc-form", "markdown", "breakout"}
TOUR_SIZE = 43       # steps per tour (a tour has at most 50)
PAGE_SIZE = 5        # articles the SDK lists for a page
SEARCH_SIZE = 8      # results the SDK asks for
SEARCH_WORDS = ["walrus", "tundra", "saffron", "glacier", "harpoon", "juniper", "kestrel", "lantern", "mongoose",
                "nectarine", "obsidian", "pelican", "quartz", "rhubarb", "sequoia", "tamarind", "vortex", "wombat",
                "zephyr", "bramble", "cobalt", "dervish", "falcon", "gossamer", "hemlock", "iguana", "jackal",
                "kumquat", "lagoon", "marzipan", "narwhal", "origami"]
# URL tricks against the media allow-lists (iframes from allowed hosts, videos from this server):
# not script, but a way to frame any site inside a customer's page.
MEDIA_TRICKS = [
    '<iframe src="https://evil.example\\@127.0.0.1/embed"></iframe>',
    '<iframe src="https://evil.example&#9;\\@127.0.0.1/embed"></iframe>',
    '<iframe src="https://user@127.0.0.1/embed"></iframe>',
    '<iframe src="https://127.0.0.1.evil.example/"></iframe>',
    '<iframe src="http://127.0.0.1/embed"></iframe>',
    '<iframe src="//evil.example/"></iframe>',
    '<video src="/&#9;/evil.example/x.mp4"></video>',
    '<video src="/&#10;/evil.example/x.mp4"></video>',
    '<video src="/\\evil.example/x.mp4"></video>',
    '<video><source src="//evil.example/x.mp4"></video>',
    '<iframe src="https://127.0.0.1/embed/fine"></iframe><video src="/media/fine.mp4"></video>',
]


def chunks(items, size):
    return [items[i:i + size] for i in range(0, len(items), size)]


def test_corpus_is_large_varied_and_well_formed():
    assert len(PAYLOADS) >= 100
    assert [p.n for p in PAYLOADS] == list(range(1, len(PAYLOADS) + 1))
    assert {p.category for p in PAYLOADS} == CATEGORIES
    assert len(set(TEXTS)) == len(TEXTS)
    for p in PAYLOADS:
        assert 0 < len(p.text) <= 200 and p.text.strip(), p  # fits every field (tour titles: 200)
        assert "\x00" not in p.text, p  # PostgreSQL text cannot hold NUL
        if "encoded" not in p.flags:
            assert f"__xss({p.n})" in p.text, f"payload {p.n} does not call its own marker"
    spelled = "\n".join(TEXTS).lower()
    for needle in ("<script", "onerror=", "javascript:", "jav&#x61;script", "data:text/html", "<svg", "<math",
                   "<use", "<animate", "<noscript", "<template", "<style", "srcdoc", "formaction", "](javascript:",
                   "![x](", "\n[r]: ", "<javascript:", "\tscript:", "&colon;"):
        assert needle in spelled, f"no payload has {needle!r}"


# --- the detector, proven on unsafe renderings --------------------------------------------------

UNSAFE_RENDER = """(payloads) => {
  const light = document.createElement('div');
  const shadowHost = document.createElement('div');
  document.body.append(light, shadowHost);
  const shadow = shadowHost.attachShadow({mode: 'open'});
  for (const p of payloads) {
    const a = document.createElement('div');
    light.append(a);
    try { a.append(document.createRange().createContextualFragment(p)); } catch (e) {}  // runs <script>s
    const b = document.createElement('div');
    shadow.append(b);
    b.innerHTML = p;  // what the SDK does with a body, minus the server's sanitizing
  }
}"""


@pytest.fixture
def detector(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield Detector(context)
    context.close()


def test_detector_trips_when_payloads_are_rendered_unsafely(detector, host):
    page = detector.page()
    page.goto(page_url(host, "xss-sanity", user="u-sanity"))
    page.evaluate(UNSAFE_RENDER, TEXTS)
    page.wait_for_timeout(1500)
    problems = page.evaluate("() => __wpx.scan({bodies: [], textOnly: [], own: 'svg.o'})")
    fired = {int(n) for n in detector.numbers() if n.isdigit()}
    # Script elements, handlers on elements that load or fail, SVG animation, srcdoc and javascript:
    # frames, opaque data: frames, mutation tricks: each kind must be seen by the detector.
    for start in ["<script>__xss(", "<img src=x onerror=__xss(", "<image src=x", "<details open ontoggle=",
                  '<iframe src="javascript:', '<iframe src="data:text/html,', "<svg><animate onbegin=",
                  "<svg><foreignObject>", "<svg><style>", "<!--><img", "<iframe srcdoc="]:
        p = next(p for p in PAYLOADS if p.text.startswith(start))
        assert p.n in fired, f"payload {p.n} ({p.text!r}) did not trip the detector; fired: {sorted(fired)}"
    assert len(fired) >= len(PAYLOADS) // 3, f"only {len(fired)} payloads ran unsanitized: {sorted(fired)}"
    assert len(problems) >= len(PAYLOADS), f"the scan saw only {len(problems)} problems"
    assert any("event handler onerror" in p for p in problems) and any("script-capable URL" in p for p in problems)
    print(f"\nunsanitized: {len(fired)} of {len(PAYLOADS)} payloads ran, the scan reported {len(problems)} problems")


# --- the SDK on a host page ------------------------------------------------------------------

class Api:
    """The real HTTP API (routing, authentication, schemas, services), called in-process through
    Flask's test client: seeding a thousand records over sockets would only be slower."""

    def __init__(self, flask_app):
        self.client = flask_app.test_client()

    def call(self, method: str, path: str, body=None, headers=None) -> tuple[int, dict]:
        response = self.client.open(path, method=method, json=body, headers=headers or {})
        return response.status_code, response.get_json(silent=True)


def login(api: Api, email: str) -> dict:
    status, body = api.call("POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD})
    assert status == 200, body
    return {"Authorization": f"Bearer {body['access_token']}"}


def call(api: Api, method: str, path: str, body=None, headers=None, expect=(200, 201, 202, 204)):
    status, answer = api.call(method, path, body, headers)
    assert status in expect, f"{method} {path}: {status} {answer}"
    return answer


def tour_spec(slug: str, match: str, chunk, rotated, target: str | None = "#target-a") -> dict:
    """One step per payload (title and body), every other step anchored; a Thai translation whose
    name, titles and bodies are the next payloads."""
    steps = [{"id": f"s{p.n}", "title": p.text, "body": p.text,
              **({"target": target, "placement": "bottom"} if target and i % 2 else {})}
             for i, p in enumerate(chunk)]
    return {"id": slug, "name": chunk[0].text, "auto": True, "match": {"url": match}, "locale": "en",
            "steps": steps,
            "translations": {"th": {"name": rotated[0].text,
                                    "steps": {f"s{p.n}": {"title": q.text, "body": q.text} for p, q in zip(chunk, rotated)}}}}


def rotate(items, by=1):
    return items[by:] + items[:by]


@pytest.fixture(scope="module")
def sdk_content(waypost):
    """Tours and articles made through the admin API of the SDK's server, by an editor account."""
    with waypost.flask_app.app_context():
        accounts.create_user("xss-editor@browser-tests.example", "editor", PASSWORD)
        app_id = db.session.scalar(select(App.id).filter_by(key=waypost.key))
        db.session.commit()  # services only flush; the server reads from its own session
        db.session.remove()
    server = Api(waypost.flask_app)
    auth = login(server, "xss-editor@browser-tests.example")
    base = f"/api/v1/apps/{app_id}"
    tours = []
    for index, (chunk, rotated) in enumerate(zip(chunks(PAYLOADS, TOUR_SIZE), chunks(rotate(PAYLOADS), TOUR_SIZE))):
        slug = f"xss-tour-{index}"
        call(server, "POST", f"{base}/tours", tour_spec(slug, f"/t/{slug}/*", chunk, rotated), auth)
        call(server, "POST", f"{base}/tours/{slug}/publish", None, auth)
        tours.append((slug, chunk, rotated))
    for i, p in enumerate(PAYLOADS):
        call(server, "POST", f"{base}/kb/articles", {
            "slug": f"xss-{p.n}", "locale": "en", "title": p.text, "body": p.text,
            "faq_answer": f"{SEARCH_WORDS[i // SEARCH_SIZE]} {p.text}",
            "pages": [{"url": f"/t/xss-help/g{i // PAGE_SIZE}"}], "status": "published"}, auth)
    return {"tours": tours}


STEP_SEEN = """async ([sid, spec]) => {
  const step = await __wpx.waitFor(() => __wpx.sdk()?.querySelector(`[data-waypost-step="${sid}"]`), 'step ' + sid);
  await __wpx.sleep(15);  // handlers that would fire on insertion or on a failed load get their chance
  return {title: step.querySelector('h2')?.textContent ?? null, body: step.querySelector('.b')?.innerHTML ?? null,
          problems: __wpx.scan(spec)};
}"""


@pytest.mark.parametrize("locale", ["en", "th"])
def test_tour_steps_render_every_payload_inert(detector, host, sdk_content, locale):
    """Each tour is walked to its end with the arrow key; each step's title is the payload as text."""
    page = detector.page()
    for slug, chunk, rotated in sdk_content["tours"]:
        titles = chunk if locale == "en" else rotated
        page.goto(page_url(host, slug, user=f"u-xss-{locale}-{uuid.uuid4().hex[:8]}", locale=locale))
        for index, (p, title) in enumerate(zip(chunk, titles)):
            seen = page.evaluate(STEP_SEEN, [f"s{p.n}", SDK_SPEC])
            assert seen["problems"] == [], f"{slug} step s{p.n} ({locale}): {seen['problems']}"
            assert seen["title"] == title.text.strip(), f"{slug} step s{p.n}: title {seen['title']!r}"
            assert seen["body"] is not None
            if index < len(chunk) - 1:
                page.keyboard.press("ArrowRight")
            else:
                page.locator('[data-waypost-action="done"]').click()
        page.locator("[data-waypost-step]").wait_for(state="detached")
    page.wait_for_timeout(300)
    detector.assert_quiet(f"tours ({locale})")


HELP_GROUPS = """async ([groups, spec]) => {
  const root = await __wpx.waitFor(() => __wpx.sdk(), 'the SDK root');
  const panel = () => root.querySelector('[data-waypost-help]');
  const listed = () => [...panel().querySelectorAll('button[data-waypost-article]')];
  const sorted = (a) => JSON.stringify([...a].sort());
  const out = [];
  for (const [path, slugs] of groups) {
    if (location.pathname !== path) history.pushState({}, '', path);  // the SDK re-bootstraps for the new page
    await __wpx.waitFor(() => sorted(listed().map((b) => b.dataset.waypostArticle)) === sorted(slugs), 'the list ' + slugs);
    const seen = {path, list: listed().map((b) => [b.dataset.waypostArticle, b.textContent, b.nextElementSibling?.textContent ?? null]),
                  problems: __wpx.scan(spec), articles: []};
    for (const slug of slugs) {
      panel().querySelector(`button[data-waypost-article="${slug}"]`).click();
      const article = await __wpx.waitFor(() => panel().querySelector(`article[data-waypost-article="${slug}"] .b`)?.parentElement,
                                          'article ' + slug);
      await __wpx.sleep(15);  // handlers that would fire on insertion or on a failed load get their chance
      seen.articles.push({slug, title: article.querySelector('h3').textContent, problems: __wpx.scan(spec)});
      panel().querySelector('[data-waypost-action="help-back"]').click();
      await __wpx.waitFor(() => listed().length === slugs.length, 'the list again');
    }
    out.push(seen);
  }
  return out;
}"""

SEARCHES = """async ([searches, spec]) => {
  const panel = () => __wpx.sdk().querySelector('[data-waypost-help]');
  const input = panel().querySelector('[data-waypost-search]');
  const results = () => [...panel().querySelectorAll('button[data-waypost-article]')].map((b) => b.dataset.waypostArticle);
  const out = [];
  for (const [word, slugs] of searches) {
    input.value = word;
    input.dispatchEvent(new Event('input', {bubbles: true}));
    await __wpx.waitFor(() => slugs.every((s) => results().includes(s)) && panel().querySelector('.q mark'),
                        () => `results for ${word}: ${results()} (the panel says ${JSON.stringify(panel().innerText.slice(0, 300))})`,
                        30000);
    await __wpx.sleep(15);
    const snippets = Object.fromEntries([...panel().querySelectorAll('li')].map((li) =>
      [li.querySelector('button').dataset.waypostArticle, li.querySelector('.q')?.innerHTML ?? null]));
    out.push({word, snippets, problems: __wpx.scan(spec)});
  }
  return out;
}"""


def open_help(detector, host, path: str):
    page = detector.page()
    page.goto(f"{host}{path}?user=u-xss-help-{uuid.uuid4().hex[:8]}&help=on")
    page.locator("[data-waypost-launcher]").click()
    page.locator("[data-waypost-help]").wait_for()
    return page


def test_help_widget_renders_every_payload_inert(detector, waypost, host, sdk_content):
    """Page lists (titles, FAQ answers) and every article (title, body), in four tabs at once; then
    search results with highlighted snippets: for every payload."""
    spec = {**SDK_SPEC, "mediaOrigin": waypost.url}  # videos play only from the Waypost server
    groups = [(f"/t/xss-help/g{g}", [(i, p) for i, p in group])
              for g, group in enumerate(chunks(list(enumerate(PAYLOADS)), PAGE_SIZE))]
    parts = split(groups, 4)
    pages = [open_help(detector, host, part[0][0]) for part in parts]
    jobs = [[[path, [f"xss-{p.n}" for _, p in group]] for path, group in part] for part in parts]
    for part, seen_groups in zip(parts, run_in_pages(pages, HELP_GROUPS, [[job, spec] for job in jobs])):
        for (path, group), seen in zip(part, seen_groups):
            assert seen["problems"] == [], f"the list of {path}: {seen['problems']}"
            assert sorted(seen["list"]) == sorted([f"xss-{p.n}", p.text, f"{SEARCH_WORDS[i // SEARCH_SIZE]} {p.text}"]
                                                  for i, p in group)
            by_slug = {a["slug"]: a for a in seen["articles"]}
            for _, p in group:
                assert by_slug[f"xss-{p.n}"]["problems"] == [], f"article xss-{p.n}: {by_slug[f'xss-{p.n}']['problems']}"
                assert by_slug[f"xss-{p.n}"]["title"] == p.text

    searches = [[SEARCH_WORDS[w], [f"xss-{p.n}" for p in group]] for w, group in enumerate(chunks(PAYLOADS, SEARCH_SIZE))]
    parts = split(searches, 2)  # each search is also a write (logged, tracked): two tabs are enough
    for part, seen_searches in zip(parts, run_in_pages(pages, SEARCHES, [[part, spec] for part in parts])):
        for (word, slugs), seen in zip(part, seen_searches):
            assert seen["problems"] == [], f"search {word}: {seen['problems']}"
            for slug in slugs:  # the FAQ answer starts with the word: the snippet is the escaped payload after it
                assert seen["snippets"][slug].startswith(f"<mark>{word}</mark> "), (slug, seen["snippets"][slug])
    page = pages[0]
    search = page.locator("[data-waypost-search]")
    for p in PAYLOADS[::20]:  # payloads as queries: whatever they match is shown with its snippet
        with page.expect_response(lambda r: "/kb/search" in r.url):
            search.fill(" ".join(p.text.split()))
        page.wait_for_timeout(30)
        problems = page.evaluate("(spec) => __wpx.scan(spec)", spec)
        assert problems == [], f"search for payload {p.n}: {problems}"
    page.wait_for_timeout(300)
    detector.assert_quiet("help widget")


# --- the admin UI ----------------------------------------------------------------------------

OWNER = "owner@xss-tests.example"
READER = "xss-reader"


@pytest.fixture(scope="module")
def xss_admin(tmp_path_factory, admin_dist):  # noqa: F811
    """A server of its own (its apps list is full of hostile names), seeded through the APIs."""
    flask_app = create_app({
        "TESTING": True,
        "SECRET_KEY": "xss-browser-tests-secret-key-long-enough-for-hs256",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path_factory.mktemp('xss') / 'xss.sqlite3'}",
        "WAYPOST_ADMIN_DIST": str(admin_dist),
        "WAYPOST_LOGIN_RATE_LIMIT": "10000 per minute",
        "WAYPOST_SDK_RATE_LIMIT": "100000 per minute",
    })
    with flask_app.app_context():
        upgrade()
        accounts.create_user(OWNER, "owner", PASSWORD)
        db.session.commit()  # services only flush; the server reads from its own session
        db.session.remove()
    server = make_server("127.0.0.1", 0, flask_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {**seed_admin(Api(flask_app), flask_app), "url": f"http://127.0.0.1:{server.server_port}"}
    finally:
        server.shutdown()
        thread.join(5)


def seed_admin(admin: Api, flask_app) -> dict:
    auth = login(admin, OWNER)
    main = call(admin, "POST", "/api/v1/apps", {"name": "XSS main", "origins": ["http://127.0.0.1"],
                                                 "iframe_hosts": ["127.0.0.1"]}, auth)
    base, key = f"/api/v1/apps/{main['id']}", {"X-Waypost-Key": main["key"]}
    apps = [(call(admin, "POST", "/api/v1/apps", {"name": p.text, "origins": ["http://127.0.0.1"]}, auth)["id"], p.text)
            for p in PAYLOADS]

    # Tours: big ones (a payload per step title and body, Thai translations), published twice so
    # that there are versions to compare; and one small draft per payload, named by it.
    big = []
    for index, (chunk, rotated) in enumerate(zip(chunks(PAYLOADS, TOUR_SIZE), chunks(rotate(PAYLOADS), TOUR_SIZE))):
        slug = f"big-{index}"
        call(admin, "POST", f"{base}/tours", tour_spec(slug, "/app/*", chunk, rotated, target="#x"), auth)
        call(admin, "POST", f"{base}/tours/{slug}/publish", None, auth)
        call(admin, "PUT", f"{base}/tours/{slug}", tour_spec(slug, "/app/*", rotated, chunk, target="#x"), auth)
        call(admin, "POST", f"{base}/tours/{slug}/publish", None, auth)
        big.append((slug, chunk[0].text.strip(), rotated))
    for p in PAYLOADS:
        call(admin, "POST", f"{base}/tours", {"id": f"named-{p.n}", "name": p.text,
                                              "steps": [{"id": "only", "title": p.text}]}, auth)

    # The knowledge base: a category per payload, an article per payload, and the media tricks.
    articles = []
    for p in PAYLOADS:
        call(admin, "PUT", f"{base}/kb/categories", {"slug": f"c{p.n}", "name": p.text}, auth)
        articles.append(call(admin, "POST", f"{base}/kb/articles", {
            "slug": f"a{p.n}", "locale": "en", "title": p.text, "body": p.text, "faq_answer": p.text,
            "category": f"c{p.n}", "status": "published"}, auth)["id"])
    media = [call(admin, "POST", f"{base}/kb/articles", {"slug": f"media-{i}", "locale": "en", "title": f"Media {i}",
                                                         "body": trick, "status": "published"}, auth)["id"]
             for i, trick in enumerate(MEDIA_TRICKS)]

    # What end users send: traits, searches, votes with comments, events, support requests (from
    # users whose ids are payloads too).
    for batch in chunks(PAYLOADS, 10):
        traits = quote(json.dumps({f"t{p.n}": p.text for p in batch}))
        call(admin, "GET", f"/api/v1/sdk/bootstrap?url=/app&user_id={READER}&traits={traits}", None, key)
    for p in PAYLOADS:
        call(admin, "GET", f"/api/v1/sdk/kb/search?q={quote(p.text)}&user_id={READER}", None, key)
    for p, article_id in zip(PAYLOADS, articles):
        call(admin, "POST", f"/api/v1/sdk/kb/articles/{article_id}/feedback",
             {"user_id": READER, "helpful": p.n % 2 == 0, "comment": p.text}, key)
    now = datetime.now(UTC)
    events = []  # two per payload: the timeline shows a user's last 500
    for i, p in enumerate(PAYLOADS):
        common = {"ts": (now - timedelta(seconds=len(PAYLOADS) - i)).isoformat(), "url": p.text, "data": {"note": p.text}}
        events += [{"id": str(uuid.uuid4()), "type": "step_viewed", "tour_id": p.text[:100], "step_id": p.text[:100], **common},
                   {"id": str(uuid.uuid4()), "type": "search", "query": p.text, **common}]
    for batch in chunks(events, 100):
        call(admin, "POST", "/api/v1/sdk/events", {"user_id": READER, "events": batch}, key)
    for slug, _, steps in big:  # a funnel for each big tour
        funnel = [{"id": str(uuid.uuid4()), "type": "tour_started", "ts": now.isoformat(), "tour_id": slug, "tour_version": 2}]
        funnel += [{"id": str(uuid.uuid4()), "type": "step_viewed", "ts": now.isoformat(), "tour_id": slug,
                    "tour_version": 2, "step_id": f"s{p.n}"} for p in steps[:5]]
        call(admin, "POST", "/api/v1/sdk/events", {"user_id": "xss-funnel", "events": funnel}, key)
    for i, p in enumerate(PAYLOADS):  # every other one closed: the inbox lists 200 of a status at most
        request = call(admin, "POST", "/api/v1/sdk/support-requests", {"user_id": p.text, "message": p.text}, key)
        if i % 2:
            call(admin, "PATCH", f"{base}/support-requests/{request['id']}", {"status": "closed"}, auth)

    # Searches spread over days, 20 a day: the analytics page shows the top 20 of a date range.
    today = now.date()
    with flask_app.app_context():
        for i, p in enumerate(PAYLOADS):
            day = datetime.combine(today - timedelta(days=i // 20), time(12), tzinfo=UTC)
            db.session.execute(update(KbSearch).where(KbSearch.query == p.text.strip()).values(created_at=day))
        db.session.commit()
        db.session.remove()
    return {"main": main, "apps": apps, "big": big, "articles": articles, "media": media,
            "today": today}


@pytest.fixture
def admin_ui(browser, xss_admin):
    """Logged-in owner pages on the admin UI (`more(n)` opens n more tabs with the same session),
    with the CSP bypassed and the detector armed."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    detector = Detector(context)
    page = detector.page()
    url = xss_admin["url"]
    page.goto(url + "/admin/login")
    page.get_by_label("Email").fill(OWNER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Apps", exact=True).wait_for()
    token = page.evaluate("sessionStorage.getItem('waypost.token')")

    def more(n: int) -> list:
        tabs = []
        for _ in range(n):
            tab = detector.page()
            tab.goto(url + "/admin/login")
            tab.evaluate("(token) => sessionStorage.setItem('waypost.token', token)", token)
            tab.goto(url + "/admin/apps")
            tab.get_by_role("heading", name="Apps", exact=True).wait_for()
            tabs.append(tab)
        return tabs

    yield page, detector, xss_admin, more
    context.close()


def go(page, path: str):
    """Client-side navigation, as the UI's own links do it."""
    page.evaluate("(path) => history.pushState(null, '', '/admin' + path)", path)


SHOWN = """async ([texts, within, spec]) => {
  const missing = () => __wpx.missingTexts(texts, document.querySelector(within));
  const t0 = performance.now();
  while ((!document.querySelector(within) || missing().length) && performance.now() - t0 < 20000) await __wpx.sleep(20);
  await __wpx.sleep(10);
  return [document.querySelector(within) ? missing() : texts, __wpx.scan(spec)];
}"""


def shown(page, texts, spec, within="main") -> tuple[list, list]:
    """Which of `texts` the element `within` does not show as text (after waiting up to 20 s for
    them), and what the scan of the whole page finds. (`main`, not the page: the header's app
    picker holds every payload, as app names.)"""
    return page.evaluate(SHOWN, [texts, within, spec])


# Visits each [path, selector, text, preview] in turn: navigates as the UI's links do, waits until
# `selector` shows `text`, opens the Markdown preview if there is one, and scans.
VISIT = """async ([visits, spec]) => {
  const problems = [];
  for (const [path, selector, text, preview] of visits) {
    history.pushState(null, '', path);
    await __wpx.waitFor(() => __wpx.norm(document.querySelector(selector)?.textContent) === __wpx.norm(text), path);
    if (preview) {
      const button = await __wpx.waitFor(() => [...document.querySelectorAll('main button')].find((b) => b.textContent.trim() === preview), preview);
      button.click();
      await __wpx.waitFor(() => document.querySelector('.preview-body'), 'the preview on ' + path);
    }
    await __wpx.sleep(10);
    problems.push(...__wpx.scan(spec).map((p) => path + ': ' + p));
  }
  return problems;
}"""


def visit_all(pages, visits, spec) -> list:
    return [p for problems in run_in_pages(pages, VISIT, [[part, spec] for part in split(visits, len(pages))]) for p in problems]


def test_admin_detector_trips_on_unsafe_rendering(admin_ui):
    page, detector, _, _ = admin_ui
    page.evaluate("() => { document.querySelector('main').insertAdjacentHTML('beforeend', "
                  "'<img src=x onerror=__xss(13)><a href=\"jav&#x61;script:__xss(62)\">x</a>'); }")
    page.wait_for_timeout(500)
    assert "13" in detector.numbers()  # the CSP is bypassed: an inline handler runs
    problems = page.evaluate("(spec) => __wpx.scan(spec)", admin_spec("tour"))
    assert any("onerror" in p for p in problems) and any("script-capable URL" in p for p in problems), problems
    assert any("<img> outside" in p for p in problems), problems


def test_admin_apps_tours_and_kb_render_every_payload_inert(admin_ui):
    page, detector, seeded, more = admin_ui
    spec = admin_spec("tour")
    main_id = seeded["main"]["id"]
    tabs = [page] + more(3)

    missing, problems = shown(page, TEXTS, spec)  # the apps list
    assert problems == [] and missing == [], (missing, problems)
    missing, _ = shown(page, TEXTS, spec, within="#app-picker")
    assert missing == []
    assert visit_all(tabs, [[f"/admin/apps/{i}/settings", "main h1", f"{name}: settings", None]
                            for i, name in seeded["apps"]], spec) == []

    go(page, f"/apps/{main_id}/tours")
    missing, problems = shown(page, [t.strip() for t in TEXTS], spec)
    assert problems == [] and missing == [], (missing, problems)

    for slug, first, steps in seeded["big"]:  # the editor: steps, translations, previews, versions and what changed
        go(page, f"/apps/{main_id}/tours/{slug}")
        result = page.evaluate("""async ([count, gone, spec]) => {
          const buttons = () => [...document.querySelectorAll('main button')].filter((b) => /^Preview step \\d+ body$/.test(b.textContent.trim()));
          await __wpx.waitFor(() => buttons().length === count, 'the step previews');
          buttons().forEach((b) => b.click());
          await __wpx.waitFor(() => document.querySelectorAll('.preview-body').length === count, 'the previews');
          document.querySelectorAll('details').forEach((d) => { d.open = true; });
          await __wpx.sleep(50);
          // v1's first title is in no field of v2: the changes between the versions show it
          return {problems: __wpx.scan(spec), changes: __wpx.missingTexts([gone], document.querySelector('main')).length === 0};
        }""", [len(steps), first, spec])
        assert result["problems"] == [], f"tour editor {slug}: {result['problems']}"
        assert result["changes"], f"tour editor {slug}: v1's title {first!r} is not shown among the changes"

    go(page, f"/apps/{main_id}/kb")
    missing, problems = shown(page, TEXTS, spec, within="main table")  # article titles
    assert problems == [] and missing == [], (missing, problems)
    missing, problems = shown(page, [f"Delete {t}" for t in TEXTS], spec)  # category names
    assert problems == [] and missing == [], (missing, problems)

    article_spec = admin_spec("article", iframe_hosts=["127.0.0.1"], media_origin=seeded["url"])
    titles = TEXTS + [f"Media {i}" for i in range(len(MEDIA_TRICKS))]
    visits = [[f"/admin/apps/{main_id}/kb/articles/{article_id}", "main h1", title, "Preview article body"]
              for article_id, title in zip(seeded["articles"] + seeded["media"], titles)]
    assert visit_all(tabs, visits, article_spec) == []
    go(page, f"/apps/{main_id}/kb/articles/{seeded['media'][-1]}")
    page.get_by_role("button", name="Preview article body").click()
    media = page.get_by_role("region", name="Preview of article body").locator("iframe, video")
    media.first.wait_for()
    assert [e.get_attribute("src") for e in media.all()] == ["https://127.0.0.1/embed/fine", "/media/fine.mp4"]

    go(page, f"/apps/{main_id}/analytics")  # tours, funnels (step titles), articles
    for section, texts in [("tours", [t.strip() for t in TEXTS]), ("articles", TEXTS)]:
        missing, problems = shown(page, texts, spec, within=f'section[aria-labelledby="{section}-heading"] table')
        assert problems == [] and missing == [], (section, missing, problems)
    for slug, _, steps in seeded["big"]:
        page.locator("#funnel-tour").select_option(slug)
        page.wait_for_selector(f'table[data-funnel="{slug}"]')
        missing, problems = shown(page, [f"Step {i + 1}: {p.text}" for i, p in enumerate(steps[:5])], spec,
                                  within=f'table[data-funnel="{slug}"]')
        assert problems == [] and missing == [], (slug, missing, problems)
    page.wait_for_timeout(300)
    detector.assert_quiet("admin: apps, tours, knowledge base")


def test_admin_shows_what_end_users_sent_inert(admin_ui):
    page, detector, seeded, more = admin_ui
    spec = admin_spec("tour")
    main_id = seeded["main"]["id"]

    go(page, f"/apps/{main_id}/analytics")  # top searches and searches without results, a day at a time
    for day, group in enumerate(chunks(PAYLOADS, 20)):
        date = (seeded["today"] - timedelta(days=day)).isoformat()
        page.locator("#field-from").fill(date)
        page.locator("#field-to").fill(date)
        with page.expect_response(lambda r: "/analytics/searches" in r.url and f"from={date}" in r.url):
            page.get_by_role("button", name="Show").click()
        missing, problems = shown(page, [p.text.strip() for p in group], spec,
                                  within='section[aria-labelledby="searches-heading"] table')
        assert problems == [] and missing == [], (date, missing, problems)

    go(page, f"/apps/{main_id}/users?user={READER}")  # traits, searches, comments, events with hostile urls and ids
    missing, problems = shown(page, [s for t in TEXTS for s in (
        f"Searched the help for “{t.strip()}”", f"helpful: {t}", f"on {t}",
        f"Saw step {t[:100]} of tour {t[:100]}", f"Found “{t}”")], spec)
    assert problems == [] and missing == [], (missing, problems)
    traits = json.loads(page.locator("dl.facts code").text_content())
    assert traits == {f"t{p.n}": p.text for p in PAYLOADS}

    go(page, f"/apps/{main_id}/users")  # the recently seen users: their ids
    page.wait_for_function("() => document.querySelectorAll('main tbody tr').length >= 50")
    _, problems = shown(page, [], spec)
    assert problems == []

    go(page, f"/apps/{main_id}/inbox")  # every request: its user's id and its message
    for status, texts in [("open", TEXTS[::2]), ("closed", TEXTS[1::2])]:
        page.locator("#inbox-status").select_option(status)
        missing, problems = shown(page, [f"from {t}" for t in texts], spec)
        assert problems == [] and missing == [], (status, missing, problems)
        messages = page.evaluate("() => [...document.querySelectorAll('main p.message')].map((p) => p.textContent)")
        assert sorted(messages) == sorted(texts)

    # the timeline of each user whose id is a payload
    visits = [[f"/admin/apps/{main_id}/users?user={quote(p.text, safe='')}", "main h1", f"User {p.text}", None]
              for p in PAYLOADS]
    assert visit_all([page] + more(3), visits, spec) == []
    page.wait_for_timeout(300)
    detector.assert_quiet("admin: what end users sent")
