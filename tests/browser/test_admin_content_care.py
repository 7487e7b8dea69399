"""Keeping content right: the knowledge base flags overdue reviews and translations older than their source,
analytics flags articles whose last votes are mostly unhelpful, and a support request becomes an article draft
linked to it; at 375 px, with Arabic content, axe-clean."""
import uuid

from playwright.sync_api import expect

from .admin_fixtures import admin_dist, admin_page_in, admin_server  # noqa: F401
from .test_admin import AXE


def axe(page):
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => (await axe.run(document)).violations
        .map(v => ({id: v.id, nodes: v.nodes.map(n => n.html).slice(0, 3)}))""")
    assert violations == []


def test_freshness_and_helpfulness_flags(browser, admin_server):
    app = admin_server.new_app("Content care")
    owner = admin_server.auth("owner")
    base = f"/api/v1/apps/{app['id']}/kb/articles"
    status, source = admin_server.call("POST", base, {
        "slug": "billing", "locale": "en", "title": "Billing", "body": "Pay by card.", "status": "published",
        "review_by": "2020-01-31"}, owner)
    assert status == 201
    status, arabic = admin_server.call("POST", base, {
        "slug": "billing", "locale": "ar", "title": "الفوترة", "body": "ادفع بالبطاقة.", "status": "published"}, owner)
    assert status == 201
    status, _ = admin_server.call("PATCH", f"{base}/{source['id']}", {"body": "Pay by card or by transfer."}, owner)
    assert status == 200
    for helpful in [True] + [False] * 5:
        status, _ = admin_server.call("POST", f"/api/v1/sdk/kb/articles/{arabic['id']}/feedback",
                                      {"helpful": helpful, "user_id": f"v-{uuid.uuid4().hex[:6]}"},
                                      {"X-Waypost-Key": app["key"]})
        assert status == 201

    with admin_page_in(browser, admin_server, bypass_csp=True) as page:
        page.set_viewport_size({"width": 375, "height": 800})
        page.login("editor")
        page.open(f"/apps/{app['id']}/kb")
        rows = page.locator("main table tbody tr")
        expect(rows.filter(has=page.get_by_role("link", name="Billing", exact=True))).to_contain_text("Review overdue")
        expect(rows.filter(has_text="الفوترة")).to_contain_text("Older than en")
        page.wait_for_load_state("networkidle")
        axe(page)

        page.open(f"/apps/{app['id']}/kb/articles/{source['id']}")
        expect(page.get_by_label("Review by")).to_have_value("2020-01-31")

        page.open(f"/apps/{app['id']}/analytics")
        flagged = page.locator('section[aria-labelledby="articles-heading"] tbody tr').filter(has_text="الفوترة")
        expect(flagged).to_contain_text("Needs work: 16.7% of its last 6 votes")


def test_a_support_request_becomes_a_linked_article_draft(browser, admin_server):
    app = admin_server.new_app("Request to article")
    status, created = admin_server.call("POST", "/api/v1/sdk/support-requests", {
        "user_id": "asker", "message": "كيف أصدّر الفواتير؟\nلا أجد الزر.", "url": "/billing?tab=2"},
        {"X-Waypost-Key": app["key"]})
    assert status == 201
    with admin_page_in(browser, admin_server) as page:
        page.set_viewport_size({"width": 375, "height": 800})
        page.login("editor")
        page.open(f"/apps/{app['id']}/inbox")
        page.get_by_role("link", name=f"Draft an article from request #{created['id']}").click()
        expect(page.locator("[data-from-request]")).to_contain_text(f"#{created['id']}")
        expect(page.get_by_role("textbox", name="Title", exact=True)).to_have_value("كيف أصدّر الفواتير؟")
        expect(page.get_by_role("textbox", name="Body (Markdown)")).to_have_value(
            "> كيف أصدّر الفواتير؟\n> لا أجد الزر.\n\nThe answer, step by step.\n")
        expect(page.get_by_role("textbox", name="Rule 1 pattern")).to_have_value("/billing")
        page.get_by_role("textbox", name="Slug", exact=True).fill("export-invoices")
        page.get_by_role("textbox", name="Locale", exact=True).fill("ar")
        page.get_by_role("button", name="Save").click()
        expect(page.locator("main h1")).to_have_text("كيف أصدّر الفواتير؟")

        page.open(f"/apps/{app['id']}/inbox")
        request = page.locator(f"[data-request='{created['id']}']")
        expect(request.get_by_role("link", name="كيف أصدّر الفواتير؟")).to_be_visible()
        expect(request.get_by_role("link", name=f"Draft an article from request #{created['id']}")).to_have_count(0)
