"""The support inbox shows what the user saw and tried before asking, by name: tours, articles read, searches."""
import uuid
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from .admin_fixtures import admin_dist, admin_page_in, admin_server  # noqa: F401
from .test_admin import AXE


@pytest.mark.parametrize("width", [1280, 375])
def test_a_requests_context_names_tours_articles_and_searches(browser, admin_server, width):
    app = admin_server.new_app("Inbox")
    owner = admin_server.auth("owner")
    base = f"/api/v1/apps/{app['id']}"
    spec = {"id": "welcome", "name": "Welcome tour", "steps": [{"id": "hello", "title": "Hello"}]}
    assert admin_server.call("POST", f"{base}/tours", spec, owner)[0] == 201
    assert admin_server.call("POST", f"{base}/tours/welcome/publish", {}, owner)[0] == 200
    status, article = admin_server.call("POST", f"{base}/kb/articles", {
        "slug": "export", "locale": "en", "title": "Export your data", "body": "Export <b>projects</b>.",
        "status": "published"}, owner)
    assert status == 201
    user = f"in-{uuid.uuid4().hex[:6]}"
    key = {"X-Waypost-Key": app["key"]}
    assert admin_server.call("GET", f"/api/v1/sdk/kb/search?q=export&user_id={user}", headers=key)[0] == 200
    now = datetime.now(UTC).isoformat()
    events = [{"id": str(uuid.uuid4()), "type": "tour_started", "ts": now, "tour_id": "welcome", "tour_version": 1,
               "url": "/app/home"},
              {"id": str(uuid.uuid4()), "type": "article_viewed", "ts": now, "article_id": str(article["id"]),
               "url": "/app/home"}]
    assert admin_server.call("POST", "/api/v1/sdk/events", {"user_id": user, "events": events}, key)[0] == 202
    status, created = admin_server.call("POST", "/api/v1/sdk/support-requests",
                                        {"user_id": user, "message": "Where is my export?", "url": "/app/home"}, key)
    assert status == 201, created

    with admin_page_in(browser, admin_server, bypass_csp=True) as page:
        page.set_viewport_size({"width": width, "height": 800})
        page.login("viewer")
        page.open(f"/apps/{app['id']}/inbox")
        request = page.locator(f"[data-request='{created['id']}']")
        expect(request).to_contain_text("Where is my export?")
        expect(request.locator("dt", has_text="Tours").locator("xpath=following-sibling::dd[1]")).to_have_text(
            "Welcome tour (in progress)")
        expect(request.locator("dt", has_text="Articles read").locator("xpath=following-sibling::dd[1]")).to_have_text(
            "“Export your data”")
        expect(request.locator("dt", has_text="Searches").locator("xpath=following-sibling::dd[1]")).to_have_text(
            "“export” (1 result)")
        page.add_script_tag(path=str(AXE))
        assert page.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)") == []
        box = request.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
