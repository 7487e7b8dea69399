"""The admin UI in a real browser against the real backend: roles, authoring, analytics, timelines, errors, CSP."""
import re

from playwright.sync_api import expect

from server.api.admin_ui import CSP

from .admin_fixtures import ADMIN_DIR, admin_dist, admin_page, admin_page_in, admin_server  # noqa: F401

AXE = ADMIN_DIR / "node_modules" / "axe-core" / "axe.min.js"


def button(page, name):
    return page.get_by_role("button", name=name, exact=True)


def test_each_role_sees_only_what_it_may_do(admin_page, admin_server):
    app = admin_server.new_app("Roles")
    page = admin_page
    page.expect_http_errors(403)

    page.login("owner")
    page.open("/apps")  # with a single app, logging in opens its tours instead
    expect(page.get_by_role("heading", name="New app")).to_be_visible()
    expect(page.get_by_role("link", name="Team")).to_be_visible()
    page.open(f"/apps/{app['id']}/settings")
    expect(button(page, "Save settings")).to_be_visible()
    expect(button(page, "Rotate secret")).to_be_visible()
    expect(page.get_by_role("region", name="Snippet code")).to_contain_text(app["key"])
    page.open(f"/apps/{app['id']}/tours")
    expect(page.get_by_role("link", name="New tour")).to_be_visible()
    button(page, "Log out").click()

    page.login("editor")
    page.open("/apps")
    expect(page.get_by_role("heading", name="Apps", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="New app")).to_have_count(0)
    expect(page.get_by_role("link", name="Team")).to_have_count(0)
    page.open(f"/apps/{app['id']}/tours")
    expect(page.get_by_role("link", name="New tour")).to_be_visible()
    page.open(f"/apps/{app['id']}/kb")
    expect(page.get_by_role("link", name="New article")).to_be_visible()
    page.open(f"/apps/{app['id']}/settings")
    expect(page.get_by_label("Name")).to_have_attribute("readonly", "")
    expect(button(page, "Save settings")).to_have_count(0)
    expect(button(page, "Rotate secret")).to_have_count(0)
    page.open("/team")
    expect(page.get_by_role("alert")).to_contain_text("The editor role cannot do this.")
    button(page, "Log out").click()

    page.login("viewer")
    page.open(f"/apps/{app['id']}/tours")
    expect(page.get_by_role("heading", name="Tours")).to_be_visible()
    expect(page.get_by_role("link", name="New tour")).to_have_count(0)
    page.open(f"/apps/{app['id']}/kb")
    expect(page.get_by_role("heading", name="Knowledge base")).to_be_visible()
    expect(page.get_by_role("link", name="New article")).to_have_count(0)
    expect(button(page, "Save category")).to_have_count(0)


def test_editor_authors_and_publishes_a_tour_that_bootstrap_then_serves(admin_page, admin_server):
    app = admin_server.new_app("Authoring")
    page = admin_page
    page.login("editor")
    page.open(f"/apps/{app['id']}/tours")
    page.get_by_role("link", name="New tour").click()

    page.get_by_label("Tour id").fill("first-steps")
    page.get_by_role("textbox", name="Name", exact=True).fill("First steps")
    page.get_by_label("Path glob", exact=True).fill("/app/*")
    tester = page.get_by_label("Does this URL match?")
    tester.fill("https://host.example/app/projects?tab=2")
    expect(page.get_by_role("status").filter(has_text="/app/projects matches.")).to_be_visible()
    tester.fill("/settings")
    expect(page.get_by_role("status").filter(has_text="/settings does not match.")).to_be_visible()

    page.get_by_role("textbox", name="Title", exact=True).fill("Welcome aboard")
    page.get_by_label("Body (Markdown)").fill("Let us show you **around**.")
    button(page, "Add a step").click()
    page.get_by_label("Step id").nth(1).fill("create")
    page.get_by_role("textbox", name="Title", exact=True).nth(1).fill("Create a project")
    page.get_by_label("Target (CSS selector)").nth(1).fill("#new-project")
    page.get_by_label("Go on with").nth(1).select_option("click")
    button(page, "Save draft").click()
    expect(page.get_by_role("heading", name="First steps")).to_be_visible()
    expect(page.page).to_have_url(re.compile("/tours/first-steps$"))
    button(page, "Save and publish").click()
    expect(page.get_by_text("Published v1")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"v1\s*live"))).to_be_visible()

    status, body = admin_server.call("GET", "/api/v1/sdk/bootstrap?url=/app/home&user_id=u-author",
                                     headers={"X-Waypost-Key": app["key"]})
    assert status == 200
    (tour,) = body["tours"]
    assert tour["id"] == "first-steps" and tour["version"] == 1 and tour["name"] == "First steps"
    assert [(s["id"], s["target"], s["advance_on"]) for s in tour["steps"]] == [
        ("step-1", None, "next"), ("create", "#new-project", "click")]
    assert "<strong>around</strong>" in tour["steps"][0]["body_html"]

    page.open(f"/apps/{app['id']}/tours")
    expect(page.get_by_role("row", name=re.compile("First steps.*Published \\(v1\\)"))).to_be_visible()


def test_funnel_from_posted_events_shows_the_right_percentages(admin_page, admin_server):
    app = admin_server.new_app("Funnel")
    spec = {"id": "onboarding", "name": "Onboarding", "steps": [
        {"id": "hello", "title": "Hello"}, {"id": "create", "title": "Create", "target": "#new"}]}
    admin_server.call("POST", f"/api/v1/apps/{app['id']}/tours", spec, headers=_auth(admin_server, "editor"))

    def tour_event(kind, step=None):
        return kind, {"tour_id": "onboarding", "tour_version": 1, "step_id": step}

    send = admin_server.send_events
    send(app["key"], "f1", tour_event("tour_started"), tour_event("step_viewed", "hello"),
         tour_event("step_viewed", "create"), tour_event("tour_completed"))
    send(app["key"], "f2", tour_event("tour_started"), tour_event("step_viewed", "hello"),
         tour_event("step_viewed", "create"), tour_event("step_target_missing", "create"))
    send(app["key"], "f3", tour_event("tour_started"), tour_event("step_viewed", "hello"),
         tour_event("tour_dismissed"))

    page = admin_page
    page.login("viewer")
    page.open(f"/apps/{app['id']}/analytics")
    funnel = page.locator('table[data-funnel="onboarding"]')
    expect(funnel.get_by_role("caption")).to_contain_text("Funnel of Onboarding")

    def row(stage):
        return funnel.locator(f'tr[data-stage="{stage}"]')

    expect(row("started")).to_contain_text("Started3100.0%")
    expect(row("step-hello")).to_contain_text("Step 1: Hello3100.0%")
    expect(row("step-hello")).to_contain_text("1 (33.3%)")
    expect(row("step-create")).to_contain_text("Step 2: Create266.7%")
    expect(row("step-create").locator("td").last).to_have_text("1")
    expect(row("completed")).to_contain_text("Completed133.3%")
    expect(page.get_by_text("Dismissed by 1 (33.3% of started)")).to_be_visible()
    expect(row("step-create").locator("rect.bar-fill")).to_have_attribute("width", "66.7%")
    expect(page.get_by_role("row", name=re.compile(r"Onboarding\s*3\s*1\s*33\.3%\s*33\.3%"))).to_be_visible()


def test_viewer_reads_a_users_timeline_but_cannot_write(admin_page, admin_server):
    app = admin_server.new_app("Timeline")
    user = "team/alice"
    admin_server.send_events(app["key"], user, ("tour_started", {"tour_id": "welcome"}),
                             ("step_viewed", {"tour_id": "welcome", "step_id": "hello"}))
    status, request = admin_server.call("POST", "/api/v1/sdk/support-requests",
                                        {"user_id": user, "message": "The export button does nothing"},
                                        {"X-Waypost-Key": app["key"]})
    assert status == 201

    page = admin_page
    page.expect_http_errors(403)
    page.login("viewer")
    page.open(f"/apps/{app['id']}/users")
    page.get_by_label("User id starts with").fill("team/")
    button(page, "Find").click()
    page.get_by_role("link", name=user).click()
    expect(page.get_by_role("heading", name=f"User {user}")).to_be_visible()
    timeline = page.get_by_role("list", name="Timeline, oldest first")
    expect(timeline.locator("li")).to_have_count(3)
    expect(timeline.locator("li").nth(0)).to_contain_text("Started tour welcome")
    expect(timeline.locator("li").nth(2)).to_contain_text("Asked for help (open): The export button does nothing")

    page.open(f"/apps/{app['id']}/inbox")
    expect(page.get_by_text("The export button does nothing")).to_be_visible()
    expect(page.get_by_role("button")).to_have_count(1)  # only "Log out"
    patch = page.fetch("PATCH", f"/apps/{app['id']}/support-requests/{request['id']}", {"status": "closed"})
    assert patch["status"] == 403 and patch["body"]["error"]["code"] == "forbidden"
    tour = {"id": "x", "name": "X", "steps": [{"id": "a", "title": "A"}]}
    create = page.fetch("POST", f"/apps/{app['id']}/tours", tour)
    assert create["status"] == 403


def test_api_field_errors_appear_next_to_their_fields(admin_page, admin_server):
    app = admin_server.new_app("Errors")
    page = admin_page
    page.expect_http_errors(422)
    page.login("editor")
    page.open(f"/apps/{app['id']}/tours/new")
    page.get_by_label("Tour id").fill("Not A Slug")
    page.get_by_role("textbox", name="Name", exact=True).fill("Broken")
    page.get_by_role("textbox", name="Title", exact=True).fill("Hi")
    button(page, "Add a step").click()
    page.get_by_label("Step id").nth(1).fill("step-1")
    page.get_by_role("textbox", name="Title", exact=True).nth(1).fill("Second")
    page.get_by_label("Target (CSS selector)").nth(1).fill("div[")
    button(page, "Save draft").click()

    expect(page.get_by_role("alert")).to_contain_text("Some fields are invalid.")
    tour_id = page.get_by_label("Tour id")
    expect(tour_id).to_have_attribute("aria-invalid", "true")
    expect(tour_id).to_have_accessible_description(re.compile("Must be a slug"))
    target = page.get_by_label("Target (CSS selector)").nth(1)
    expect(target).to_have_attribute("aria-invalid", "true")
    expect(target).to_have_accessible_description(re.compile("Not a valid CSS selector"))
    expect(page.locator('[data-error-for="steps.1.id"]')).to_contain_text("Duplicate step id")
    page.get_by_role("alert").get_by_role("link", name="steps › #2 › target").click()
    expect(target).to_be_focused()


def test_every_page_runs_under_the_csp_without_console_errors(admin_page, admin_server):
    app = admin_server.new_app("CSP")
    response = admin_page.page.request.get(admin_server.url + "/admin/")
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-frame-options"] == "DENY"
    page = admin_page
    page.login("owner")
    for path in ("/apps", f"/apps/{app['id']}/tours", f"/apps/{app['id']}/tours/new", f"/apps/{app['id']}/kb",
                 f"/apps/{app['id']}/kb/new", f"/apps/{app['id']}/analytics", f"/apps/{app['id']}/users",
                 f"/apps/{app['id']}/inbox", f"/apps/{app['id']}/settings", f"/apps/{app['id']}/self-service", "/team"):
        page.open(path)
        expect(page.locator("main h1")).to_be_visible()
        page.wait_for_load_state("networkidle")
        assert page.problems() == [], path
    page.open(f"/apps/{app['id']}/tours")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Analytics").click()
    expect(page.get_by_role("heading", name="Analytics")).to_be_visible()


def test_steps_reorder_with_the_keyboard_and_focus_follows(admin_page, admin_server):
    app = admin_server.new_app("Keyboard")
    page = admin_page
    page.login("editor")
    page.open(f"/apps/{app['id']}/tours/new")
    page.get_by_role("textbox", name="Title", exact=True).fill("First")
    button(page, "Add a step").focus()
    page.keyboard.press("Enter")
    page.get_by_role("textbox", name="Title", exact=True).nth(1).fill("Second")
    button(page, "Move step 2 up").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("group", name="Step 1: Second")).to_be_focused()
    expect(page.get_by_role("status").filter(has_text="is now step 1 of 2")).to_be_visible()
    expect(page.get_by_role("textbox", name="Title", exact=True).nth(1)).to_have_value("First")


def test_axe_finds_no_accessibility_violations(browser, admin_server):
    app = admin_server.new_app("Axe")
    admin_server.send_events(app["key"], "axe-user", ("tour_started", {"tour_id": "welcome"}))
    # axe is injected as an inline script, which the admin CSP (rightly) refuses: this context bypasses it
    with admin_page_in(browser, admin_server, bypass_csp=True) as page:
        page.login("owner")
        for path in ("/apps", f"/apps/{app['id']}/tours/new", f"/apps/{app['id']}/analytics",
                     f"/apps/{app['id']}/users?user=axe-user", f"/apps/{app['id']}/settings", "/team"):
            page.open(path)
            expect(page.locator("main h1")).to_be_visible()
            page.wait_for_load_state("networkidle")
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate("""async () => (await axe.run(document)).violations
                .map(v => ({id: v.id, nodes: v.nodes.map(n => n.html).slice(0, 3)}))""")
            assert violations == [], f"{path}: {violations}"


def _auth(server, role: str) -> dict:
    return server.auth(role)


def test_owners_and_editors_delete_a_tour_after_confirming_and_viewers_cannot(admin_page, admin_server):
    app = admin_server.new_app("Delete")
    base = f"/api/v1/apps/{app['id']}/tours"
    spec = {"id": "old-tour", "name": "Old tour", "steps": [{"id": "a", "title": "A"}]}
    editor = _auth(admin_server, "editor")
    assert admin_server.call("POST", base, spec, editor)[0] == 201
    assert admin_server.call("POST", f"{base}/old-tour/publish", {}, editor)[0] == 200
    page = admin_page
    page.expect_http_errors(403)

    page.login("viewer")
    page.open(f"/apps/{app['id']}/tours/old-tour")
    expect(page.get_by_role("heading", name="Old tour")).to_be_visible()
    expect(page.get_by_text("You can read this tour; your role cannot change it.")).to_be_visible()
    expect(page.get_by_role("textbox", name="Name", exact=True)).to_have_attribute("readonly", "")
    expect(page.get_by_role("button")).to_have_count(2)  # "Log out" and the body preview: nothing that writes
    expect(button(page, "Preview step 1 body")).to_be_visible()
    assert page.fetch("DELETE", f"/apps/{app['id']}/tours/old-tour")["status"] == 403
    assert page.fetch("PUT", f"/apps/{app['id']}/tours/old-tour", spec)["status"] == 403
    assert page.fetch("POST", f"/apps/{app['id']}/tours/old-tour/publish", {})["status"] == 403
    button(page, "Log out").click()

    page.login("owner")
    page.open(f"/apps/{app['id']}/tours/old-tour")
    expect(button(page, "Delete tour")).to_be_visible()
    button(page, "Log out").click()

    page.login("editor")
    page.open(f"/apps/{app['id']}/tours/old-tour")
    button(page, "Delete tour").click()
    confirm = page.get_by_role("group", name="Delete tour")
    expect(confirm).to_be_focused()  # the question is read out; a second Enter does not delete
    expect(confirm).to_have_accessible_description(re.compile("Delete the tour old-tour and all its versions"))
    page.keyboard.press("Escape")
    expect(button(page, "Delete tour")).to_be_focused()
    assert admin_server.call("GET", f"{base}/old-tour", headers=editor)[0] == 200

    button(page, "Delete tour").click()
    button(page, "Delete it").click()
    expect(page.page).to_have_url(re.compile(f"/apps/{app['id']}/tours\\?deleted=old-tour$"))
    expect(page.get_by_role("status").filter(has_text="Tour old-tour deleted.")).to_be_visible()
    expect(page.get_by_text("No tours yet.")).to_be_visible()
    assert admin_server.call("GET", f"{base}/old-tour", headers=editor)[0] == 404
    status, body = admin_server.call("GET", "/api/v1/sdk/bootstrap?url=/&user_id=u-delete",
                                     headers={"X-Waypost-Key": app["key"]})
    assert status == 200 and body["tours"] == []


def test_owner_sets_the_hosts_articles_may_embed_with_errors_beside_the_field(admin_page, admin_server):
    app = admin_server.new_app("Iframes")
    page = admin_page
    page.expect_http_errors(422)
    page.login("owner")
    page.open(f"/apps/{app['id']}/settings")
    hosts = page.get_by_label("Hosts allowed in article iframes")
    expect(hosts).to_have_value("")
    hosts.fill("www.youtube-nocookie.com\nhttps://player.vimeo.com/video\n")
    button(page, "Save settings").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(hosts).to_have_attribute("aria-invalid", "true")
    expect(hosts).to_have_accessible_description(re.compile(r"Item 2: .*pattern"))
    expect(page.locator('[data-error-for="iframe_hosts"]')).to_be_visible()

    hosts.fill("www.youtube-nocookie.com\n  player.vimeo.com  \n\n")
    button(page, "Save settings").click()
    expect(page.get_by_role("status").filter(has_text="Settings saved.")).to_be_visible()
    expect(hosts).not_to_have_attribute("aria-invalid", "true")
    page.reload()
    saved = ["www.youtube-nocookie.com", "player.vimeo.com"]
    expect(page.get_by_label("Hosts allowed in article iframes")).to_have_value("\n".join(saved))
    assert page.fetch("GET", f"/apps/{app['id']}")["body"]["iframe_hosts"] == saved

    # Articles now keep iframes from those hosts, and only from those.
    body = '<iframe src="https://player.vimeo.com/video/1"></iframe><iframe src="https://evil.example/x"></iframe>'
    preview = page.fetch("POST", f"/apps/{app['id']}/preview/markdown", {"markdown": body, "kind": "article"})
    assert 'src="https://player.vimeo.com/video/1"' in preview["body"]["html"]
    assert "evil.example" not in preview["body"]["html"]

    button(page, "Log out").click()
    page.login("editor")
    page.open(f"/apps/{app['id']}/settings")
    expect(page.get_by_label("Hosts allowed in article iframes")).to_have_attribute("readonly", "")
