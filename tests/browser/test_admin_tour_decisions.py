"""A support agent asks why a user does or does not get each tour on a page, and reads the server's own decision
in words; at 375 px, with an Arabic tour name, under the CSP, axe-clean."""
import urllib.parse

import pytest
from playwright.sync_api import expect

from .admin_fixtures import admin_dist, admin_page_in, admin_server  # noqa: F401
from .test_admin import AXE


def make_tours(admin_server, app, *specs, publish=True):
    """Creates (and publishes) tours through the admin API, as an editor; returns the editor's headers."""
    editor = admin_server.auth("editor")
    base = f"/api/v1/apps/{app['id']}/tours"
    for spec in specs:
        assert admin_server.call("POST", base, spec, editor)[0] == 201
        if publish:
            assert admin_server.call("POST", f"{base}/{spec['id']}/publish", {}, editor)[0] == 200
    return editor


def seen(admin_server, app, user_id, traits=None):
    """The user as the snippet makes them known (a bootstrap), with these traits."""
    query = urllib.parse.urlencode({"user_id": user_id, "url": "/", **({"traits": traits} if traits else {})})
    assert admin_server.call("GET", f"/api/v1/sdk/bootstrap?{query}", None, {"X-Waypost-Key": app["key"]})[0] == 200


@pytest.mark.parametrize("bypass_csp", [False, True])
def test_why_each_tour_shows_or_not_for_a_user(browser, admin_server, bypass_csp):
    app = admin_server.new_app("Why")
    make_tours(admin_server, app,
               {"id": "welcome", "name": "جولة الترحيب", "auto": True, "match": {"url": "/app/*"},
                "steps": [{"id": "a", "title": "A"}]},
               {"id": "trial", "name": "Trial tips", "auto": True, "audience": {"traits": {"plan": ["trial"]}},
                "steps": [{"id": "a", "title": "A"}]})
    seen(admin_server, app, "ann", '{"plan": "pro"}')

    # under the admin's CSP (the page itself), and without it for axe, which is injected inline
    with admin_page_in(browser, admin_server, bypass_csp=bypass_csp) as page:
        page.set_viewport_size({"width": 375, "height": 800})
        page.login("viewer")
        page.open(f"/apps/{app['id']}/users?user=ann")
        section = page.get_by_role("region", name="Tours on a page")
        section.get_by_role("textbox", name="Page").fill("/app/home")
        section.get_by_role("button", name="Check").click()
        welcome = section.locator('[data-tour="welcome"]')
        expect(welcome).to_contain_text("جولة الترحيب")
        expect(welcome).to_contain_text("Starts by itself on this page.")
        expect(section.locator('[data-tour="trial"]')).to_contain_text(
            "Not for this user: the tour is for users whose plan is “trial”; this user's plan is “pro”.")
        section.get_by_role("textbox", name="Page").fill("/settings")
        section.get_by_role("button", name="Check").click()
        expect(welcome).to_contain_text("Not for this page: “/settings” is not “/app/*”.")
        if bypass_csp:
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate("""async () => (await axe.run(document)).violations
                .map(v => ({id: v.id, nodes: v.nodes.map(n => n.html).slice(0, 3)}))""")
            assert violations == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_rule_builder_edits_an_audience_counts_its_users_and_the_user_page_explains_it(browser, admin_server):
    app = admin_server.new_app("Rules")
    base = f"/api/v1/apps/{app['id']}/tours"
    rules = {"all": [{"trait": "plan", "op": "equals", "value": "trial"},
                     {"trait": "seats", "op": "gte", "value": 50}]}
    nested = {"any": [{"all": [{"trait": "plan", "op": "is_set"}]}]}
    editor = make_tours(admin_server, app, *({"id": slug, "name": slug, "auto": True, "audience": audience,
                                               "steps": [{"id": "a", "title": "A"}]}
                                              for slug, audience in (("big", rules), ("nested", nested))))
    for user, seats in (("small", 5), ("large", 40)):
        seen(admin_server, app, user, f'{{"plan": "trial", "seats": {seats}}}')
    with admin_page_in(browser, admin_server) as page:
        page.set_viewport_size({"width": 375, "height": 900})
        page.login("editor")
        page.open(f"/apps/{app['id']}/tours/big")
        expect(page.get_by_label("Rule 2: name")).to_have_value("seats")
        expect(page.get_by_label("Rule 2: condition")).to_have_value("gte")
        page.get_by_label("Rule 2: value").fill("30")
        page.get_by_role("button", name="How many users match?").click()
        expect(page.locator("[data-preview]")).to_contain_text("1 of the 2 users seen most recently match")
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_role("status").filter(has_text="Draft saved.")).to_be_visible()  # the save is answered
        status, saved = admin_server.call("GET", f"{base}/big", None, editor)
        assert saved["draft"]["audience"] == {"all": [{"trait": "plan", "op": "equals", "value": "trial"},
                                                      {"trait": "seats", "op": "gte", "value": 30}]}
        wider = page.evaluate("""() => [...document.querySelectorAll('main *')]
            .filter(e => !e.closest('.table-scroll') && e.getBoundingClientRect().right > 375.5)
            .map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right))""")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, wider[:8]

        page.open(f"/apps/{app['id']}/tours/nested")  # nested groups: shown as written, and kept
        expect(page.get_by_label("Audience rules")).to_contain_text('"is_set"')
        page.get_by_role("textbox", name="Name", exact=True).fill("nested, renamed")
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_role("status").filter(has_text="Draft saved.")).to_be_visible()  # the save is answered
        status, saved = admin_server.call("GET", f"{base}/nested", None, editor)
        assert saved["draft"]["audience"] == nested and saved["draft"]["name"] == "nested, renamed"

        page.open(f"/apps/{app['id']}/users?user=small")
        section = page.get_by_role("region", name="Tours on a page")
        section.get_by_role("button", name="Check").click()
        expect(section.locator('[data-tour="big"]')).to_contain_text(
            "Not for this user: the tour is for users whose seats is at least “50”; this user's seats is “5”.")


def test_a_schedule_set_in_the_editor_is_served_and_explained(browser, admin_server):
    app = admin_server.new_app("Schedule")
    base = f"/api/v1/apps/{app['id']}/tours"
    editor = make_tours(admin_server, app, {"id": "launch", "name": "Launch tour", "auto": True,
                                            "steps": [{"id": "a", "title": "A"}]}, publish=False)
    seen(admin_server, app, "early")
    query = urllib.parse.urlencode({"user_id": "early", "url": "/"})
    with admin_page_in(browser, admin_server) as page:
        page.set_viewport_size({"width": 375, "height": 800})
        page.login("editor")
        page.open(f"/apps/{app['id']}/tours/launch")
        page.get_by_label("Show from").fill("2999-01-04T09:00")
        page.get_by_role("textbox", name="Time zone").fill("Asia/Bangkok")
        page.get_by_role("button", name="Save and publish", exact=True).click()
        page.wait_for_load_state("networkidle")
        status, saved = admin_server.call("GET", f"{base}/launch", None, editor)
        assert saved["draft"]["schedule"] == {"start": "2999-01-04T09:00", "end": None, "timezone": "Asia/Bangkok"}
        status, served = admin_server.call("GET", f"/api/v1/sdk/bootstrap?{query}", None, {"X-Waypost-Key": app["key"]})
        assert served["tours"] == []  # not yet

        page.open(f"/apps/{app['id']}/users?user=early")
        section = page.get_by_role("region", name="Tours on a page")
        section.get_by_role("button", name="Check").click()
        expect(section.locator('[data-tour="launch"]')).to_contain_text(
            "Not now: scheduled from 2999-01-04T09:00 (Asia/Bangkok).")


def test_the_rule_builder_and_schedule_pass_axe_at_375_px_with_arabic_names(browser, admin_server):
    app = admin_server.new_app("Rules axe")
    spec = {"id": "ar", "name": "جولة", "auto": True, "schedule": {"start": "2027-01-04T09:00", "timezone": "Asia/Riyadh"},
            "audience": {"any": [{"trait": "الخطة", "op": "in", "value": ["تجربة", "مدفوع"]},
                                 {"company_trait": "المقاعد", "op": "gte", "value": 10},
                                 {"event": "custom:تصدير", "op": "at_least", "count": 2, "within_days": 14}]},
            "steps": [{"id": "a", "title": "أ"}]}
    make_tours(admin_server, app, spec, publish=False)
    with admin_page_in(browser, admin_server, bypass_csp=True) as page:  # axe is injected inline
        page.set_viewport_size({"width": 375, "height": 900})
        page.login("editor")
        page.open(f"/apps/{app['id']}/tours/ar")
        expect(page.get_by_label("Rule 1: name")).to_have_value("الخطة")
        expect(page.get_by_label("Rule 3: event")).to_have_value("custom:تصدير")
        expect(page.get_by_label("Show from")).to_have_value("2027-01-04T09:00")
        page.get_by_role("button", name="How many users match?").click()
        expect(page.locator("[data-preview]")).to_contain_text("0 of the 0 users")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("""async () => (await axe.run(document)).violations
            .map(v => ({id: v.id, nodes: v.nodes.map(n => n.html).slice(0, 3)}))""")
        assert violations == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
