"""The element picker and "preview in app" on the demo host app, and from the tour editor."""
import time
from pathlib import Path

import pytest
from flask_migrate import upgrade
from playwright.sync_api import expect
from sqlalchemy import func, select

from server import create_app
from server.extensions import db
from server.models import App, Event
from server.services import accounts
from server.services.demo import DEMO_APP_NAME, seed_demo

from .admin_fixtures import PASSWORD, ROLES, AdminServer, admin_dist, admin_page_in  # noqa: F401
from .conftest import ServerThread

PICKER = "[data-waypost-picker]"
AXE = Path(__file__).resolve().parents[2] / "sdk_js" / "node_modules" / "axe-core" / "axe.min.js"


class DemoServer(AdminServer):
    """The demo host app and the admin UI on one server, with a logged-in editor for API calls."""

    def __init__(self, flask_app, url, app_id):
        super().__init__(flask_app, url)
        self.app_id = app_id
        status, body = self.call("POST", "/api/v1/auth/login", {"email": self.email("editor"), "password": PASSWORD})
        assert status == 200, body
        self.auth = {"Authorization": f"Bearer {body['access_token']}"}

    def start(self, mode: str, page_url: str, tour: dict | None = None) -> dict:
        status, body = self.call("POST", f"/api/v1/apps/{self.app_id}/picker-sessions",
                                 {"mode": mode, "page_url": page_url, "tour": tour}, self.auth)
        assert status == 201, body
        return body

    def session(self, session_id: str) -> dict:
        status, body = self.call("GET", f"/api/v1/apps/{self.app_id}/picker-sessions/{session_id}", headers=self.auth)
        assert status == 200, body
        return body

    def wait_for_pick(self, session_id: str, timeout=10.0) -> dict:
        deadline = time.monotonic() + timeout
        while (body := self.session(session_id))["status"] == "waiting" and time.monotonic() < deadline:
            time.sleep(0.2)
        return body

    def event_count(self) -> int:
        with self.flask_app.app_context():
            count = db.session.scalar(select(func.count(Event.id)).where(Event.app_id == self.app_id))
            db.session.remove()
        return count


@pytest.fixture(scope="module")
def demo(tmp_path_factory, sdk_build, admin_dist):  # noqa: F811
    flask_app = create_app({
        "SECRET_KEY": "picker-browser-tests-secret-key-long-enough",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path_factory.mktemp('picker') / 'picker.sqlite3'}",
        "WAYPOST_SDK_DIST": str(sdk_build),
        "WAYPOST_ADMIN_DIST": str(admin_dist),
        "WAYPOST_SDK_RATE_LIMIT": "100000 per minute",
        "WAYPOST_LOGIN_RATE_LIMIT": "10000 per minute",
    })
    with ServerThread(flask_app) as server:
        url = f"http://127.0.0.1:{server.port}"
        with flask_app.app_context():
            upgrade()
            seed_demo([url])
            for role in ROLES:
                accounts.create_user(f"{role}@admin-tests.example", role, PASSWORD)
            app_id = db.session.scalar(select(App.id).filter_by(name=DEMO_APP_NAME))
            db.session.commit()  # services only flush; the server reads from its own session
            db.session.remove()
        yield DemoServer(flask_app, url, app_id)


def open_picker(page, url: str):
    page.goto(url)
    page.locator(PICKER).wait_for()
    assert "waypost-" not in page.url  # the token left the address bar


def pick(page, selector: str) -> str:
    """Hovers and clicks the element as the author would; returns the selector the banner shows."""
    page.hover(selector)
    expect(page.locator("waypost-root .r")).to_be_visible()
    page.click(selector)
    banner = page.locator(PICKER)
    expect(banner.get_by_role("button", name="Use this element")).to_be_focused()
    return banner.locator("code").inner_text()


def test_picks_an_element_by_its_id_without_the_page_reacting(demo, page):
    session = demo.start("pick", f"{demo.url}/demo/?user=picker-1")
    open_picker(page, session["url"])
    assert pick(page, "#new-project") == "#new-project"
    assert page.evaluate("document.getElementById('new-project-dialog').open") is False
    assert page.locator("[data-waypost-step]").count() == 0  # no tour starts in picker mode
    page.locator(PICKER).get_by_role("button", name="Use this element").click()
    expect(page.locator(PICKER)).to_contain_text("Sent to the editor")
    picked = demo.wait_for_pick(session["id"])
    assert (picked["status"], picked["selector"], picked["tag"]) == ("picked", "#new-project", "button")
    page.locator(PICKER).get_by_role("button", name="Close").click()
    expect(page.locator(PICKER)).to_have_count(0)
    page.click("#new-project")  # the page is the host's again
    assert page.evaluate("document.getElementById('new-project-dialog').open") is True


def test_an_element_without_id_gets_a_unique_selector(demo, page):
    session = demo.start("pick", f"{demo.url}/demo/?user=picker-2")
    open_picker(page, session["url"])
    target = "#stats > .card:nth-child(2) > .value"
    assert pick(page, "#recent-projects tbody tr:nth-child(3) td:nth-child(2)")
    page.locator(PICKER).get_by_role("button", name="Pick again").click()
    shown = pick(page, target)
    assert page.evaluate("([shown, target]) => { const found = document.querySelectorAll(shown);"
                         " return found.length === 1 && found[0] === document.querySelector(target); }",
                         [shown, target])
    page.keyboard.press("Enter")  # "Use this element" has focus
    picked = demo.wait_for_pick(session["id"])
    assert picked["selector"] == shown and picked["text"] == "3"


@pytest.mark.parametrize("width", [1280, 375])
def test_select_parent_and_child_move_the_choice_through_the_tree(demo, page, width):
    page.set_viewport_size({"width": width, "height": 700})
    session = demo.start("pick", f"{demo.url}/demo/projects?user=picker-parent-{width}")
    open_picker(page, session["url"])
    banner = page.locator(PICKER)
    assert pick(page, "#project-filter button[data-filter=active]") == "#project-filter > button:nth-of-type(2)"
    expect(banner.get_by_role("button", name="Select child")).to_have_count(0)
    banner.get_by_role("button", name="Select parent").click()
    expect(banner.locator("code")).to_have_text("#project-filter")
    box = page.evaluate("""() => {
        const r = document.querySelector('waypost-root').shadowRoot.querySelector('.r').getBoundingClientRect();
        const g = document.getElementById('project-filter').getBoundingClientRect();
        return [Math.round(r.width - g.width), Math.round(r.height - g.height)];
    }""")
    assert box == [0, 0]  # the outline is around the whole group now
    banner_box = banner.bounding_box()
    assert banner_box["x"] >= 0 and banner_box["x"] + banner_box["width"] <= width
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => (await axe.run(
        {include: [{fromShadowDom: ['waypost-root', '[data-waypost-picker]']}]})).violations.map(v => v.id)""")
    assert violations == []
    page.keyboard.press("ArrowDown")  # back to the button it came from
    expect(banner.locator("code")).to_have_text("#project-filter > button:nth-of-type(2)")
    page.keyboard.press("ArrowUp")
    expect(banner.locator("code")).to_have_text("#project-filter")
    assert page.evaluate("window.scrollY") == 0  # the host page never saw the arrows
    assert page.evaluate("document.querySelector('#project-filter [aria-pressed=true]').dataset.filter") == "all"
    banner.get_by_role("button", name="Use this element").click()
    picked = demo.wait_for_pick(session["id"])
    assert (picked["selector"], picked["tag"]) == ("#project-filter", "div")


def test_escape_cancels_picking(demo, page):
    session = demo.start("pick", f"{demo.url}/demo/?user=picker-3")
    open_picker(page, session["url"])
    page.keyboard.press("Escape")
    expect(page.locator(PICKER)).to_have_count(0)
    page.click("#new-project")
    assert page.evaluate("document.getElementById('new-project-dialog').open") is True
    assert demo.session(session["id"])["status"] == "waiting"


def test_preview_plays_the_draft_for_the_author_only(demo, page):
    draft = {"id": "getting-started", "name": "Draft", "locale": "en", "steps": [
        {"id": "draft-hello", "title": "Hello from the draft", "body": "Not **published** yet."},
        {"id": "draft-button", "target": "#new-project", "title": "This button", "body": "Click it."},
    ]}
    events_before = demo.event_count()
    session = demo.start("preview", f"{demo.url}/demo/?user=previewer", tour=draft)
    page.goto(session["url"])
    banner = page.locator(PICKER)
    expect(banner).to_contain_text("Preview — not visible to users")
    hello = page.locator('[data-waypost-step="draft-hello"]')
    expect(hello).to_contain_text("Not published yet.")
    page.locator('[data-waypost-action="next"]').click()
    expect(page.locator('[data-waypost-step="draft-button"]')).to_be_visible()
    banner.get_by_role("button", name="Restart").click()
    expect(hello).to_be_visible()
    page.keyboard.press("Escape")
    expect(banner).to_have_count(0)
    expect(page.locator("[data-waypost-step]")).to_have_count(0)
    page.wait_for_timeout(500)
    assert demo.event_count() == events_before


def test_expired_or_forged_links_say_so(demo, page):
    session = demo.start("pick", f"{demo.url}/demo/?user=picker-4")
    header, payload, _ = session["token"].split(".")
    open_picker(page, f"{demo.url}/demo/?user=picker-4#waypost-pick={header}.{payload}.forged")
    pick(page, "#new-project")
    page.locator(PICKER).get_by_role("button", name="Use this element").click()
    expect(page.locator(PICKER)).to_contain_text("The picker token is not valid.")
    assert demo.session(session["id"])["status"] == "waiting"


def test_editor_picks_a_target_in_a_new_tab(browser, demo):
    with admin_page_in(browser, demo) as admin:
        admin.login("editor")
        admin.open(f"/apps/{demo.app_id}/tours/getting-started")
        target = admin.get_by_label("Target (CSS selector)").nth(1)
        expect(target).to_have_value("#main-nav")
        admin.get_by_role("button", name="Pick in app for step 2").click()
        expect(admin.get_by_label("Page URL")).to_have_value(f"{demo.url}/demo/")
        with admin.context.expect_page() as opened:
            admin.get_by_role("button", name="Open in a new tab").click()
        tab = opened.value
        errors = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.locator(PICKER).wait_for()
        pick(tab, "#new-project")
        tab.locator(PICKER).get_by_role("button", name="Use this element").click()
        expect(target).to_have_value("#new-project")
        expect(admin.get_by_role("status").filter(has_text="Step 2 target set to #new-project.")).to_be_visible()
        assert errors == []


def test_editor_previews_the_unsaved_draft(browser, demo):
    with admin_page_in(browser, demo) as admin:
        admin.login("editor")
        admin.open(f"/apps/{demo.app_id}/tours/getting-started")
        admin.get_by_role("textbox", name="Title", exact=True).first.fill("Unsaved welcome")
        admin.get_by_role("button", name="Preview in app").click()
        with admin.context.expect_page() as opened:
            admin.get_by_role("button", name="Open in a new tab").click()
        tab = opened.value
        expect(tab.locator('[data-waypost-step="welcome"]')).to_contain_text("Unsaved welcome")
        expect(tab.locator(PICKER)).to_contain_text("Preview — not visible to users")


def test_editor_sees_field_errors_beside_the_fields(browser, demo):
    with admin_page_in(browser, demo) as admin:
        admin.expect_http_errors(422)
        admin.login("editor")
        admin.open(f"/apps/{demo.app_id}/tours/getting-started")
        admin.get_by_role("button", name="Pick in app for step 1").click()
        admin.get_by_label("Page URL").fill("https://elsewhere.example/")
        with admin.context.expect_page() as opened:
            admin.get_by_role("button", name="Open in a new tab").click()
        expect(admin.get_by_label("Page URL")).to_have_attribute("aria-invalid", "true")
        expect(admin.locator(".field-error")).to_contain_text("is not one of this app's allowed origins")
        assert opened.value.is_closed()
        admin.get_by_role("button", name="Cancel").click()
        # Focus goes back to the button after the next paint; typing before that would type into it.
        expect(admin.get_by_role("button", name="Pick in app for step 1")).to_be_focused()
        admin.get_by_role("textbox", name="Title", exact=True).first.fill("")
        admin.get_by_role("button", name="Preview in app").click()
        with admin.context.expect_page():
            admin.get_by_role("button", name="Open in a new tab").click()
        expect(admin.get_by_role("alert").first).to_contain_text("Fix these problems to preview the draft.")
        expect(admin.locator('[data-error-for="steps.0.title"]')).to_be_visible()


def test_a_new_tour_authored_picked_previewed_and_published_is_served_by_bootstrap(browser, demo):
    """The issue's whole path for a product manager, in the demo host app, without touching code."""
    with admin_page_in(browser, demo) as admin:
        admin.login("editor")
        admin.open(f"/apps/{demo.app_id}/tours/new")
        admin.get_by_label("Tour id").fill("first-project")
        admin.get_by_role("textbox", name="Name", exact=True).fill("Your first project")
        admin.get_by_label("Path glob", exact=True).fill("/demo/")
        admin.get_by_role("textbox", name="Title", exact=True).fill("Welcome to the demo")
        admin.get_by_label("Body (Markdown)").first.fill("Let us make a **project**.")
        admin.get_by_role("button", name="Add a step").click()
        admin.get_by_role("textbox", name="Title", exact=True).nth(1).fill("Start here")

        admin.get_by_role("button", name="Pick in app for step 2").click()
        with admin.context.expect_page() as opened:
            admin.get_by_role("button", name="Open in a new tab").click()
        tab = opened.value
        tab.locator(PICKER).wait_for()
        pick(tab, "#new-project")
        tab.locator(PICKER).get_by_role("button", name="Use this element").click()
        expect(admin.get_by_label("Target (CSS selector)").nth(1)).to_have_value("#new-project")
        tab.close()

        admin.get_by_role("button", name="Preview in app").click()
        with admin.context.expect_page() as opened:
            admin.get_by_role("button", name="Open in a new tab").click()
        preview = opened.value
        expect(preview.locator('[data-waypost-step="step-1"]')).to_contain_text("Let us make a project.")
        preview.locator('[data-waypost-action="next"]').click()
        expect(preview.locator('[data-waypost-step="step-2"]')).to_contain_text("Start here")
        preview.close()

        admin.get_by_role("button", name="Save draft").click()
        expect(admin.get_by_role("heading", name="Your first project")).to_be_visible()
        admin.get_by_role("button", name="Save and publish").click()
        expect(admin.get_by_text("Published v1")).to_be_visible()

    status, app = demo.call("GET", f"/api/v1/apps/{demo.app_id}", headers=demo.auth)
    assert status == 200, app
    status, body = demo.call("GET", "/api/v1/sdk/bootstrap?url=/demo/&user_id=pm-1",
                             headers={"X-Waypost-Key": app["key"]})
    assert status == 200, body
    (tour,) = [t for t in body["tours"] if t["id"] == "first-project"]
    assert tour["version"] == 1 and tour["name"] == "Your first project"
    assert [(s["id"], s["target"]) for s in tour["steps"]] == [("step-1", None), ("step-2", "#new-project")]
    assert "<strong>project</strong>" in tour["steps"][0]["body_html"]


def test_picks_an_element_inside_a_web_components_shadow_root(demo, page):
    session = demo.start("pick", f"{demo.url}/demo/?user=picker-shadow")
    open_picker(page, session["url"])
    page.evaluate("""() => {
        const card = document.createElement('acme-card');
        card.id = 'acme';
        card.attachShadow({mode: 'open'}).innerHTML = '<p>Card</p><button type="button">Go</button>';
        document.querySelector('main').prepend(card);
    }""")
    assert pick(page, "acme-card button") == "#acme >>> button"  # Playwright's CSS reaches into open shadow roots
    page.locator(PICKER).get_by_role("button", name="Use this element").click()
    picked = demo.wait_for_pick(session["id"])
    assert (picked["status"], picked["selector"], picked["tag"]) == ("picked", "#acme >>> button", "button")
