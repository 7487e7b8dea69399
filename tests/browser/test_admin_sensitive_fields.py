"""What the admin UI does with values that could hurt: an end user's email in a mailto: link, an app's webhook URL."""
from playwright.sync_api import expect

from server.extensions import db
from server.models import App, SupportRequest

from .admin_fixtures import admin_dist, admin_page, admin_server  # noqa: F401

INJECTED = '"?cc=x@evil.test&body=hi"@x.test'


def _support_request(admin_server, app, message, email):
    status, request = admin_server.call("POST", "/api/v1/sdk/support-requests",
                                        {"user_id": "u1", "message": message, "email": "plain@example.com"},
                                        {"X-Waypost-Key": app["key"]})
    assert status == 201, request
    with admin_server.flask_app.app_context():  # as stored before the API refused such addresses
        db.session.get(SupportRequest, request["id"]).email = email
        db.session.commit()
        db.session.remove()


def test_the_inbox_links_only_plain_addresses_and_encodes_them(admin_page, admin_server):
    app = admin_server.new_app("Mailto")
    _support_request(admin_server, app, "Injected address", INJECTED)
    _support_request(admin_server, app, "Plain address", "first.last+tag@example.com")
    page = admin_page
    page.login("editor")
    page.open(f"/apps/{app['id']}/inbox")
    expect(page.get_by_text("Injected address")).to_be_visible()

    injected = page.locator("li.card", has_text="Injected address")
    expect(injected).to_contain_text(INJECTED)  # shown as text, not as a link
    expect(injected.get_by_role("link", name=INJECTED)).to_have_count(0)
    plain = page.locator("li.card", has_text="Plain address").get_by_role("link", name="first.last+tag@example.com")
    expect(plain).to_have_attribute("href", "mailto:first.last%2Btag@example.com")
    hrefs = page.eval_on_selector_all("a[href^='mailto:']", "links => links.map((a) => a.getAttribute('href'))")
    assert hrefs == ["mailto:first.last%2Btag@example.com"]
    assert not any("?cc=" in href or "&body" in href for href in hrefs)


def test_only_owners_see_the_webhook_url_in_app_settings(admin_page, admin_server):
    app = admin_server.new_app("Webhook")
    with admin_server.flask_app.app_context():
        db.session.get(App, app["id"]).webhook_url = "https://hooks.example.com/in?token=s3cret"
        db.session.commit()
        db.session.remove()
    page = admin_page
    page.login("owner")
    page.open(f"/apps/{app['id']}/settings")
    expect(page.get_by_label("Webhook URL")).to_have_value("https://hooks.example.com/in?token=s3cret")
    page.get_by_role("button", name="Log out").click()
    for role in ("editor", "viewer"):
        page.login(role)
        page.open(f"/apps/{app['id']}/settings")
        expect(page.get_by_label("Default locale")).to_be_visible()
        expect(page.get_by_label("Webhook URL")).to_have_count(0)
        assert "s3cret" not in page.content()
        page.get_by_role("button", name="Log out").click()
