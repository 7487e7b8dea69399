"""Hotspots in a real browser: beacons on the host's elements in Arabic at 375 px, reached by Tab, a tip opened by
keyboard and closed by Escape, a beacon that hides with its element, no pulse for reduced motion; authored in the
admin UI with a selector browsers refuse caught in the form; axe-clean."""
import uuid

from playwright.sync_api import expect

from .admin_fixtures import admin_dist, admin_page_in, admin_server  # noqa: F401
from .conftest import dump, page_url
from .test_admin import AXE

HOTSPOT_AXE = """async () => {
    const r = await axe.run({include: [{fromShadowDom: ['waypost-hotspots', 'button, [role=dialog]']}]},
                            {resultTypes: ['violations']});
    return r.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.html).slice(0, 3)}));
}"""


def spots(scenario: str) -> dict:
    return {"id": f"h-{scenario}", "type": "hotspot", "name": "Tips", "match": {"url": f"/t/{scenario}/*"},
            "hotspots": [{"id": "button", "target": "#host-button", "title": "A new button", "body": "It **counts**."},
                         {"id": "para", "target": "#target-a", "corner": "bottom-start", "title": "A paragraph"}],
            "translations": {"ar": {"hotspots": {"button": {"title": "زر جديد", "body": "إنه **يعد**."}}}}}


def test_hotspots_in_arabic_by_keyboard(browser, page, waypost, host, user_id):
    scenario = f"spot{uuid.uuid4().hex[:6]}"
    waypost.experience(spots(scenario))
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(page_url(host, scenario, user=user_id, locale="ar"))
    beacon = page.get_by_role("button", name="زر جديد")
    expect(beacon).to_be_visible()
    target, box = page.locator("#host-button").bounding_box(), beacon.bounding_box()
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert abs(centre[0] - (target["x"] + target["width"])) <= 2 and abs(centre[1] - target["y"]) <= 2, (box, target)
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(HOTSPOT_AXE) == []

    beacon.focus()
    page.keyboard.press("Enter")
    tip = page.get_by_role("dialog", name="زر جديد")
    expect(tip).to_be_visible()
    expect(tip).to_be_focused()
    expect(tip).to_have_attribute("dir", "rtl")
    tip_box = tip.bounding_box()
    assert tip_box["x"] >= 0 and tip_box["x"] + tip_box["width"] <= 375, tip_box
    assert page.evaluate(HOTSPOT_AXE) == []
    page.keyboard.press("Escape")
    expect(tip).to_have_count(0)
    expect(beacon).to_have_count(0)
    expect(page.get_by_role("button", name="A paragraph")).to_be_focused()  # focus goes on to the next beacon
    events = waypost.wait_for_events(page, user_id, [("experience_shown", None), ("hotspot_opened", "button")])
    assert [e["step_id"] for e in events if e["type"] == "hotspot_opened"] == ["button"], dump(events)

    page.evaluate("document.getElementById('target-a').style.display = 'none'")
    expect(page.get_by_role("button", name="A paragraph")).to_be_hidden()
    page.evaluate("document.getElementById('target-a').style.display = ''")
    expect(page.get_by_role("button", name="A paragraph")).to_be_visible()


def test_no_pulse_for_reduced_motion_and_opened_ones_stay_opened(browser, waypost, host, user_id):
    scenario = f"spot{uuid.uuid4().hex[:6]}"
    waypost.experience(spots(scenario))
    context = browser.new_context(reduced_motion="reduce")
    try:
        page = context.new_page()
        page.goto(page_url(host, scenario, user=user_id))
        beacon = page.get_by_role("button", name="A new button")
        expect(beacon).to_be_visible()
        assert page.evaluate("document.querySelector('waypost-hotspots').shadowRoot.getAnimations().length") == 0
        beacon.click()
        page.get_by_role("dialog", name="A new button").get_by_role("button", name="Done").click()
        expect(beacon).to_have_count(0)
        waypost.wait_for_events(page, user_id, [("hotspot_opened", "button")])
    finally:
        context.close()
    other = browser.new_context()
    try:
        page = other.new_page()
        page.goto(page_url(host, scenario, user=user_id))
        expect(page.get_by_role("button", name="A paragraph")).to_be_visible()
        assert page.get_by_role("button", name="A new button").count() == 0  # opened on the other device
        assert page.evaluate("document.querySelector('waypost-hotspots').shadowRoot.getAnimations().length") > 0
    finally:
        other.close()


def test_hotspots_authored_in_the_admin_ui(browser, admin_server):
    app = admin_server.new_app("Hotspots")
    with admin_page_in(browser, admin_server, bypass_csp=True) as page:
        page.set_viewport_size({"width": 375, "height": 800})
        page.login("editor")
        page.open(f"/apps/{app['id']}/hotspots")
        page.get_by_role("link", name="New hotspots").click()
        page.get_by_label("Set id").fill("tips")
        page.get_by_label("Name").fill("Tips")
        page.get_by_label("Hotspot 1 id").fill("reports")
        page.get_by_label("Hotspot 1 element").fill("div:contains(Reports)")
        page.get_by_label("Hotspot 1 title").fill("Reports are here")
        page.expect_http_errors(422)
        page.get_by_role("button", name="Save draft").click()
        expect(page.locator('[data-error-for="hotspots.0.target"]')).to_contain_text("jQuery")
        page.get_by_label("Hotspot 1 element").fill("[data-waypost-id=reports]")
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_role("heading", name="Tips")).to_be_visible()
        page.get_by_role("button", name="Save and publish").click()
        expect(page.get_by_text("Published as version 1.")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.add_script_tag(path=str(AXE))
        assert page.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)") == []
    status, boot = admin_server.call("GET", "/api/v1/sdk/bootstrap?user_id=ann&url=/x", None,
                                     {"X-Waypost-Key": app["key"]})
    assert status == 200 and boot["experiences"][0]["hotspots"][0]["target"] == "[data-waypost-id=reports]"
