"""Accounts in the admin UI: owners disable, enable and delete accounts and revoke tokens after confirming in the
page; everyone changes their password; logging out ends the session on the server. Checked at 1280 and 375 px
with axe. The admin UI has no locale switch (it is English only, left to right), so there is no Arabic run."""
import re
import uuid

from playwright.sync_api import expect

from server.extensions import db
from server.services import accounts

from .admin_fixtures import PASSWORD, admin_dist, admin_page, admin_page_in, admin_server  # noqa: F401
from .test_admin import AXE, button


def _account(server, role="editor") -> tuple[str, int]:
    email = f"{role}-{uuid.uuid4().hex[:8]}@accounts-tests.example"
    with server.flask_app.app_context():
        user = accounts.create_user(email, role, PASSWORD)
        result = (user.email, user.id)
        db.session.commit()  # services only flush; the server reads from its own session
        db.session.remove()
    return result


def _api_token(server, email) -> str:
    with server.flask_app.app_context():
        _, plaintext = accounts.create_api_token(accounts.find_user_by_email(email), "ci")
        db.session.commit()  # services only flush; the server reads from its own session
        db.session.remove()
    return plaintext


def _login_as(page, email, password=PASSWORD):
    page.open("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    button(page, "Log in").click()
    page.get_by_role("heading", name="Apps", exact=True).wait_for()


def _me(server, token) -> int:
    return server.call("GET", "/api/v1/me", headers={"Authorization": f"Bearer {token}"})[0]


def _login_status(server, email, password=PASSWORD) -> tuple[int, dict]:
    return server.call("POST", "/api/v1/auth/login", {"email": email, "password": password})


def _axe(page) -> list:
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => (await axe.run(document)).violations
        .map(v => ({id: v.id, nodes: v.nodes.map(n => n.html).slice(0, 3)}))""")


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_owner_disables_enables_and_deletes_an_account_after_confirming(admin_page, admin_server):
    email, _ = _account(admin_server)
    their_session = _login_status(admin_server, email)[1]["access_token"]
    page = admin_page
    page.login("owner")
    page.open("/team")
    row = page.get_by_role("row").filter(has_text=email)
    expect(row.get_by_role("cell", name="Active")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=admin_server.email("owner"))).to_contain_text("(you)")

    button(page, f"Disable {email}").click()
    confirm = page.get_by_role("group", name=f"Disable {email}")
    expect(confirm).to_be_focused()
    expect(confirm).to_have_accessible_description(re.compile("logged out at once"))
    page.keyboard.press("Escape")
    expect(button(page, f"Disable {email}")).to_be_focused()
    assert _me(admin_server, their_session) == 200

    button(page, f"Disable {email}").click()
    button(page, "Disable it").click()
    expect(page.get_by_role("status").filter(has_text=f"{email} disabled.")).to_be_visible()
    expect(row).to_contain_text("Disabled")
    assert _me(admin_server, their_session) == 401
    status, body = _login_status(admin_server, email)
    assert status == 401 and body["error"]["code"] == "account_disabled"

    button(page, f"Enable {email}").click()
    expect(row.get_by_role("cell", name="Active")).to_be_visible()
    assert _login_status(admin_server, email)[0] == 200

    button(page, f"Delete {email}").click()
    button(page, "Delete it").click()
    expect(page.get_by_role("status").filter(has_text=f"{email} deleted.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=email)).to_have_count(0)
    assert _login_status(admin_server, email)[0] == 401


def test_owner_revokes_another_accounts_api_token(admin_page, admin_server):
    email, user_id = _account(admin_server, "viewer")
    token = _api_token(admin_server, email)
    page = admin_page
    page.login("owner")
    page.open("/team")
    page.get_by_role("link", name=f"API tokens of {email}").click()
    expect(page.get_by_role("heading", name=f"API tokens of {email}")).to_be_visible()
    assert page.page.url.endswith(f"/admin/team/{user_id}/tokens")
    button(page, "Revoke ci").click()
    button(page, "Revoke it").click()
    expect(page.get_by_role("status").filter(has_text="Token ci revoked.")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("^Revoked"))).to_be_visible()
    assert _me(admin_server, token) == 401


def test_everyone_changes_their_password_and_revokes_their_own_tokens(admin_page, admin_server):
    email, _ = _account(admin_server, "viewer")
    token = _api_token(admin_server, email)
    other_device = _login_status(admin_server, email)[1]["access_token"]
    page = admin_page
    page.expect_http_errors(422)
    _login_as(page, email)
    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()

    page.get_by_label("Current password").fill("not my password")
    page.get_by_label("New password").fill("a brand new password")
    button(page, "Change password").click()
    expect(page.get_by_label("Current password")).to_have_attribute("aria-invalid", "true")
    expect(page.locator('[data-error-for="current_password"]')).to_have_text("This is not your current password.")

    page.get_by_label("Current password").fill(PASSWORD)
    button(page, "Change password").click()
    expect(page.get_by_role("status").filter(has_text="Password changed.")).to_be_visible()
    assert _me(admin_server, other_device) == 401
    page.reload()  # this tab keeps working with the token the answer gave it
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    assert _login_status(admin_server, email)[0] == 401
    assert _login_status(admin_server, email, "a brand new password")[0] == 200

    button(page, "Revoke ci").click()
    button(page, "Revoke it").click()
    expect(page.get_by_role("status").filter(has_text="Token ci revoked.")).to_be_visible()
    assert _me(admin_server, token) == 401


def test_log_out_ends_the_session_on_the_server(admin_page, admin_server):
    email, _ = _account(admin_server, "editor")
    page = admin_page
    _login_as(page, email)
    token = page.token()
    assert _me(admin_server, token) == 200
    button(page, "Log out").click()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    assert page.token() is None
    for _ in range(50):  # the keep-alive request may land just after the page moved on
        if _me(admin_server, token) == 401:
            break
        page.wait_for_timeout(100)
    assert _me(admin_server, token) == 401


def test_account_pages_have_no_axe_violations_and_fit_at_375_and_1280_px(browser, admin_server):
    email, user_id = _account(admin_server, "viewer")
    _api_token(admin_server, email)
    for width in (1280, 375):
        # axe is injected as an inline script, which the admin CSP (rightly) refuses: this context bypasses it
        with admin_page_in(browser, admin_server, bypass_csp=True) as page:
            page.set_viewport_size({"width": width, "height": 800})
            page.login("owner")
            page.open("/team")
            expect(page.locator("main h1")).to_have_text("Team")
            button(page, f"Delete {email}").click()  # the in-page question is open while axe looks
            expect(page.get_by_role("group", name=f"Delete {email}")).to_be_focused()
            assert _axe(page) == [], f"/team at {width}px"
            assert _fits(page), f"/team overflows at {width}px"
            for path, heading in ((f"/team/{user_id}/tokens", f"API tokens of {email}"),
                                  ("/account", "Your account")):
                page.open(path)
                expect(page.get_by_role("heading", name=heading)).to_be_visible()
                assert _axe(page) == [], f"{path} at {width}px"
                assert _fits(page), f"{path} overflows at {width}px"
