"""Authors preview Markdown exactly as end users will get it: rendered and sanitized by the server."""
from playwright.sync_api import expect

from .admin_fixtures import admin_dist, admin_page, admin_server  # noqa: F401  (fixtures)


def test_step_body_preview_renders_markdown_and_neutralises_html(admin_page, admin_server):  # noqa: F811
    app = admin_server.new_app("Preview")
    page = admin_page
    page.login("editor")
    page.open(f"/apps/{app['id']}/tours")
    page.get_by_role("link", name="New tour").click()
    page.get_by_label("Body (Markdown)").fill("Let us show you **around**. <img src=x onerror=\"window.__xss=1\">")
    page.get_by_role("button", name="Preview step 1 body").click()
    preview = page.get_by_role("region", name="Preview of step 1 body")
    expect(preview.locator("strong")).to_have_text("around")
    expect(preview.locator("img")).to_have_count(0)  # raw HTML is shown as text in tour steps
    assert page.evaluate("window.__xss") is None
    page.get_by_role("button", name="Hide preview of step 1 body").click()
    expect(preview).to_have_count(0)
