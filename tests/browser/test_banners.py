"""Banners in a real browser: authored in the admin UI, shown on the host page in the user's language (pushing the
page, or over it), closed for good on every device, with their events; at 375 px, in Arabic, axe-clean."""
import urllib.parse
import uuid

from playwright.sync_api import expect

from .admin_fixtures import admin_dist, admin_page_in, admin_server  # noqa: F401
from .conftest import dump, page_url
from .test_admin import AXE

BANNER_AXE = """async () => {
    const r = await axe.run({include: [{fromShadowDom: ['waypost-banners', 'section']}]}, {resultTypes: ['violations']});
    return r.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.html).slice(0, 3)}));
}"""


def banner_spec(scenario: str, **extra) -> dict:
    return {"id": f"b-{scenario}", "type": "banner", "name": "Maintenance", "match": {"url": f"/t/{scenario}/*"},
            "text": "Down on **Sunday**.", "button": {"label": "Details", "url": "/t/elsewhere/index"},
            "translations": {"ar": {"name": "صيانة", "text": "توقف يوم **الأحد**.", "button_label": "التفاصيل"}},
            **extra}


def banner_in(page, banner_id: str):
    return page.locator(f'waypost-banners [data-waypost-banner="{banner_id}"]')


def test_an_inline_banner_in_arabic_pushes_the_page_and_closes_on_every_device(browser, page, waypost, host, user_id):
    scenario = f"banner{uuid.uuid4().hex[:6]}"
    waypost.experience(banner_spec(scenario))
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(page_url(host, scenario, user=user_id, locale="ar"))
    banner = banner_in(page, f"b-{scenario}")
    expect(banner).to_be_visible()
    expect(banner).to_have_attribute("dir", "rtl")
    expect(banner).to_have_attribute("aria-label", "صيانة")
    expect(banner.locator("strong")).to_have_text("الأحد")
    assert page.evaluate("document.body.firstElementChild.tagName") == "WAYPOST-BANNERS"
    bottom = banner.bounding_box()
    header = page.locator("header").bounding_box()
    assert header["y"] >= bottom["y"] + bottom["height"] - 0.5, (bottom, header)  # pushed down, not covered
    assert bottom["x"] >= 0 and bottom["x"] + bottom["width"] <= 375, bottom  # the host page itself is wider
    button = banner.get_by_role("link", name="التفاصيل").bounding_box()
    assert button["x"] + button["width"] <= 375, button
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(BANNER_AXE) == []

    close = banner.locator('[data-waypost-action="banner-close"]')
    expect(close).to_have_attribute("aria-label", "إغلاق")
    close.focus()
    page.keyboard.press("Enter")
    expect(banner).to_have_count(0)
    assert page.locator("waypost-banners").count() == 0
    events = waypost.wait_for_events(page, user_id, [("experience_shown", None), ("banner_dismissed", None)])
    assert [e["tour_id"] for e in events if e["type"] == "banner_dismissed"] == [f"b-{scenario}"], dump(events)

    other = browser.new_context()  # another device: nothing of the first one's storage
    try:
        second = other.new_page()
        with second.expect_response(lambda r: "/bootstrap" in r.url) as answer:
            second.goto(page_url(host, scenario, user=user_id))
        assert answer.value.json()["experiences"] == []
        second.wait_for_timeout(300)
        assert second.locator("waypost-banners").count() == 0
    finally:
        other.close()


def test_an_overlay_banner_at_the_bottom_floats_and_its_button_opens_the_link(page, waypost, host, user_id):
    scenario = f"banner{uuid.uuid4().hex[:6]}"
    waypost.experience(banner_spec(scenario, position="bottom", style="overlay", dismissible=False))
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(page_url(host, scenario, user=user_id))
    banner = banner_in(page, f"b-{scenario}")
    expect(banner).to_be_visible()
    box = banner.bounding_box()
    assert abs(box["y"] + box["height"] - 700) <= 1, box  # on the viewport's bottom edge
    assert banner.locator('[data-waypost-action="banner-close"]').count() == 0
    banner.get_by_role("link", name="Details").click()
    page.wait_for_url("**/t/elsewhere/index")
    events = waypost.wait_for_events(page, user_id, [("experience_shown", None), ("banner_clicked", None)])
    assert {e["type"] for e in events} >= {"experience_shown", "banner_clicked"}, dump(events)


def test_a_banner_authored_in_the_admin_ui_is_served(browser, admin_server):
    app = admin_server.new_app("Banners")
    with admin_page_in(browser, admin_server, bypass_csp=True) as page:
        page.set_viewport_size({"width": 375, "height": 800})
        page.login("editor")
        page.open(f"/apps/{app['id']}/banners")
        expect(page.get_by_text("No banners yet")).to_be_visible()
        page.get_by_role("link", name="New banner").click()
        page.get_by_label("Banner id").fill("trial-ends")
        page.get_by_label("Name").fill("Trial ends")
        page.get_by_label("Text").fill("Your trial ends **Friday**.")
        page.get_by_label("How", exact=True).select_option("overlay")
        page.get_by_label("Button", exact=True).select_option("url")
        page.locator("#field-button-label").fill("Upgrade")
        page.locator("#field-button-url").fill("javascript:alert(1)")
        page.get_by_role("button", name="Add a translation").click()
        page.get_by_label("Translation 1: locale").fill("ar")
        page.get_by_label("Translation 1: text").fill("تنتهي تجربتك يوم **الجمعة**.")
        page.get_by_label("Translation 1: button label").fill("ترقية")
        page.expect_http_errors(422)
        page.get_by_role("button", name="Save draft").click()
        expect(page.locator('[data-error-for="button.url"]')).to_contain_text("https://")
        page.locator("#field-button-url").fill("/billing")
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_role("heading", name="Trial ends")).to_be_visible()
        page.get_by_role("button", name="Save and publish").click()
        expect(page.get_by_text("Published as version 1.")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("""async () => (await axe.run(document)).violations
            .map(v => ({id: v.id, nodes: v.nodes.map(n => n.html).slice(0, 3)}))""")
        assert violations == []
        page.open(f"/apps/{app['id']}/banners")
        expect(page.locator("main tbody tr")).to_contain_text("Published (v1)")

    query = urllib.parse.urlencode({"user_id": "ann", "url": "/app", "locale": "ar"})
    status, boot = admin_server.call("GET", f"/api/v1/sdk/bootstrap?{query}", None, {"X-Waypost-Key": app["key"]})
    assert status == 200
    assert [(b["id"], b["style"], b["button"]) for b in boot["experiences"]] == [
        ("trial-ends", "overlay", {"label": "ترقية", "url": "/billing"})]
    assert "<strong>الجمعة</strong>" in boot["experiences"][0]["html"]
