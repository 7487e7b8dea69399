"""Microsurveys in a real browser: asked on the host page in Arabic at 375 px and answered by keyboard, asked at the
end of a tour, authored in the admin UI, and their results (NPS, spread, what people wrote) read there; axe-clean."""
import uuid

from playwright.sync_api import expect

from .admin_fixtures import admin_dist, admin_page_in, admin_server  # noqa: F401
from .conftest import dump, page_url
from .test_admin import AXE

SURVEY_AXE = """async () => {
    const r = await axe.run({include: [{fromShadowDom: ['waypost-survey', 'section']}]}, {resultTypes: ['violations']});
    return r.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.html).slice(0, 3)}));
}"""


def nps_spec(scenario: str, **extra) -> dict:
    return {"id": f"s-{scenario}", "type": "survey", "name": "NPS", "match": {"url": f"/t/{scenario}/*"},
            "question": {"kind": "nps", "text": "How likely are you to recommend us?", "low_label": "Not likely",
                         "high_label": "Very likely", "follow_up": "Why?"},
            "translations": {"ar": {"name": "استطلاع", "question": "ما مدى احتمال أن توصي بنا؟",
                                    "low_label": "غير محتمل", "high_label": "محتمل جدًا", "follow_up": "لماذا؟"}},
            **extra}


def test_an_nps_survey_in_arabic_is_answered_by_keyboard_and_not_asked_again(browser, page, waypost, host, user_id):
    scenario = f"survey{uuid.uuid4().hex[:6]}"
    waypost.experience(nps_spec(scenario))
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(page_url(host, scenario, user=user_id, locale="ar"))
    card = page.locator(f'waypost-survey [data-waypost-survey="s-{scenario}"]')
    expect(card).to_be_visible()
    expect(card).to_have_attribute("dir", "rtl")
    expect(card.get_by_role("group", name="ما مدى احتمال أن توصي بنا؟")).to_be_visible()
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    assert box["x"] + box["width"] == 375 - 16, box  # the host page's inline end (its direction, not the survey's)
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(SURVEY_AXE) == []

    card.locator('[data-waypost-answer="9"]').focus()
    page.keyboard.press("Enter")
    follow_up = card.get_by_role("textbox", name="لماذا؟")
    expect(follow_up).to_be_focused()
    page.keyboard.type("سريع وبسيط")
    card.locator('[data-waypost-action="survey-send"]').click()
    expect(card.get_by_role("status")).to_have_text("شكرًا على ملاحظاتك!")
    assert page.evaluate(SURVEY_AXE) == []
    events = waypost.wait_for_events(page, user_id, [("experience_shown", None), ("survey_answered", None)])
    answered = [e for e in events if e["type"] == "survey_answered"]
    assert answered[0]["data"] == {"question": "nps", "score": 9, "text": "سريع وبسيط", "version": 1,
                                   "locale": "ar"}, dump(events)

    other = browser.new_context()
    try:
        second = other.new_page()
        with second.expect_response(lambda r: "/bootstrap" in r.url) as answer:
            second.goto(page_url(host, scenario, user=user_id))
        assert answer.value.json()["experiences"] == []
    finally:
        other.close()


def test_a_survey_waits_for_the_end_of_its_tour(page, waypost, host, user_id):
    scenario = f"survey{uuid.uuid4().hex[:6]}"
    waypost.tour(f"t-{scenario}", [{"id": "only", "title": "One step", "body": "That is all."}],
                 {"url": f"/t/{scenario}/*"})
    waypost.experience(nps_spec(scenario, question={"kind": "csat", "text": "Was the tour useful?"},
                                translations={}, trigger={"on": "event", "event": "tour_completed",
                                                          "tour": f"t-{scenario}"}))
    page.goto(page_url(host, scenario, user=user_id))
    page.step("only").wait_for()
    assert page.locator("waypost-survey").count() == 0
    page.action("done").click()
    card = page.locator(f'waypost-survey [data-waypost-survey="s-{scenario}"]')
    expect(card).to_be_visible()
    card.locator('[data-waypost-answer="5"]').click()
    expect(card.get_by_role("status")).to_have_text("Thank you for your feedback!")


def test_a_survey_authored_in_the_admin_ui_and_its_results(browser, admin_server):
    app = admin_server.new_app("Surveys")
    with admin_page_in(browser, admin_server, bypass_csp=True) as page:
        page.set_viewport_size({"width": 375, "height": 800})
        page.login("editor")
        page.open(f"/apps/{app['id']}/surveys")
        page.get_by_role("link", name="New survey").click()
        page.get_by_label("Survey id").fill("nps")
        page.get_by_label("Name").fill("NPS")
        page.locator("#field-question-text").fill("How likely are you to recommend us?")
        page.get_by_label("Low end label").fill("Not likely")
        page.get_by_label("Follow-up question").fill("Why?")
        page.get_by_label("Ask", exact=True).select_option("event")
        page.get_by_label("Event", exact=True).fill("not an event")
        page.expect_http_errors(422)
        page.get_by_role("button", name="Save draft").click()
        expect(page.locator('[data-error-for="trigger.event"]')).to_contain_text("known event type")
        page.get_by_label("Ask", exact=True).select_option("page")
        page.get_by_role("button", name="Add a translation").click()
        page.get_by_label("Translation 1: locale").fill("ar")
        page.get_by_label("Translation 1: question").fill("ما مدى احتمال أن توصي بنا؟")
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_role("heading", name="NPS")).to_be_visible()
        page.get_by_role("button", name="Save and publish").click()
        expect(page.get_by_text("Published as version 1.")).to_be_visible()
        page.add_script_tag(path=str(AXE))
        assert page.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)") == []

        # 3 promoters, 1 passive, 1 detractor: NPS (3 − 1) / 5 = +40
        for user, score, locale, text in (("a", 10, "ar", "ممتاز"), ("b", 9, "en", None), ("c", 9, "en", None),
                                          ("d", 7, "en", None), ("e", 3, "ar", "بطيء")):
            data = {"question": "nps", "score": score, "version": 1, "locale": locale, **({"text": text} if text else {})}
            admin_server.send_events(app["key"], user, ("survey_answered", {"tour_id": "nps", "tour_version": 1,
                                                                            "data": data}))
        page.open(f"/apps/{app['id']}/surveys")
        expect(page.locator("main tbody tr")).to_contain_text("NPS +40")
        page.get_by_role("link", name="NPS +40").click()
        expect(page.locator("[data-score]")).to_have_text("NPS +40")
        expect(page.get_by_text("3 promoters (9–10), 1 passives (7–8), 1 detractors (0–6)")).to_be_visible()
        texts = page.get_by_role("table", name="What people wrote")
        expect(texts.locator("tbody tr")).to_have_count(2)
        expect(texts).to_contain_text("بطيء")
        page.get_by_label("Language").select_option("ar")
        page.get_by_role("button", name="Show").click()
        expect(page.locator("[data-score]")).to_have_text("NPS 0")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.add_script_tag(path=str(AXE))
        assert page.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)") == []
