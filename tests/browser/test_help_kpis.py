"""End to end: help sessions driven through the real widget, in Thai and in Arabic (search, open, vote, contact),
become the figures and charts of the admin's Self-service screen."""
import uuid

import pytest
from playwright.sync_api import expect

from server.extensions import db
from server.services.apps import create_app_record
from server.services.kb import save_article

from .admin_fixtures import admin_dist, admin_page_in, admin_server  # noqa: F401
from .conftest import page_url
from .test_help import open_panel, panel, poll


@pytest.fixture(scope="module")
def helped_app(admin_server, host):
    """An app of the admin test server that the host page's origin may use, with a Thai article."""
    with admin_server.flask_app.app_context():
        record = create_app_record(f"Help KPIs {uuid.uuid4().hex[:6]}", [host])
        save_article(record, {"slug": "chatbot", "locale": "th", "title": "ตั้งค่าแชทบอทตอบลูกค้า",
                              "body": "แชทบอทช่วยตอบคำถามที่พบบ่อยได้ตลอดเวลา", "status": "published"})
        app = {"id": record.id, "key": record.key}
        db.session.commit()
        db.session.remove()
    return app


def help_page(host, admin_server, app, user, locale):
    return page_url(host, "help-kpi", sdk="host", server=admin_server.url, key=app["key"], user=user,
                    locale=locale, help="on")


def stored_events(admin_server, app, types):
    from sqlalchemy import select

    from server.models import Event
    with admin_server.flask_app.app_context():
        found = list(db.session.scalars(select(Event.type).where(Event.app_id == app["id"], Event.type.in_(types))))
        db.session.remove()
    return found


def test_help_sessions_in_thai_and_arabic_become_the_kpis(page, browser, admin_server, host, helped_app):
    thai, arab = f"th-{uuid.uuid4().hex[:6]}", f"ar-{uuid.uuid4().hex[:6]}"

    # Thai: part of a word finds the chatbot article, which is read and found helpful
    open_panel(page, help_page(host, admin_server, helped_app, thai, "th"))
    panel(page).locator("[data-waypost-search]").press_sequentially("แชทบ", delay=40)
    panel(page).locator('[data-waypost-article="chatbot"]').click()
    panel(page).locator('article[data-waypost-article="chatbot"]').wait_for()
    with page.expect_response(lambda r: "/feedback" in r.url and r.request.method == "POST"):
        page.locator('[data-waypost-action="helpful-yes"]').click()  # the vote is stored before the page goes
    page.goto("about:blank")  # the page goes away: its events are beaconed

    # Arabic: the search finds nothing, and the user asks a person
    open_panel(page, help_page(host, admin_server, helped_app, arab, "ar"))
    panel(page).locator("[data-waypost-search]").press_sequentially("فاتورة", delay=40)
    panel(page).get_by_text("لم يتم العثور على مقالات").wait_for()  # "no articles found", in Arabic
    page.locator('[data-waypost-action="contact"]').click()
    panel(page).locator("textarea").fill("لا أجد الفاتورة")
    with page.expect_response(lambda r: "/support-requests" in r.url and r.request.method == "POST"):
        panel(page).locator("form button").click()
    page.goto("about:blank")

    wanted = ("help_opened", "article_viewed")
    assert poll(page, lambda: sorted(stored_events(admin_server, helped_app, wanted)) == [
        "article_viewed", "help_opened", "help_opened"]), stored_events(admin_server, helped_app, wanted)

    with admin_page_in(browser, admin_server) as admin:
        admin.login("viewer")
        admin.open(f"/apps/{helped_app['id']}/self-service")

        def kpi(name):
            return admin.locator(".kpis > div").filter(has=admin.get_by_text(name, exact=True)).locator(".kpi-value")
        expect(kpi("Self-service resolution")).to_have_text("50.0%")  # the Thai session, not the Arabic one
        expect(kpi("Support per 100 help sessions")).to_have_text("50")
        expect(kpi("Search success")).to_have_text("50.0%")
        expect(kpi("Searches with no results")).to_have_text("50.0%")
        expect(kpi("Helpfulness")).to_have_text("100.0%")
        expect(kpi("Support after reading an article")).to_have_text("0.0%")
        languages = admin.get_by_role("table", name="Self-service per language")
        expect(languages.locator("tbody th")).to_have_text(["ar", "th"])
        channels = admin.get_by_role("table", name="Self-service per channel")
        expect(channels.locator("tbody tr").first).to_contain_text("Help widget")
        expect(admin.locator("figure[aria-labelledby='chart-volume-caption'] canvas")).to_be_visible()
        gaps = admin.get_by_role("table", name="Searches that found nothing or led nowhere, most users first")
        expect(gaps.locator("tbody tr").filter(has_text="فاتورة")).to_have_count(1)
