"""Getting where you mean in the admin UI: one app opens on its tours, an exact user id opens that user's
timeline, and analytics tables keep their rows their own height."""
import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from .admin_fixtures import admin_dist, admin_page, admin_page_in, admin_server, serve_admin  # noqa: F401


@pytest.fixture(scope="module")
def lone_app_server(tmp_path_factory, admin_dist):
    with serve_admin(tmp_path_factory.mktemp("lone") / "admin.sqlite3", admin_dist) as server:
        server.lone_app = server.new_app("Only")
        yield server


@pytest.mark.parametrize("width", [1280, 375])
def test_with_a_single_app_logging_in_opens_its_tours(browser, lone_app_server, width):
    with admin_page_in(browser, lone_app_server) as page:
        page.set_viewport_size({"width": width, "height": 800})
        page.login("editor")
        expect(page.page).to_have_url(re.compile(rf"/admin/apps/{lone_app_server.lone_app['id']}/tours$"))
        expect(page.get_by_role("heading", name="Tours")).to_be_visible()
        expect(page.get_by_label("App")).to_have_value(str(lone_app_server.lone_app["id"]))


def test_with_several_apps_logging_in_lists_them(admin_page, admin_server):
    admin_server.new_app("One")
    admin_server.new_app("Two")
    admin_page.login("viewer")
    expect(admin_page.page).to_have_url(re.compile(r"/admin/apps$"))


def test_an_exact_user_id_opens_the_timeline_and_a_prefix_lists(admin_page, admin_server):
    app = admin_server.new_app("Find")
    for user in ("ann", "anna", "ann/ü 1"):
        admin_server.send_events(app["key"], user, ("tour_started", {"tour_id": "welcome"}))
    page = admin_page
    page.login("viewer")
    page.open(f"/apps/{app['id']}/users")
    search = page.get_by_label("User id starts with")
    search.fill("an")
    search.press("Enter")
    expect(page.get_by_role("table", name=re.compile("starts with “an”"))).to_be_visible()
    expect(page.page).to_have_url(re.compile(r"/users$"))
    search.fill("ann/ü 1")
    search.press("Enter")
    expect(page.page).to_have_url(re.compile(re.escape(f"users?user={quote('ann/ü 1', safe='')}") + "$"))
    expect(page.locator("main h1")).to_contain_text("ann/ü 1")


def test_the_searches_tables_rows_keep_their_own_height(admin_page, admin_server):
    """Many top searches beside one that found nothing: its row stays one line high, not stretched."""
    app = admin_server.new_app("Rows")
    owner = admin_server.auth("owner")
    status, article = admin_server.call("POST", f"/api/v1/apps/{app['id']}/kb/articles", {
        "slug": "export", "locale": "en", "title": "Export your data", "body": "Export projects as CSV files.",
        "status": "published"}, owner)
    assert status == 201, article
    headers = {"X-Waypost-Key": app["key"]}
    for n, query in enumerate(["export", "data", "csv", "projects", "files", "export data", "zzzqqq"]):
        status, _ = admin_server.call("GET", f"/api/v1/sdk/kb/search?q={quote(query)}&user_id=u{n}", headers=headers)
        assert status == 200
    page = admin_page
    page.login("viewer")
    page.open(f"/apps/{app['id']}/analytics")
    top = page.get_by_role("table", name="Top searches")
    expect(top.get_by_role("row")).to_have_count(1 + 7)
    table = page.get_by_role("table", name="Searches with no results")
    expect(table.get_by_role("row")).to_have_count(1 + 1)
    heights = [row.bounding_box()["height"] for row in table.get_by_role("row").all()]
    assert max(heights) < 60, heights

