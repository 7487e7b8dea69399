"""Outbound webhooks in the admin UI, for owners, at 375 px, axe-clean: a hostile URL is refused beside its field,
a webhook is added for an app named in Arabic, its batch is delivered to a real listener, and the delivery log says
so; removing it asks first."""
import json

from playwright.sync_api import expect

from server.jobs import deliver_due
from tests.server.test_webhook_targets import listener  # noqa: F401

from .admin_fixtures import admin_dist, admin_page_in, admin_server  # noqa: F401
from .test_admin import AXE

AXE_RUN = "async () => (await axe.run(document)).violations.map(v => v.id)"


def test_an_owner_adds_a_webhook_and_reads_its_deliveries(browser, admin_server, listener):  # noqa: F811
    port, hook = listener
    admin_server.flask_app.config["WAYPOST_WEBHOOK_ALLOW_PRIVATE"] = True
    app = admin_server.new_app("تطبيق الويب")
    with admin_page_in(browser, admin_server, bypass_csp=True) as page:
        page.set_viewport_size({"width": 375, "height": 800})
        page.login("owner")
        page.open(f"/apps/{app['id']}/settings")
        card = page.get_by_role("region", name="Webhooks")
        card.get_by_label("Endpoint URL").fill("javascript:alert(1)")
        page.expect_http_errors(422)
        card.get_by_role("button", name="Add webhook").click()
        expect(card.locator('[data-error-for="url"]')).to_be_visible()
        card.get_by_label("Endpoint URL").fill(f"http://127.0.0.1:{port}/in")
        card.get_by_label("Your own events (track('custom:…'))").check()
        card.get_by_role("button", name="Add webhook").click()
        expect(card.get_by_text("Webhook added")).to_be_visible()
        webhook = card.locator("[data-webhook]")
        expect(webhook).to_contain_text("Sends custom:*, survey_answered, tour_completed.")
        expect(webhook).to_contain_text("No delivery yet.")

        admin_server.send_events(app["key"], "ann", ("custom:exported", {}), ("search", {"query": "x"}))
        with admin_server.flask_app.app_context():
            assert deliver_due() == 1
        [(_, _, _, body)] = hook.received
        assert [e["type"] for e in json.loads(body)["events"]] == ["custom:exported"]
        page.reload()
        webhook = page.get_by_role("region", name="Webhooks").locator("[data-webhook]")
        expect(webhook.locator("tbody tr")).to_contain_text("Delivered")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.add_script_tag(path=str(AXE))
        assert page.evaluate(AXE_RUN) == []

        webhook.get_by_role("button", name="Remove").click()
        webhook.get_by_role("button", name="Remove webhook").click()
        expect(page.get_by_role("region", name="Webhooks").locator("[data-webhook]")).to_have_count(0)
