"""Tours at runtime: a tour stays on its own pages, steps fit narrow screens, Next keeps the
host's query, and an untranslated tour keeps its language inside the session's chrome."""
import pytest

from .conftest import dump, page_url
from .test_accessibility import axe_violations

DASH = [
    {"id": "dash-welcome", "title": "Dashboard", "body": "The dashboard tour."},
    {"id": "dash-button", "target": "#host-button", "placement": "bottom", "title": "Button", "body": "Here."},
    {"id": "dash-a", "target": "#target-a", "placement": "right", "title": "Paragraph", "body": "There."},
]

# Fixed targets at every edge and corner of the viewport, each with the placement that would leave it.
EDGES = {
    "tl": ("top:0;left:0", "left"),
    "t": ("top:0;left:calc(50% - 40px)", "top"),
    "tr": ("top:0;right:0", "right-start"),
    "r": ("top:calc(50% - 16px);right:0", "right"),
    "br": ("bottom:0;right:0", "bottom-end"),
    "b": ("bottom:0;left:calc(50% - 40px)", "bottom"),
    "bl": ("bottom:0;left:0", "left-end"),
    "l": ("top:calc(50% - 16px);left:0", "left-start"),
    "nav": ("top:0;left:0;width:232px;height:100%", "right-start"),  # the demo's sidebar
    "header": ("top:0;left:0;width:100%;height:48px", "right"),  # no room on either side
}
ADD_EDGES = """document.addEventListener('DOMContentLoaded', () => {
    for (const [id, css] of %s) {
        const el = document.createElement('span');
        el.id = 'edge-' + id;
        el.textContent = id;
        el.style.cssText = 'position:fixed;display:block;width:80px;height:32px;background:#ddd;' + css;
        document.body.append(el);
    }
});"""


@pytest.fixture(scope="module", autouse=True)
def tours(waypost):
    waypost.tour("pages-dash", DASH, {"url": "/t/pages/dash"})
    waypost.tour("pages-settings", [{"id": "settings-intro", "title": "Settings", "body": "The settings tour."}],
                 {"url": "/t/pages/settings"})
    waypost.tour("pages-missing", [
        {"id": "ghost", "target": "#does-not-exist", "title": "Ghost", "body": "Points at nothing here."},
        {"id": "after-ghost", "title": "After the ghost", "body": "Next step."},
    ], {"url": "/t/pages/missing"})
    waypost.tour("edges", [
        {"id": f"edge-{name}", "target": f"#edge-{name}", "placement": placement,
         "title": f"A title long enough to wrap, at {name}", "body": "Some words about this part of the page."}
        for name, (_, placement) in EDGES.items()
    ], {"url": "/t/edges/*"})
    waypost.tour("tall", [
        {"id": "tall-tip", "target": "#target-a", "placement": "right", "title": "A long step",
         "body": "\n\n".join(f"Paragraph {n} of a step longer than the screen is high." for n in range(40))},
    ], {"url": "/t/tall/*"})
    waypost.tour("carry", [
        {"id": "carry-one", "title": "One", "body": "Next goes to page two."},
        {"id": "carry-two", "title": "Two", "body": "Still you.", "url": "/t/carry/two"},
    ], {"url": "/t/carry/one"})
    waypost.tour("lang", [
        {"id": "lang-modal", "title": "Welcome aboard", "body": "Only in **English**."},
        {"id": "lang-tip", "target": "#target-a", "placement": "right", "title": "A paragraph", "body": "Read it."},
    ], {"url": "/t/lang/*"})


def test_tour_waits_off_its_pages_and_the_pages_own_tour_runs(page, host, user_id):
    page.goto(page_url(host, "pages", "dash", user=user_id))
    page.step("dash-welcome").wait_for()
    page.action("next").click()
    page.step("dash-button").wait_for()

    page.open(page_url(host, "pages", "settings"))  # the host keeps its user for the tab
    page.step("settings-intro").wait_for()
    assert page.locator('[data-waypost-step^="dash-"]').count() == 0
    page.action("done").click()
    page.step().wait_for(state="detached")

    page.open(page_url(host, "pages", "dash"))  # offered again where it belongs, where it was left
    resumed = page.step("dash-button")
    resumed.wait_for()
    assert "2 of 3" in resumed.inner_text()


def test_tour_leaves_the_screen_on_a_route_change_off_its_pages_and_comes_back(page, host, user_id):
    page.goto(page_url(host, "pages", "dash", user=user_id))
    page.step("dash-welcome").wait_for()
    page.action("next").click()
    page.step("dash-button").wait_for()
    page.evaluate("history.pushState({}, '', 'elsewhere')")
    page.step().wait_for(state="detached")
    page.go_back()
    page.step("dash-button").wait_for()


def test_missing_target_says_so_in_the_step(page, waypost, host, user_id):
    page.goto(page_url(host, "pages", "missing", user=user_id, timeout=1000))
    ghost = page.step("ghost")
    ghost.wait_for()
    note = ghost.locator('[role="status"]')
    assert note.inner_text() == "This step's item is not on this page."
    assert ghost.get_attribute("aria-describedby") == "wp-d wp-m"
    assert "1 of 2" in ghost.inner_text() and "Points at nothing here." in ghost.inner_text()
    page.action("next").click()
    page.step("after-ghost").wait_for()
    events = waypost.wait_for_events(page, user_id, [("step_target_missing", "ghost")])
    missing = [e for e in events if e["type"] == "step_target_missing"]
    assert len(missing) == 1 and missing[0]["data"] == {"selector": "#does-not-exist"}, dump(events)


def test_missing_target_note_in_arabic_at_375_px_passes_axe(page, host, user_id):
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(page_url(host, "pages", "missing", user=user_id, timeout=500, locale="ar"))
    ghost = page.step("ghost")
    ghost.wait_for()
    assert ghost.locator('[role="status"]').inner_text() == "العنصر الذي تشير إليه هذه الخطوة غير موجود في هذه الصفحة."
    assert ghost.get_attribute("dir") == "rtl"
    result = axe_violations(page)
    assert result["violations"] == [], dump(result["violations"])


def inside(box, width, height, where):
    assert box["x"] >= 0 and box["y"] >= 0, (where, box)
    assert box["x"] + box["width"] <= width + 0.5 and box["y"] + box["height"] <= height + 0.5, (where, box)


@pytest.mark.parametrize("width", [320, 375, 768])
def test_steps_and_their_buttons_stay_inside_the_viewport_at_every_edge(page, host, user_id, width):
    height = 700
    page.set_viewport_size({"width": width, "height": height})
    page.add_init_script(ADD_EDGES % [[name, css] for name, (css, _) in EDGES.items()])
    page.goto(page_url(host, "edges", user=user_id))
    for index, name in enumerate(EDGES):
        step = page.step(f"edge-{name}")
        step.wait_for()
        page.wait_for_timeout(100)  # positioned on the next frames
        box = step.bounding_box()
        inside(box, width, height, name)
        for button in step.locator("[data-waypost-action]").all():
            b = button.bounding_box()
            inside(b, width, height, f"{name}: {button.get_attribute('data-waypost-action')}")
            assert box["x"] <= b["x"] and b["x"] + b["width"] <= box["x"] + box["width"] + 0.5, name
        target = page.locator(f"#edge-{name}").bounding_box()
        if width < 480:  # a sheet along the edge away from the target
            assert box["x"] == 8 and box["width"] == width - 16, (name, box)
            if target["height"] < height / 2:
                assert box["y"] >= target["y"] + target["height"] or box["y"] + box["height"] <= target["y"], name
        elif name != "nav" or width > 232 + 340 + 24:
            # beside its target, not over it
            apart = (box["x"] >= target["x"] + target["width"] or box["x"] + box["width"] <= target["x"]
                     or box["y"] >= target["y"] + target["height"] or box["y"] + box["height"] <= target["y"])
            assert apart, (name, box, target)
        page.action("done" if index == len(EDGES) - 1 else "next").click()
    page.step().wait_for(state="detached")


@pytest.mark.parametrize("width,height,locale", [(768, 420, "en"), (1280, 600, "ar")])
def test_a_step_taller_than_the_viewport_scrolls_its_body_and_keeps_its_buttons_on_screen(
        page, host, user_id, width, height, locale):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(page_url(host, "tall", user=user_id, locale=locale))
    step = page.step("tall-tip")
    step.wait_for()
    page.wait_for_timeout(100)  # positioned on the next frames
    inside(step.bounding_box(), width, height, "step")
    for button in step.locator("[data-waypost-action]").all():
        inside(button.bounding_box(), width, height, button.get_attribute("data-waypost-action"))
    body = step.locator(".b")
    assert body.evaluate("b => b.scrollHeight > b.clientHeight")
    arrow = step.locator(".a").bounding_box()  # still drawn: the bubble itself does not clip
    assert arrow and arrow["width"] > 0
    body.focus()
    assert body.evaluate("b => b.getRootNode().activeElement === b")
    page.keyboard.press("End")
    body.evaluate("b => new Promise(done => (function wait() { b.scrollTop > 0 ? done() : setTimeout(wait, 20) })())")
    result = axe_violations(page)
    assert result["violations"] == [], dump(result["violations"])


def test_next_to_another_page_keeps_the_hosts_query(page, host, user_id):
    page.goto(page_url(host, "carry", "one", user=user_id, locale="th"))
    page.step("carry-one").wait_for()
    page.action("next").click()
    page.wait_for_url(f"**/t/carry/two?user={user_id}&locale=th")
    page.step("carry-two").wait_for()


def test_untranslated_tour_keeps_its_language_inside_arabic_chrome(page, host, user_id):
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(page_url(host, "lang", user=user_id, locale="ar"))
    modal = page.step("lang-modal")
    modal.wait_for()
    assert (modal.get_attribute("dir"), modal.get_attribute("lang")) == ("rtl", "ar")  # the chrome: the session's
    for part in (modal.locator("h2"), modal.locator(".b")):  # the content: the tour's own
        assert (part.get_attribute("dir"), part.get_attribute("lang")) == ("ltr", "en")
    counter = modal.locator(".p")
    assert counter.evaluate("el => el.tagName") == "BDI"
    assert counter.inner_text() == "1 من 2"
    back, nxt, close = (page.action(a).bounding_box() for a in ("back", "next", "close"))
    assert nxt["x"] < back["x"]  # buttons read right to left
    title = modal.locator("h2").bounding_box()
    assert close["x"] + close["width"] <= title["x"]  # the × (inline end: left) does not cover the title
    result = axe_violations(page)
    assert result["violations"] == [], dump(result["violations"])
    page.action("next").click()
    tip = page.step("lang-tip")
    tip.wait_for()
    assert tip.get_attribute("dir") == "rtl" and tip.locator("h2").get_attribute("lang") == "en"
    result = axe_violations(page)
    assert result["violations"] == [], dump(result["violations"])
