"""Analytics lists each article's "What was missing?" comments, newest first, with the vote, locale and page."""
import uuid

import pytest
from playwright.sync_api import expect

from .admin_fixtures import admin_dist, admin_page_in, admin_server  # noqa: F401
from .test_admin import AXE


@pytest.mark.parametrize("width", [1280, 375])
def test_comments_per_article_newest_first(browser, admin_server, width):
    app = admin_server.new_app("Comments")
    owner = admin_server.auth("owner")
    status, article = admin_server.call("POST", f"/api/v1/apps/{app['id']}/kb/articles", {
        "slug": "sso", "locale": "th", "title": "ลงชื่อเข้าใช้ครั้งเดียว", "body": "SSO.", "status": "published"}, owner)
    assert status == 201
    key = {"X-Waypost-Key": app["key"]}
    for helpful, comment, url in ((False, "ไม่มีเรื่อง Okta", "/app/settings?tab=sso"),
                                  (True, '<img src=x onerror="window.pwned=1">', "/app/help")):
        status, _ = admin_server.call("POST", f"/api/v1/sdk/kb/articles/{article['id']}/feedback", {
            "user_id": f"c-{uuid.uuid4().hex[:6]}", "helpful": helpful, "comment": comment, "url": url}, key)
        assert status == 201
    with admin_page_in(browser, admin_server, bypass_csp=True) as page:
        page.set_viewport_size({"width": width, "height": 800})
        page.login("viewer")
        page.open(f"/apps/{app['id']}/analytics")
        details = page.locator("details.comments").filter(has_text="ลงชื่อเข้าใช้ครั้งเดียว")
        details.locator("summary").click()
        expect(details.locator("summary")).to_contain_text("(th): 2 comments")
        items = details.get_by_role("listitem")
        expect(items).to_have_count(2)
        expect(items.nth(0).locator(".message")).to_have_text('<img src=x onerror="window.pwned=1">')  # as text
        expect(items.nth(0).locator(".meta")).to_contain_text("helpful · th · on /app/help")
        expect(items.nth(1).locator(".message")).to_have_text("ไม่มีเรื่อง Okta")
        expect(items.nth(1).locator(".meta")).to_contain_text("not helpful · th · on /app/settings?tab=sso")
        assert page.evaluate("window.pwned") is None
        page.add_script_tag(path=str(AXE))
        assert page.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)") == []
