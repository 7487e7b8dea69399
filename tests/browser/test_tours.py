"""Tours in a real browser against the real backend: rendering, moving, finishing, events stored."""
import pytest

from .conftest import dump, page_url

WELCOME = {"id": "welcome", "title": "Welcome aboard", "body": "Let us show you **around**."}
ON_BUTTON = {"id": "on-button", "target": "#host-button", "placement": "bottom", "title": "Your button",
             "body": "This is the host's button."}
ON_TARGET_A = {"id": "on-a", "target": "#target-a", "placement": "right", "title": "A paragraph",
               "body": "Read this."}


@pytest.fixture(scope="module", autouse=True)
def tours(waypost):
    waypost.tour("basic", [WELCOME, ON_BUTTON, ON_TARGET_A], {"url": "/t/basic/*"})
    waypost.tour("escape", [WELCOME, ON_BUTTON], {"url": "/t/escape/*"})
    waypost.tour("optout", [WELCOME, ON_BUTTON], {"url": "/t/optout/*"})
    waypost.tour("missing", [
        {"id": "ghost", "target": "#does-not-exist", "title": "Ghost", "body": "Never shown."},
        {"id": "after-ghost", "title": "After the ghost", "body": "Shown instead."},
    ], {"url": "/t/missing/*"})
    waypost.tour("late", [
        {"id": "late-step", "target": "#late-target", "placement": "top", "title": "Late", "body": "It came."},
    ], {"url": "/t/late/*"})
    waypost.tour("click", [
        {"id": "press-it", "target": "#host-button", "title": "Press it", "body": "Go on.", "advance_on": "click"},
        {"id": "pressed", "title": "Pressed", "body": "Well done."},
    ], {"url": "/t/click/*"})
    waypost.tour("multi", [
        {"id": "page-one", "title": "Page one", "body": "Next takes you to page two."},
        {"id": "page-two", "target": "#target-a", "title": "Page two", "body": "Here we are.", "url": "/t/multi/two"},
        {"id": "page-two-end", "title": "The end", "body": "Bye.", "url": "/t/multi/two"},
    ], {"url": "/t/multi/one"})
    waypost.tour("spa", [
        {"id": "spa-step", "target": "#spa-target", "title": "SPA", "body": "Found after pushState."},
    ], {"url": "/t/spa/spa-second"})
    waypost.tour("manual", [WELCOME], {"url": "/nowhere/*"}, auto=False)
    waypost.tour("scroll", [
        {"id": "far", "target": "#far-below", "placement": "top", "title": "Far", "body": "Scrolled to."},
    ], {"url": "/t/scroll/*"})


def test_tour_renders_moves_and_finishes_with_events_stored(page, waypost, host, user_id):
    page.goto(page_url(host, "basic", user=user_id))
    modal = page.step("welcome")
    modal.wait_for()
    assert modal.get_attribute("role") == "dialog"
    assert modal.get_attribute("aria-modal") == "true"
    assert "Welcome aboard" in modal.inner_text()
    assert page.locator("[data-waypost-step] strong").inner_text() == "around"  # body_html as HTML
    assert "1 of 3" in modal.inner_text()
    # the centred modal is in the middle of the viewport
    box = modal.bounding_box()
    assert abs(box["x"] + box["width"] / 2 - 640) < 2 and abs(box["y"] + box["height"] / 2 - 400) < 2

    page.action("next").click()
    tooltip = page.step("on-button")
    tooltip.wait_for()
    assert tooltip.get_attribute("aria-modal") is None
    assert "2 of 3" in tooltip.inner_text()
    button = page.locator("#host-button").bounding_box()
    tip = tooltip.bounding_box()
    assert tip["y"] >= button["y"] + button["height"]  # placement bottom: below its target
    assert tip["x"] < button["x"] + button["width"] and tip["x"] + tip["width"] > button["x"]

    page.action("back").click()
    page.step("welcome").wait_for()
    page.action("next").click()
    page.action("next").click()
    right = page.step("on-a")
    right.wait_for()
    target = page.locator("#target-a").bounding_box()
    assert right.bounding_box()["x"] >= target["x"] + target["width"]  # placement right
    page.action("done").click()
    page.step().wait_for(state="detached")
    assert page.locator("waypost-root").count() == 0

    expected = [("tour_started", None), ("step_viewed", "welcome"), ("step_completed", "welcome"),
                ("step_viewed", "on-button"), ("step_viewed", "welcome"), ("step_completed", "welcome"),
                ("step_viewed", "on-button"), ("step_completed", "on-button"), ("step_viewed", "on-a"),
                ("step_completed", "on-a"), ("tour_completed", "on-a")]
    events = waypost.wait_for_events(page, user_id, expected)
    assert [(e["type"], e["step_id"]) for e in events] == expected, dump(events)
    assert all(e["tour_id"] == "basic" and e["tour_version"] == 1 for e in events)
    assert all(e["url"] == f"/t/basic/index?user={user_id}" for e in events)


def test_escape_dismisses_and_the_server_remembers(page, new_page, browser, waypost, host, user_id):
    page.goto(page_url(host, "escape", user=user_id))
    page.step("welcome").wait_for()
    page.keyboard.press("Escape")
    page.step().wait_for(state="detached")
    events = waypost.wait_for_events(page, user_id, [("tour_dismissed", "welcome")])
    assert ("tour_dismissed", "welcome") in [(e["type"], e["step_id"]) for e in events]

    # Another browser (no local memory of it): the server no longer starts the tour by itself.
    other = new_page(browser.new_context())
    other.open(page_url(host, "escape", user=user_id))
    assert other.step().count() == 0


def test_opt_out_persists_on_the_server(page, new_page, browser, waypost, host, user_id):
    page.goto(page_url(host, "optout", user=user_id))
    page.step("welcome").wait_for()
    page.action("opt-out").click()
    page.step().wait_for(state="detached")
    for _ in range(40):
        if waypost.opted_out(user_id):
            break
        page.wait_for_timeout(250)
    assert waypost.opted_out(user_id)

    page.open(page.url)  # reload
    other = new_page(browser.new_context())
    other.open(page_url(host, "optout", user=user_id))
    for p in (page, other):
        assert p.step().count() == 0
    # what the server now says to this user
    answer = other.evaluate(
        """async ([server, key, user]) => (await (await fetch(
            `${server}/api/v1/sdk/bootstrap?url=/t/optout/index&user_id=${user}`,
            {headers: {'X-Waypost-Key': key}})).json())""",
        [waypost.url, waypost.key, user_id])
    assert answer["user"]["opted_out"] is True
    events = waypost.wait_for_events(page, user_id, [("tour_dismissed", "welcome")])
    dismissed = [e for e in events if e["type"] == "tour_dismissed"]
    assert dismissed and dismissed[0]["data"] == {"opt_out": True}


def test_missing_target_is_shown_as_missing_and_reported(page, waypost, host, user_id):
    page.goto(page_url(host, "missing", user=user_id, timeout=1000))
    page.step("ghost").locator('[role="status"]').wait_for()  # says so, instead of skipping without a word
    page.action("next").click()
    page.step("after-ghost").wait_for()
    events = waypost.wait_for_events(page, user_id, [("step_target_missing", "ghost")])
    missing = [e for e in events if e["type"] == "step_target_missing"]
    assert len(missing) == 1 and missing[0]["data"] == {"selector": "#does-not-exist"}, dump(events)


def test_target_that_appears_late_is_found(page, host, user_id):
    page.goto(page_url(host, "late", user=user_id, late=1500))
    step = page.step("late-step")
    step.wait_for(timeout=5000)
    late = page.locator("#late-target").bounding_box()
    box = step.bounding_box()
    assert box["y"] + box["height"] <= late["y"]  # placement top, anchored to the late element
    assert page.evaluate("window.__events").count("step_target_missing:late-step") == 0


def test_advance_on_click_passes_the_click_to_the_target(page, waypost, host, user_id):
    page.goto(page_url(host, "click", user=user_id))
    page.step("press-it").wait_for()
    page.locator("#host-button").click()  # a real click at the target's position, through the overlay's cutout
    page.step("pressed").wait_for()
    assert page.locator("#count").inner_text() == "1"
    # outside the cutout the overlay takes the click: the host page is not clicked by accident
    page.mouse.click(5, 5)
    assert page.step("pressed").count() == 1
    events = waypost.wait_for_events(page, user_id, [("step_completed", "press-it"), ("step_viewed", "pressed")])
    assert ("step_completed", "press-it") in [(e["type"], e["step_id"]) for e in events]


def test_multi_page_tour_continues_after_navigation_and_reload(page, waypost, host, user_id):
    page.goto(page_url(host, "multi", "one", user=user_id))
    page.step("page-one").wait_for()
    page.action("next").click()
    page.wait_for_url(f"**/t/multi/two?user={user_id}")  # the host's query goes along
    page.step("page-two").wait_for()
    assert "2 of 3" in page.step("page-two").inner_text()
    page.reload()
    page.step("page-two").wait_for()
    page.action("next").click()
    page.step("page-two-end").wait_for()
    page.action("done").click()
    events = waypost.wait_for_events(page, user_id, [("tour_completed", "page-two-end")])
    kinds = [(e["type"], e["step_id"]) for e in events]
    assert kinds.count(("tour_started", None)) == 1, dump(events)
    assert ("tour_completed", "page-two-end") in kinds
    urls = {e["step_id"]: e["url"].split("?")[0] for e in events if e["type"] == "step_viewed"}
    assert urls == {"page-one": "/t/multi/one", "page-two": "/t/multi/two", "page-two-end": "/t/multi/two"}


def test_multi_page_tour_resumes_from_server_progress_in_another_browser(page, new_page, browser, host, waypost,
                                                                         user_id):
    page.goto(page_url(host, "multi", "one", user=user_id))
    page.step("page-one").wait_for()
    page.action("next").click()
    page.step("page-two").wait_for()
    waypost.wait_for_events(page, user_id, [("step_viewed", "page-two")])
    other = new_page(browser.new_context())
    other.goto(page_url(host, "multi", "two", user=user_id))
    other.step("page-two").wait_for()


def test_spa_route_change_re_evaluates_tours(page, host, user_id):
    page.open(page_url(host, "spa", "first", user=user_id))
    assert page.step().count() == 0
    page.locator("#spa-link").click()
    page.wait_for_url("**/t/spa/spa-second")
    page.step("spa-step").wait_for()


def test_page_command_forces_re_evaluation(page, waypost, host, user_id):
    page.open(page_url(host, "pagecmd", user=user_id))
    assert page.step().count() == 0
    # Something changed that no URL change shows (here: a tour was just published); the host says so.
    waypost.tour("pagecmd", [{"id": "fresh", "title": "Fresh", "body": "Just published."}], {"url": "/t/pagecmd/*"})
    page.evaluate("Waypost('page')")
    page.step("fresh").wait_for()


def test_start_by_id_works_off_the_tours_pages(page, host, user_id):
    page.open(page_url(host, "manual", user=user_id))
    assert page.step().count() == 0
    page.evaluate("void Waypost('start', 'manual')")  # its promise waits for the tour's end
    page.step("welcome").wait_for()


def test_target_below_the_fold_is_scrolled_into_view(page, host, user_id):
    page.goto(page_url(host, "scroll", user=user_id))
    step = page.step("far")
    step.wait_for()
    page.wait_for_function("""() => {
        const r = document.getElementById('far-below').getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight;
    }""")
    box = step.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 800


def test_bootstrap_is_revalidated_with_its_etag(page, host, user_id):
    url = page_url(host, "basic", user=user_id)
    page.goto(url)
    page.step("welcome").wait_for()
    page.action("close").click()
    page.wait_for_timeout(4000)  # the dismissal reaches the server: later loads see the same state
    answers = []
    for _ in range(2):
        with page.expect_response(lambda r: "/api/v1/sdk/bootstrap" in r.url and r.request.method == "GET") as info:
            page.goto(url)
        answers.append(info.value)
        page.wait_for_timeout(300)
    etag = answers[0].all_headers()["etag"]
    # the browser revalidates (the server answers 304; Chromium reports the cached 200 to us)
    assert answers[1].request.all_headers().get("if-none-match") == etag


def test_events_are_beaconed_when_the_page_goes_away(page, waypost, host, user_id):
    page.open(page_url(host, "manual", user=user_id))
    page.evaluate("Waypost('track', 'custom:leaving', {why: 'test'})")
    page.goto("about:blank")  # pagehide long before the 3 s flush; no later Waypost page resends it
    events = waypost.wait_for_events(page, user_id, [("custom:leaving", None)])
    leaving = [e for e in events if e["type"] == "custom:leaving"]
    assert len(leaving) == 1 and leaving[0]["data"] == {"why": "test"}, dump(events)
