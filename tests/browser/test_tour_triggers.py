"""Tours armed on a later trigger in real Chromium: a click on the host's element, an element that comes late, the
host's own event, a delay; and `Waypost('start', id)` resolving to how the tour ended."""
import pytest

from .conftest import dump, page_url

ONE_STEP = [{"id": "hello", "title": "Hello", "body": "Started by its trigger."}]
TWO_STEPS = [{"id": "first", "target": "#host-button", "title": "First", "body": "The button."},
             {"id": "second", "title": "Second", "body": "The end."}]


@pytest.fixture(scope="module", autouse=True)
def tours(waypost):
    waypost.tour("trig-click", ONE_STEP, {"url": "/t/trig/click"}, trigger={"on": "click", "selector": "#host-button"})
    waypost.tour("trig-late", ONE_STEP, {"url": "/t/trig/late"}, trigger={"on": "element", "selector": "#late-target"})
    waypost.tour("trig-event", ONE_STEP, {"url": "/t/trig/event"},
                 trigger={"on": "event", "event": "custom:exported"})
    waypost.tour("trig-delay", ONE_STEP, {"url": "/t/trig/delay"}, trigger={"on": "delay", "seconds": 1.5})
    waypost.tour("by-hand", TWO_STEPS, {"url": "/t/trig/*"}, auto=False)


def test_a_click_on_the_hosts_element_starts_it_and_the_hosts_click_still_counts(page, waypost, host, user_id):
    page.open(page_url(host, "trig", "click", user=user_id))
    page.wait_for_timeout(300)
    assert page.step().count() == 0
    page.click("#host-button")
    page.step("hello").wait_for()
    assert page.inner_text("#count") == "1"
    events = waypost.wait_for_events(page, user_id, [("tour_started", None), ("step_viewed", "hello")])
    assert [e["tour_id"] for e in events if e["type"] == "tour_started"] == ["trig-click"], dump(events)


def test_an_element_that_comes_late_starts_it_once_visible(page, host, user_id):
    page.open(page_url(host, "trig", "late", user=user_id, late=1200))
    assert page.step().count() == 0
    page.locator("#late-target").wait_for()
    page.step("hello").wait_for()


def test_the_hosts_event_starts_it(page, host, user_id):
    page.open(page_url(host, "trig", "event", user=user_id))
    page.evaluate("Waypost('track', 'custom:other')")
    page.wait_for_timeout(300)
    assert page.step().count() == 0
    page.evaluate("Waypost('track', 'custom:exported')")
    page.step("hello").wait_for()


def test_a_delay_starts_it_after_its_seconds(page, host, user_id):
    page.open(page_url(host, "trig", "delay", user=user_id))
    assert page.step().count() == 0
    page.step("hello").wait_for(timeout=5000)


START = "id => { window.__outcome = 'pending'; Waypost('start', id).then(o => { window.__outcome = o; }); }"


def test_start_resolves_to_completed_dismissed_or_target_missing(page, host, user_id):
    page.open(page_url(host, "trig", "manual", user=user_id, timeout=800))
    page.evaluate(START, "by-hand")
    page.step("first").wait_for()
    page.action("next").click()
    page.action("done").click()
    page.wait_for_function("window.__outcome === 'completed'")
    page.evaluate(START, "by-hand")
    page.step("first").wait_for()
    page.keyboard.press("Escape")
    page.wait_for_function("window.__outcome === 'dismissed'")
    page.evaluate("document.getElementById('host-button').remove()")
    page.evaluate(START, "by-hand")
    page.wait_for_function("window.__outcome === 'target_missing'")
    assert page.step("first").is_visible()  # the step says its item is not here
