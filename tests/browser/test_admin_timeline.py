"""A user's timeline as support staff read it: each search once, counts in words, tours by name, and a
'Last seen' that is never older than the last thing the user did."""
import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from .admin_fixtures import admin_dist, admin_page, admin_page_in, admin_server  # noqa: F401
from .test_admin import AXE


@pytest.mark.parametrize("width", [1280, 375])
def test_the_timeline_lists_each_search_once_with_counts_and_tour_names(browser, admin_server, width):
    app = admin_server.new_app("Timeline")
    owner = admin_server.auth("owner")
    base = f"/api/v1/apps/{app['id']}"
    spec = {"id": "welcome", "name": "Welcome tour", "auto": True, "steps": [{"id": "hello", "title": "Hello"}]}
    assert admin_server.call("POST", f"{base}/tours", spec, owner)[0] == 201
    assert admin_server.call("POST", f"{base}/tours/welcome/publish", {}, owner)[0] == 200
    status, _ = admin_server.call("POST", f"{base}/kb/articles", {
        "slug": "export", "locale": "en", "title": "Export your data", "body": "Export projects.",
        "status": "published"}, owner)
    assert status == 201
    user = f"tl-{uuid.uuid4().hex[:6]}"
    key = {"X-Waypost-Key": app["key"]}
    assert admin_server.call("GET", f"/api/v1/sdk/kb/search?q=export&user_id={user}", headers=key)[0] == 200
    later = (datetime.now(UTC) + timedelta(minutes=3)).isoformat()  # a client clock a little ahead
    events = [{"id": str(uuid.uuid4()), "type": "search", "ts": datetime.now(UTC).isoformat(), "query": "export",
               "url": "/app/home"},
              {"id": str(uuid.uuid4()), "type": "tour_started", "ts": later, "tour_id": "welcome",
               "tour_version": 1, "url": "/app/home"}]
    status, body = admin_server.call("POST", "/api/v1/sdk/events", {"user_id": user, "events": events}, key)
    assert status == 202, body

    status, timeline = admin_server.call("GET", f"{base}/end-users/{user}/timeline", headers=owner)
    assert status == 200
    latest = max(item["at"] for item in timeline["items"] if item["kind"] == "event")
    assert datetime.fromisoformat(timeline["user"]["last_seen_at"]) >= datetime.fromisoformat(latest)

    with admin_page_in(browser, admin_server, bypass_csp=True) as page:
        page.set_viewport_size({"width": width, "height": 800})
        page.login("viewer")
        page.open(f"/apps/{app['id']}/users?user={user}")
        items = page.get_by_role("list", name="Timeline, oldest first").get_by_role("listitem")
        expect(items.filter(has_text="Started the tour “Welcome tour”")).to_have_count(1)
        expect(items.filter(has_text=re.compile("Searched"))).to_have_count(1)  # once, not also as an event
        expect(items.filter(has_text="Searched the help for “export”: 1 result")).to_have_count(1)
        expect(page.get_by_role("table", name="Tours", exact=True).get_by_role("rowheader")).to_have_text(
            "Welcome tour (welcome)")
        page.add_script_tag(path=str(AXE))
        assert page.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)") == []

