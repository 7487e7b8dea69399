"""The self-service screen: help sessions in Thai and Arabic, driven through the SDK API, become the KPIs, charts
and tables a product manager reads, and each table downloads as CSV; under the CSP, at 375 px, axe-clean."""
import csv
import io
import urllib.parse
import uuid

import pytest
from playwright.sync_api import expect

from .admin_fixtures import admin_dist, admin_page_in, admin_server  # noqa: F401
from .test_admin import AXE


@pytest.fixture(scope="module")
def helped(admin_server):
    """Two help sessions: a Thai one that finds and reads an article and votes yes; an Arabic one whose search
    finds nothing and that ends in a support request."""
    app = admin_server.new_app("Self-service")
    owner = admin_server.auth("owner")
    status, article = admin_server.call("POST", f"/api/v1/apps/{app['id']}/kb/articles", {
        "slug": "chatbot", "locale": "th", "title": "แชทบอทตอบลูกค้า", "body": "ตั้งค่าแชทบอท", "status": "published"}, owner)
    assert status == 201
    key = {"X-Waypost-Key": app["key"]}
    th, ar = f"th-{uuid.uuid4().hex[:6]}", f"ar-{uuid.uuid4().hex[:6]}"

    def search(user, q, locale):
        query = urllib.parse.urlencode({"q": q, "locale": locale, "user_id": user, "url": "/app/inbox"})
        status, found = admin_server.call("GET", f"/api/v1/sdk/kb/search?{query}", None, key)
        assert status == 200
        return found["total"]

    admin_server.send_events(app["key"], th, ("help_opened", {"data": {"locale": "th"}}))
    assert search(th, "แชทบอท", "th") == 1
    admin_server.send_events(app["key"], th, ("article_viewed", {"article_id": str(article["id"]), "query": "แชทบอท"}))
    status, _ = admin_server.call("POST", f"/api/v1/sdk/kb/articles/{article['id']}/feedback",
                                  {"user_id": th, "helpful": True}, key)
    assert status == 201
    admin_server.send_events(app["key"], ar, ("help_opened", {"data": {"locale": "ar"}}))
    assert search(ar, "فاتورة", "ar") == 0
    status, _ = admin_server.call("POST", "/api/v1/sdk/support-requests",
                                  {"user_id": ar, "message": "لا أجد الفاتورة"}, key)
    assert status == 201
    return app


def kpi(page, name: str):
    return page.locator(".kpis > div").filter(has=page.get_by_text(name, exact=True)).locator(".kpi-value")


@pytest.mark.parametrize("width", [1280, 375])
def test_the_kpis_charts_and_tables_show_the_help_sessions(browser, admin_server, helped, width):
    with admin_page_in(browser, admin_server) as page:  # under the admin's CSP: uPlot may not break it
        page.set_viewport_size({"width": width, "height": 900})
        page.login("viewer")
        page.open(f"/apps/{helped['id']}/self-service")
        expect(kpi(page, "Self-service resolution")).to_have_text("50.0%")
        expect(kpi(page, "Support per 100 help sessions")).to_have_text("50")
        expect(kpi(page, "Search success")).to_have_text("50.0%")
        expect(kpi(page, "Searches with no results")).to_have_text("50.0%")
        expect(kpi(page, "Helpfulness")).to_have_text("100.0%")
        for chart in ("chart-volume", "chart-rates"):
            canvas = page.locator(f"figure[aria-labelledby='{chart}-caption'] canvas")
            expect(canvas).to_be_visible()
            box = canvas.bounding_box()
            assert 200 <= box["width"] <= width and box["height"] > 100, (chart, box)
        languages = page.get_by_role("table", name="Self-service per language")
        expect(languages.locator("tbody th")).to_have_text(["ar", "th"])
        expect(languages.locator("tbody tr").nth(1).locator("td").nth(1)).to_have_text("100.0%")
        wider = page.evaluate("""(w) => [...document.querySelectorAll('main *')]
            .filter(e => !e.closest('.table-scroll') && e.getBoundingClientRect().right > w + 0.5)
            .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""", width)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, wider  # nothing pushes the page wider

        page.get_by_role("combobox", name="Language").select_option("ar")
        page.get_by_role("button", name="Show").click()
        expect(kpi(page, "Self-service resolution")).to_have_text("0.0%")
        expect(kpi(page, "Support per 1,000 active users")).to_have_text("—")


def test_each_table_downloads_as_csv(browser, admin_server, helped):
    with admin_page_in(browser, admin_server, accept_downloads=True) as page:
        page.login("viewer")
        page.open(f"/apps/{helped['id']}/self-service")
        expect(kpi(page, "Helpfulness")).to_have_text("100.0%")
        with page.expect_download() as info:
            page.get_by_role("button", name="Download CSV (languages)").click()
        download = info.value
        assert download.suggested_filename.startswith("self-service-by-language-")
        rows = list(csv.reader(io.StringIO(open(download.path(), encoding="utf-8-sig").read())))
        assert rows[0][:3] == ["language", "help_sessions", "resolved_sessions"]
        assert [row[:3] for row in rows[1:]] == [["ar", "1", "0"], ["th", "1", "1"]]


def test_the_screen_passes_axe_in_english_with_arabic_and_thai_data(browser, admin_server, helped):
    # axe is injected as an inline script, which the admin CSP (rightly) refuses: this context bypasses it
    with admin_page_in(browser, admin_server, bypass_csp=True) as page:
        page.set_viewport_size({"width": 375, "height": 800})
        page.login("viewer")
        page.open(f"/apps/{helped['id']}/self-service")
        expect(kpi(page, "Helpfulness")).to_have_text("100.0%")
        page.wait_for_load_state("networkidle")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("""async () => (await axe.run(document)).violations
            .map(v => ({id: v.id, nodes: v.nodes.map(n => n.html).slice(0, 3)}))""")
        assert violations == []


def test_a_failed_search_becomes_an_article_that_answers_its_gap(browser, admin_server, helped):
    """Last in this file: it answers the fixture's gap."""
    with admin_page_in(browser, admin_server) as page:
        page.set_viewport_size({"width": 375, "height": 900})
        page.login("editor")
        page.open(f"/apps/{helped['id']}/self-service")
        gaps = page.get_by_role("table", name="Searches that found nothing or led nowhere, most users first")
        row = gaps.locator("tbody tr").filter(has_text="فاتورة")
        expect(row.locator("td").nth(0)).to_have_text("ar")
        expect(row.locator("td").nth(1)).to_have_text("/app/inbox")
        expect(gaps.locator("tbody tr").filter(has_text="แชทบอท")).to_have_count(0)  # it found an article, read
        row.get_by_role("link", name="Write an article for “فاتورة”").click()

        expect(page.locator("[data-gap]")).to_contain_text("فاتورة")
        expect(page.get_by_role("textbox", name="Title", exact=True)).to_have_value("فاتورة")
        expect(page.get_by_role("textbox", name="Locale", exact=True)).to_have_value("ar")
        expect(page.get_by_role("textbox", name="Rule 1 pattern")).to_have_value("/app/inbox")
        page.get_by_role("textbox", name="Slug", exact=True).fill("invoice")
        page.get_by_role("textbox", name="Body (Markdown)").fill("الفواتير في صفحة الفوترة.")
        page.get_by_role("button", name="Save").click()
        expect(page.locator("main h1")).to_have_text("فاتورة")

        page.open(f"/apps/{helped['id']}/self-service")
        answered = page.get_by_role("table", name="Gaps answered by an article, and how their searches went since")
        expect(answered.locator("tbody tr").filter(has_text="فاتورة")).to_contain_text("1")
        expect(answered.get_by_role("link", name="فاتورة")).to_be_visible()
        expect(gaps.locator("tbody tr").filter(has_text="فاتورة")).to_have_count(0)
