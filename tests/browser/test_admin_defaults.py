"""Safe defaults in the admin UI: a new tour starts nowhere by itself, and the app's secret stays masked."""
import re

import pytest
from playwright.sync_api import expect

from .admin_fixtures import admin_dist, admin_page, admin_page_in, admin_server  # noqa: F401
from .test_admin import AXE


def test_a_new_tour_does_not_start_by_itself_until_its_pages_are_chosen(admin_page, admin_server):
    app = admin_server.new_app("Defaults")
    page = admin_page
    page.login("editor")
    page.open(f"/apps/{app['id']}/tours/new")
    expect(page.get_by_label("Starts", exact=True)).to_have_value("manual")
    expect(page.get_by_label("Path glob", exact=True)).to_have_value("")


@pytest.mark.parametrize("width", [1280, 375])
def test_the_secret_is_masked_with_reveal_and_copy(browser, admin_server, width):
    app = admin_server.new_app("Secret")
    with admin_page_in(browser, admin_server, bypass_csp=True,
                       permissions=["clipboard-read", "clipboard-write"]) as page:
        page.set_viewport_size({"width": width, "height": 800})
        page.login("owner")
        page.open(f"/apps/{app['id']}/settings")
        keys = page.get_by_role("region", name="Keys")
        secret = keys.locator("code.secret")
        expect(secret).to_have_text(re.compile("^sk_•+$"))
        assert "sk_" in secret.inner_text() and page.locator("body").inner_text().count(app["key"]) >= 1
        status, body = admin_server.call("GET", f"/api/v1/apps/{app['id']}", headers=admin_server.auth("owner"))
        real = body["secret"]
        assert real not in page.locator("body").inner_text()
        keys.get_by_role("button", name="Copy").click()
        expect(keys.get_by_role("status").filter(has_text="Copied.")).to_be_visible()
        assert page.evaluate("navigator.clipboard.readText()") == real
        assert real not in page.locator("body").inner_text()  # copied without being shown
        keys.get_by_role("button", name="Reveal").click()
        expect(secret).to_have_text(real)
        expect(keys.get_by_role("button", name="Hide")).to_have_attribute("aria-pressed", "true")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)")
        assert violations == []
        keys.get_by_role("button", name="Hide").click()
        expect(secret).to_have_text(re.compile("^sk_•+$"))

