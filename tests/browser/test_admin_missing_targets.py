"""Broken steps, where authors look: the tours list flags a tour whose step users could not find this week, and
analytics lists each such step with its selector, pages and users; at 375 px, axe-clean, hostile selectors as text."""
import pytest
from playwright.sync_api import expect

from .admin_fixtures import admin_dist, admin_page_in, admin_server  # noqa: F401
from .test_admin import AXE


@pytest.mark.parametrize("width", [375, 1280])
def test_broken_steps_are_flagged_and_listed(browser, admin_server, width):
    app = admin_server.new_app("Broken")
    editor = admin_server.auth("editor")
    spec = {"id": "tour", "name": "جولة الإعدادات", "steps": [{"id": "save", "title": "Save", "target": "#save"}]}
    assert admin_server.call("POST", f"/api/v1/apps/{app['id']}/tours", spec, editor)[0] == 201
    spec = {"id": "tour-live", "name": "Live tour", "steps": [{"id": "go", "title": "Go", "target": "#go"}]}
    assert admin_server.call("POST", f"/api/v1/apps/{app['id']}/tours", spec, editor)[0] == 201
    assert admin_server.call("POST", f"/api/v1/apps/{app['id']}/tours/tour-live/publish", {}, editor)[0] == 200
    admin_server.flask_app.config["WAYPOST_MISSING_TARGET_ALERT_USERS"] = 2
    for user in ("a", "b"):  # a published step two users missed within the hour: an alert (no webhook is set)
        admin_server.send_events(app["key"], user, ("step_target_missing", {
            "tour_id": "tour-live", "tour_version": 1, "step_id": "go", "data": {"selector": "#go"}}))
    for user in ("a", "b"):
        admin_server.send_events(app["key"], user, ("step_target_missing", {
            "tour_id": "tour", "tour_version": 1, "step_id": "save",
            "data": {"selector": '<img src=x onerror="window.pwned=1">'}}))
    with admin_page_in(browser, admin_server, bypass_csp=True) as page:
        page.set_viewport_size({"width": width, "height": 800})
        page.login("viewer")
        page.open(f"/apps/{app['id']}/tours")
        expect(page.locator('[data-broken="tour"]')).to_have_text("1 step not found this week: save (2 users)")
        page.open(f"/apps/{app['id']}/analytics")
        row = page.locator('[data-missing="tour/save"]')
        expect(row).to_contain_text("جولة الإعدادات: save")
        expect(row.locator("code")).to_have_text('<img src=x onerror="window.pwned=1">')  # as text
        expect(row.locator("td.num")).to_have_text("2")
        assert page.evaluate("window.pwned") is None
        alert = page.locator("[data-alert]")
        expect(alert).to_contain_text("tour-live, step go: 2 users could not find #go within 60 minutes.")
        expect(alert).to_contain_text("No webhook is set")
        page.add_script_tag(path=str(AXE))
        assert page.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)") == []
        wider = page.evaluate("""(w) => [...document.querySelectorAll('main *')]
            .filter(e => !e.closest('.table-scroll') && e.getBoundingClientRect().right > w + 0.5)
            .map(e => e.tagName + '.' + e.className + ' ' + (e.getAttribute('aria-label') || e.textContent.slice(0, 30)))""",
                              width)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, wider[:6]
