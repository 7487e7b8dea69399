"""Checklists in a real browser: opened from their launcher in Arabic at 375 px, tasks done through a tour, by hand
(by keyboard) and by the host's event, the progress kept on another device; authored in the admin UI with its
results; axe-clean."""
import uuid

from playwright.sync_api import expect

from .admin_fixtures import admin_dist, admin_page_in, admin_server  # noqa: F401
from .conftest import dump, page_url
from .test_admin import AXE

CHECKLIST_AXE = """async () => {
    const r = await axe.run({include: [{fromShadowDom: ['waypost-checklist', 'section, button']}]},
                            {resultTypes: ['violations']});
    return r.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.html).slice(0, 3)}));
}"""


def test_a_checklist_in_arabic_done_three_ways_and_kept_on_another_device(browser, page, waypost, host, user_id):
    scenario = f"check{uuid.uuid4().hex[:6]}"
    waypost.tour(f"t-{scenario}", [{"id": "only", "title": "One step", "body": "That is all."}],
                 {"url": f"/t/{scenario}/*"}, auto=False)
    waypost.experience({
        "id": f"c-{scenario}", "type": "checklist", "name": "Get set up", "match": {"url": f"/t/{scenario}/*"},
        "tasks": [{"id": "tour", "title": "Take the tour", "action": {"tour": f"t-{scenario}"}},
                  {"id": "profile", "title": "Fill in your profile", "description": "Your **name** and photo."},
                  {"id": "invite", "title": "Invite a teammate", "done_on": {"event": "custom:invited"}}],
        "translations": {"ar": {"name": "ابدأ الإعداد", "tasks": {
            "tour": {"title": "خذ الجولة"}, "profile": {"title": "أكمل ملفك الشخصي"},
            "invite": {"title": "ادعُ زميلًا"}}}}})
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(page_url(host, scenario, user=user_id, locale="ar"))
    launcher = page.locator('waypost-checklist [data-waypost-action="checklist-open"]')
    expect(launcher).to_have_text("ابدأ الإعداد · 0 من 3")
    launcher.click()
    panel = page.locator(f'waypost-checklist [data-waypost-checklist="c-{scenario}"]')
    expect(panel).to_be_visible()
    expect(panel).to_have_attribute("dir", "rtl")
    box = panel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(CHECKLIST_AXE) == []

    panel.locator('[data-waypost-task="tour"]').get_by_role("button", name="خذ الجولة").click()
    page.step("only").wait_for()
    page.action("done").click()
    expect(panel.locator('[data-waypost-task="tour"]')).to_have_class("d")
    done_by_hand = panel.locator('[data-waypost-task="profile"] [data-waypost-action="task-done"]')
    done_by_hand.focus()
    page.keyboard.press("Enter")
    expect(panel.get_by_role("status")).to_have_text("تم: أكمل ملفك الشخصي")
    expect(launcher).to_have_text("ابدأ الإعداد · 2 من 3")
    waypost.wait_for_events(page, user_id, [("tour_completed", None), ("checklist_task_completed", "profile")])

    other = browser.new_context(viewport={"width": 375, "height": 700})
    try:
        second = other.new_page()
        second.goto(page_url(host, scenario, user=user_id))
        expect(second.locator('waypost-checklist [data-waypost-action="checklist-open"]')).to_have_text(
            "Get set up · 2 of 3")
    finally:
        other.close()

    page.evaluate("Waypost('track', 'custom:invited')")
    expect(launcher).to_have_text("ابدأ الإعداد · 3 من 3")
    events = waypost.wait_for_events(page, user_id, [("custom:invited", None)])
    assert "custom:invited" in [e["type"] for e in events], dump(events)


def test_a_checklist_authored_in_the_admin_ui_and_its_results(browser, admin_server):
    app = admin_server.new_app("Checklists")
    with admin_page_in(browser, admin_server, bypass_csp=True) as page:
        page.set_viewport_size({"width": 375, "height": 800})
        page.login("editor")
        page.open(f"/apps/{app['id']}/checklists")
        page.get_by_role("link", name="New checklist").click()
        page.get_by_label("Checklist id").fill("setup")
        page.get_by_label("Title", exact=False).first.fill("Get set up")
        page.get_by_label("Task 1 id").fill("invite")
        page.get_by_label("Task 1 title").fill("Invite a teammate")
        page.get_by_label("Task 1 is done").select_option("event")
        page.get_by_label("Task 1 event").fill("tour_completed")
        page.expect_http_errors(422)
        page.get_by_role("button", name="Save draft").click()
        expect(page.locator('[data-error-for="tasks.0.done_on.event"]')).to_contain_text("custom:NAME")
        page.get_by_label("Task 1 event").fill("custom:invited")
        page.get_by_role("button", name="Add a task").click()
        page.get_by_label("Task 2 id").fill("profile")
        page.get_by_label("Task 2 title").fill("Fill in your profile")
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_role("heading", name="Get set up")).to_be_visible()
        page.get_by_role("button", name="Save and publish").click()
        expect(page.get_by_text("Published as version 1.")).to_be_visible()
        page.add_script_tag(path=str(AXE))
        assert page.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)") == []

        for user, events in (("a", [("custom:invited", {}), ("checklist_task_completed",
                                                               {"tour_id": "setup", "step_id": "profile"})]),
                             ("b", [("custom:invited", {})]), ("c", [("experience_shown", {"tour_id": "setup"})])):
            admin_server.send_events(app["key"], user, *events)
        page.get_by_role("link", name="Results").click()
        expect(page.locator("[data-completion]")).to_have_text("33.3%")
        rows = page.get_by_role("table", name="Per task").locator("tbody tr")
        expect(rows).to_have_text(["Invite a teammate266.7%", "Fill in your profile133.3%"])
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.add_script_tag(path=str(AXE))
        assert page.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)") == []
