"""A tour for screen-reader and keyboard users in Chromium: behind a modal step the host page is inert (Tab stays
in the dialog, the host's button cannot take focus), a tooltip step leaves the page usable, and each step is said in
one live region; in Arabic at 375 px, axe-clean."""
import pytest

from .conftest import dump, page_url
from .test_accessibility import axe_violations

STEPS = [{"id": "intro", "title": "Welcome", "body": "A modal step."},
         {"id": "point", "target": "#host-button", "placement": "bottom", "title": "The button", "body": "Here."},
         {"id": "outro", "title": "All done", "body": "The end."}]


@pytest.fixture(scope="module", autouse=True)
def tours(waypost):
    waypost.tour("readers", STEPS, {"url": "/t/readers/*"},
                 translations={"ar": {"steps": {"intro": {"title": "مرحبا"}, "point": {"title": "الزر"},
                                                "outro": {"title": "انتهينا"}}}})


def focused(page) -> str:
    return page.evaluate("""() => { const a = document.activeElement;
        return a.tagName === 'WAYPOST-ROOT' ? 'ours:' + (a.shadowRoot.activeElement?.dataset.waypostAction || 'dialog')
                                           : a.id || a.tagName; }""")


def test_inert_page_behind_a_modal_step_and_a_live_region(page, host, user_id):
    page.set_viewport_size({"width": 375, "height": 700})
    page.open(page_url(host, "readers", "index", user=user_id, locale="ar"))
    page.step("intro").wait_for()
    assert page.evaluate("document.querySelector('main').inert") is True
    for _ in range(8):  # Tab goes round the dialog's buttons, never into the page
        page.keyboard.press("Tab")
        assert focused(page).startswith("ours:"), focused(page)
    page.evaluate("document.getElementById('host-button').focus()")
    assert focused(page).startswith("ours:")  # an inert button takes no focus
    live = page.locator("waypost-root [role=status].v")
    assert live.inner_text() == "1 من 3: مرحبا"
    result = axe_violations(page)
    assert result["violations"] == [], dump(result["violations"])

    page.action("next").click()
    page.step("point").wait_for()
    assert page.evaluate("document.querySelector('main').inert") is False  # the target stays usable
    assert live.inner_text() == "2 من 3: الزر"
    page.action("next").click()
    page.step("outro").wait_for()
    assert page.evaluate("document.querySelector('main').inert") is True
    page.action("done").click()
    page.step().wait_for(state="detached")
    assert page.evaluate("[...document.body.children].some(el => el.inert)") is False
