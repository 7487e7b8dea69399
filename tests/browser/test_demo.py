"""The demo host app at /demo/ with the example tours from tours/, as `make demo` serves it."""
import pytest
from flask_migrate import upgrade

from server import create_app
from server.extensions import db
from server.services.demo import seed_demo

from .conftest import ServerThread


@pytest.fixture(scope="module")
def demo(tmp_path_factory, sdk_build):
    flask_app = create_app({
        "SECRET_KEY": "demo-browser-tests-secret-key-long-enough",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite3'}",
        "WAYPOST_SDK_DIST": str(sdk_build),
        "WAYPOST_SDK_RATE_LIMIT": "100000 per minute",
    })
    with ServerThread(flask_app) as server:
        url = f"http://127.0.0.1:{server.port}"
        with flask_app.app_context():
            upgrade()
            seed_demo([url])
            db.session.commit()  # services only flush
        yield url


def _beside(step_box, target_box, slack=40) -> bool:
    """The step touches the target's box on some side (within `slack` pixels)."""
    return not (step_box["x"] > target_box["x"] + target_box["width"] + slack
                or step_box["x"] + step_box["width"] < target_box["x"] - slack
                or step_box["y"] > target_box["y"] + target_box["height"] + slack
                or step_box["y"] + step_box["height"] < target_box["y"] - slack)


def test_getting_started_starts_by_itself_and_anchors_to_the_demo_elements(demo, page, user_id):
    page.open(f"{demo}/demo/?user={user_id}")
    welcome = page.step("welcome")
    welcome.wait_for()
    assert welcome.get_attribute("role") == "dialog"
    page.action("next").click()
    navigation = page.step("navigation")
    navigation.wait_for()
    assert _beside(navigation.bounding_box(), page.locator("#main-nav").bounding_box())
    page.action("next").click()
    page.step("stats").wait_for()
    page.action("back").click()
    page.step("navigation").wait_for()
    for step in ("stats", "search"):
        page.action("next").click()
        page.step(step).wait_for()
    page.action("next").click()
    last = page.step("new-project")
    last.wait_for()
    assert _beside(last.bounding_box(), page.locator("#new-project").bounding_box())
    page.locator("#new-project").click()  # advance_on: click finishes the tour
    last.wait_for(state="detached")
    survey = page.locator('waypost-survey [data-waypost-survey="welcome-survey"]')  # asked once the tour is done
    survey.wait_for()
    page.keyboard.press("Escape")  # the demo's own "New project" dialog (a modal one: the rest is inert until closed)
    survey.locator('[data-waypost-action="survey-close"]').click()
    survey.wait_for(state="detached")
    page.wait_for_timeout(300)
    page.open(f"{demo}/demo/?user={user_id}")
    page.wait_for_timeout(1000)
    assert page.step("welcome").count() == 0  # completed tours do not start again


def test_workspace_tour_continues_across_pages(demo, page, user_id):
    page.open(f"{demo}/demo/?user={user_id}")
    page.step("welcome").wait_for()
    page.action("close").click()  # dismiss the auto tour; the workspace tour is started by hand
    page.get_by_role("button", name="Take the workspace tour").click()
    page.step("start").wait_for()
    page.action("next").click()
    page.step("open-projects").wait_for()
    page.locator("#nav-projects").click()
    page.wait_for_url("**/demo/projects**")
    page.step("projects-table").wait_for()
    page.reload()
    page.step("projects-table").wait_for()  # a reload resumes where the user was


def test_demo_in_thai_and_arabic(demo, page, user_id):
    page.open(f"{demo}/demo/?user={user_id}-th&locale=th")
    page.step("welcome").wait_for()
    assert page.action("next").inner_text() == "ถัดไป"
    page.open(f"{demo}/demo/settings?user={user_id}-ar&locale=ar")
    step = page.step()
    step.first.wait_for()
    assert step.first.evaluate("el => el.closest('[dir]').getAttribute('dir')") == "rtl"
    assert page.action("next").inner_text() == "التالي"


def test_dashboard_tour_waits_off_its_page_and_the_settings_tour_runs(demo, page, user_id):
    page.open(f"{demo}/demo/?user={user_id}")
    page.step("welcome").wait_for()
    page.action("next").click()
    page.step("navigation").wait_for()
    page.open(f"{demo}/demo/settings")  # typed without the query: the demo keeps its user for the tab
    assert f"user={user_id}" in page.url
    page.step("intro").wait_for()  # the Settings tour, not step 2 of Getting started
    assert page.locator('[data-waypost-step="navigation"]').count() == 0
    page.action("close").click()
    page.open(f"{demo}/demo/")
    navigation = page.step("navigation")  # offered again where it belongs, where it was left
    navigation.wait_for()
    assert "2 of 5" in navigation.inner_text()


def test_demo_keeps_its_user_and_language_for_the_tab(demo, page, user_id):
    page.open(f"{demo}/demo/?user={user_id}&locale=ar")
    page.open(f"{demo}/demo/projects")
    assert page.locator("#demo-user").input_value() == user_id
    assert page.locator("#demo-locale").input_value() == "ar"


def test_no_page_of_ours_asks_for_a_missing_icon(demo, browser):
    """Browsers ask each page's origin for /favicon.ico: it is Waypost's icon, not a 404 on the console."""
    context = browser.new_context()
    try:
        for path in ("/demo/", "/demo/settings", "/api/docs"):
            page = context.new_page()
            errors = []
            page.on("console", lambda message: message.type == "error" and errors.append(message.text))
            page.goto(f"{demo}{path}", wait_until="networkidle")
            page.wait_for_timeout(300)
            assert errors == [], (path, errors)
            page.close()
        answer = context.request.get(f"{demo}/favicon.ico")
        assert answer.status == 200 and answer.headers["content-type"].startswith("image/svg+xml")
        assert answer.body().startswith(b"<svg")
    finally:
        context.close()


def test_the_whats_new_banner_opens_its_article_in_the_help_panel(demo, page, user_id):
    page.open(f"{demo}/demo/projects?user={user_id}&locale=th")
    banner = page.locator('waypost-banners [data-waypost-banner="whats-new"]')
    banner.wait_for()
    assert "เชิญทั้งทีม" in banner.inner_text() and banner.get_attribute("aria-label") == "มีอะไรใหม่"
    page.step().first.wait_for()  # the page's tour comes too, and its overlay keeps the page out of reach
    page.action("close").click()
    banner.get_by_role("button", name="วิธีใช้").click()
    page.locator("waypost-root [data-waypost-help]").wait_for()
    page.locator('waypost-root [data-waypost-help] h2, waypost-root [data-waypost-help] h3').first.wait_for()


def test_the_onboarding_checklist_ticks_a_project_created_in_the_demo(demo, page, user_id):
    page.open(f"{demo}/demo/projects?user={user_id}")
    page.step().first.wait_for()  # the page's own tour first
    page.action("close").first.click()
    launcher = page.locator('waypost-checklist [data-waypost-action="checklist-open"]')
    launcher.wait_for()
    assert launcher.inner_text() == "Get started with Acme · 0 of 3"
    page.locator("#new-project").first.click()
    page.locator("#project-name").fill("Launch plan")
    page.locator("#create-project").click()
    page.wait_for_function("""() => document.querySelector('waypost-checklist').shadowRoot
        .querySelector('[data-waypost-action="checklist-open"]').textContent.endsWith('1 of 3')""")


def test_the_settings_hotspots_show_once_the_settings_tour_is_closed(demo, page, user_id):
    page.open(f"{demo}/demo/settings?user={user_id}&locale=ar")
    page.step().first.wait_for()
    page.action("close").first.click()
    beacon = page.locator('waypost-hotspots [data-waypost-hotspot="settings-tips/digest"]')
    beacon.wait_for()
    assert beacon.get_attribute("aria-label") == "ملخص أسبوعي"
    beacon.click()
    page.locator('waypost-hotspots [role="dialog"]').wait_for()
