"""The delivery settings in the admin UI at 375 px, axe-clean: the app's throttle (a hostile value refused in the
form), and a tour's frequency, priority, goal and holdout on a tour named in Arabic, saved as the API reads them."""
from playwright.sync_api import expect

from .admin_fixtures import admin_dist, admin_page_in, admin_server  # noqa: F401
from .test_admin import AXE
from .test_admin_tour_decisions import make_tours

AXE_RUN = "async () => (await axe.run(document)).violations.map(v => v.id)"


def test_throttle_and_frequency_fields(browser, admin_server):
    app = admin_server.new_app("Delivery")
    editor = make_tours(admin_server, app, {"id": "welcome", "name": "جولة الترحيب", "auto": True,
                                            "steps": [{"id": "a", "title": "مرحبا"}]})
    with admin_page_in(browser, admin_server, bypass_csp=True) as page:
        page.set_viewport_size({"width": 375, "height": 800})
        page.login("owner")
        page.open(f"/apps/{app['id']}/settings")
        page.get_by_label("Per session").fill("-1")
        page.expect_http_errors(422)
        page.get_by_role("button", name="Save settings").click()
        expect(page.locator('[data-error-for="throttle.per_session"]')).to_be_visible()
        page.get_by_label("Per session").fill("1")
        page.get_by_label("Quiet hours after a dismissal").fill("24")
        page.get_by_role("button", name="Save settings").click()
        expect(page.get_by_text("Settings saved.")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.add_script_tag(path=str(AXE))
        assert page.evaluate(AXE_RUN) == []

        page.open(f"/apps/{app['id']}/tours/welcome")
        page.get_by_label("Shows", exact=True).select_option("every_days")
        page.get_by_label("Every … days").fill("30")
        page.get_by_label("Priority").fill("5")
        page.get_by_label("Goal event").fill("custom:exported")
        page.get_by_label("Holdout (%)").fill("10")
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_role("status").filter(has_text="Draft saved.")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.add_script_tag(path=str(AXE))
        assert page.evaluate(AXE_RUN) == []
    status, saved = admin_server.call("GET", f"/api/v1/apps/{app['id']}", None, admin_server.auth("owner"))
    assert status == 200 and saved["throttle"] == {"per_session": 1, "quiet_hours": 24.0}
    status, tour = admin_server.call("GET", f"/api/v1/apps/{app['id']}/tours/welcome", None, editor)
    assert {k: tour["draft"].get(k) for k in ("frequency", "priority", "goal", "holdout")} == {
        "frequency": {"show": "every_days", "days": 30.0}, "priority": 5,
        "goal": {"event": "custom:exported", "within_days": 7.0}, "holdout": 10}


def test_when_a_tour_starts_its_trigger_and_a_page_goal(browser, admin_server):
    app = admin_server.new_app("Triggers")
    editor = make_tours(admin_server, app, {"id": "reports", "name": "جولة التقارير", "auto": True,
                                            "steps": [{"id": "a", "title": "مرحبا"}]})
    with admin_page_in(browser, admin_server, bypass_csp=True) as page:
        page.set_viewport_size({"width": 375, "height": 800})
        page.login("editor")
        page.open(f"/apps/{app['id']}/tours/reports")
        starts = page.get_by_label("Starts", exact=True)
        expect(starts).to_have_value("page")
        starts.select_option("click")
        page.get_by_label("Element").fill("p:contains(Reports)")
        page.expect_http_errors(422)
        page.get_by_role("button", name="Save draft").click()
        expect(page.locator('[data-error-for="trigger.selector"]')).to_contain_text("jQuery")
        page.get_by_label("Element").fill("[data-testid='reports']")
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_role("status").filter(has_text="Draft saved.")).to_be_visible()
        status, tour = admin_server.call("GET", f"/api/v1/apps/{app['id']}/tours/reports", None, editor)
        assert (tour["draft"]["auto"], tour["draft"]["trigger"]) == (True, {"on": "click",
                                                                           "selector": "[data-testid='reports']"})
        starts.select_option("delay")
        page.get_by_label("Seconds on the page").fill("4.5")
        page.get_by_label("Or goal page").fill("https://elsewhere.test/upgrade")
        page.get_by_role("button", name="Save draft").click()
        expect(page.locator('[data-error-for="goal.page"]')).to_contain_text("path")
        page.get_by_label("Or goal page").fill("/billing/upgrade*")
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_role("status").filter(has_text="Draft saved.")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.add_script_tag(path=str(AXE))
        assert page.evaluate(AXE_RUN) == []
        page.reload()
        expect(page.get_by_label("Starts", exact=True)).to_have_value("delay")
        expect(page.get_by_label("Seconds on the page")).to_have_value("4.5")
        page.get_by_label("Starts", exact=True).select_option("manual")
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_role("status").filter(has_text="Draft saved.")).to_be_visible()
    status, tour = admin_server.call("GET", f"/api/v1/apps/{app['id']}/tours/reports", None, editor)
    assert tour["draft"]["auto"] is False and "trigger" not in tour["draft"]
    assert tour["draft"]["goal"] == {"page": "/billing/upgrade*", "within_days": 7.0}
