"""The SDK never hurts the host page: a dead or broken backend, a strict CSP, hostile host CSS."""
import pytest

from .conftest import free_port, page_url


@pytest.fixture(scope="module", autouse=True)
def tours(waypost):
    waypost.tour("csp", [
        {"id": "csp-modal", "title": "Under CSP", "body": "No inline anything."},
        {"id": "csp-tooltip", "target": "#host-button", "title": "Still styled", "body": "Adopted stylesheets."},
    ], {"url": "/t/csp/*"})
    waypost.tour("isolation", [
        {"id": "isolated", "target": "#host-button", "title": "Isolated", "body": "Host CSS stays out."},
    ], {"url": "/t/isolation/*"})


def assert_host_unharmed(page):
    """The host's own button still works, the SDK drew nothing, and its API calls do not throw."""
    page.locator("#host-button").click()
    page.locator("#host-button").click()
    assert page.locator("#count").inner_text() == "2"
    assert page.locator("[data-waypost-step]").count() == 0
    assert page.evaluate("typeof Waypost") == "function"
    page.evaluate("""() => { Waypost('start', 'x'); Waypost('page'); Waypost('optOut'); Waypost('stop');
                             Waypost('help', 'open'); Waypost('identify', {id: 'someone'}); Waypost('nonsense'); }""")
    page.wait_for_timeout(500)
    assert page.locator("#count").inner_text() == "2"


@pytest.mark.parametrize("backend", ["closed-port", "http-500", "junk-html"])
def test_broken_backend_leaves_the_host_page_alone(page, host, user_id, backend):
    server = {
        "closed-port": f"http://127.0.0.1:{free_port()}",  # nothing listens there
        "http-500": f"{host}/broken",
        "junk-html": host,  # every API path answers a 404 HTML page
    }[backend]
    page.goto(page_url(host, "down", user=user_id, server=server, sdk="host"))
    page.wait_for_function("typeof Waypost === 'function' && !Waypost.q")  # the SDK loaded and took over
    page.wait_for_timeout(800)
    assert_host_unharmed(page)
    # the page's layout is untouched: nothing of ours is in the flow
    assert page.locator("body > *:not(header):not(nav):not(main):not(script)").count() == 0


def test_sdk_script_that_cannot_load_breaks_nothing(page, host, user_id):
    # The snippet's stub keeps queueing; the page works without the SDK at all.
    page.route("**/sdk/waypost.js", lambda route: route.abort())
    page.goto(page_url(host, "down", user=user_id))
    page.wait_for_timeout(500)
    page.locator("#host-button").click()
    assert page.locator("#count").inner_text() == "1"
    assert page.evaluate("Waypost.q.length") >= 2


def test_strict_csp_still_renders_a_styled_tour(page, waypost, host, user_id):
    response = page.goto(page_url(host, "csp", user=user_id))
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    step = page.step("csp-modal")
    step.wait_for()
    style = step.evaluate("el => { const s = getComputedStyle(el); return [s.position, s.backgroundColor, s.borderRadius] }")
    assert style == ["fixed", "rgb(255, 255, 255)", "8px"]  # the constructable stylesheet applied
    page.action("next").click()
    page.step("csp-tooltip").wait_for()
    page.action("done").click()
    events = waypost.wait_for_events(page, user_id, [("tour_completed", "csp-tooltip")])
    assert ("tour_completed", "csp-tooltip") in [(e["type"], e["step_id"]) for e in events]
    assert page.evaluate("window.__violations") == []


def test_host_css_does_not_leak_in_and_ours_does_not_leak_out(page, host, user_id):
    page.goto(page_url(host, "isolation", user=user_id))
    step = page.step("isolated")
    step.wait_for()
    # host rules: `[role=dialog] {display: none !important}`, `button {background: hotpink !important}`
    assert step.is_visible()
    assert page.action("next").count() == 0 and page.action("done").count() == 1
    done_bg = page.action("done").evaluate("el => getComputedStyle(el).backgroundColor")
    assert done_bg == "rgb(11, 87, 208)"
    assert page.locator("#host-button").evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 105, 180)"
    # one host element in the page, its styles in an open shadow root; no <style> added to the document
    assert page.evaluate("document.querySelectorAll('waypost-root').length") == 1
    assert page.evaluate("!!document.querySelector('waypost-root').shadowRoot") is True
    assert page.evaluate("document.querySelectorAll('style').length") == 0


def test_only_global_is_waypost(page, host, user_id):
    page.goto(page_url(host, "isolation", user=user_id))
    page.step("isolated").wait_for()
    added = page.evaluate("""() => {
        const frame = document.createElement('iframe');
        document.body.append(frame);
        const clean = new Set(Object.getOwnPropertyNames(frame.contentWindow));
        frame.remove();
        return Object.getOwnPropertyNames(window).filter(n => !clean.has(n)).sort();
    }""")
    # __events and __violations belong to the test host page's own script
    assert added == ["Waypost", "__events", "__violations"]
