"""Every experience type at once on a host page under a strict Content-Security-Policy (scripts from the Waypost
server only, no inline styles): each shows, from its own chunk, and the page reports no violation."""
import uuid

from playwright.sync_api import expect

from .conftest import page_url


def test_banner_survey_checklist_and_hotspots_under_a_strict_csp(page, waypost, host, user_id):
    name = f"exp-{uuid.uuid4().hex[:6]}"
    match = {"url": f"/t/csp/{name}"}
    waypost.experience({"id": f"b-{name}", "type": "banner", "name": "Notice", "match": match, "text": "**Hello**"})
    # first among what starts by itself here (tours of other tests of this session may match every page)
    waypost.experience({"id": f"s-{name}", "type": "survey", "name": "NPS", "match": match, "priority": 1000,
                        "question": {"kind": "nps", "text": "Recommend us?"}})
    waypost.experience({"id": f"c-{name}", "type": "checklist", "name": "Set up", "match": match,
                        "tasks": [{"id": "a", "title": "Do a thing"}]})
    waypost.experience({"id": f"h-{name}", "type": "hotspot", "name": "Tips", "match": match,
                        "hotspots": [{"id": "b", "target": "#host-button", "title": "A button"}]})
    page.goto(page_url(host, "csp", name, user=user_id))
    expect(page.locator(f'waypost-banners [data-waypost-banner="b-{name}"]')).to_be_visible()
    expect(page.locator(f'waypost-survey [data-waypost-survey="s-{name}"]')).to_be_visible()
    expect(page.locator('waypost-checklist [data-waypost-action="checklist-open"]')).to_be_visible()
    expect(page.get_by_role("button", name="A button")).to_be_visible()
    page.get_by_role("button", name="A button").click()
    expect(page.get_by_role("dialog", name="A button")).to_be_visible()
    # styled through adopted stylesheets: a banner has its accent background, a beacon its round shape
    assert page.evaluate("""getComputedStyle(document.querySelector('waypost-banners').shadowRoot
        .querySelector('section')).backgroundColor""") == "rgb(11, 87, 208)"
    assert page.evaluate("window.__violations") == []
