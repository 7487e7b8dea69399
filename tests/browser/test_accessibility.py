"""Accessibility of the step dialog: axe-core finds nothing; focus, keyboard, motion, RTL."""
from pathlib import Path

import pytest

from .conftest import dump, page_url

AXE = Path(__file__).resolve().parents[2] / "sdk_js" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module", autouse=True)
def tours(waypost):
    steps = [
        {"id": "a11y-modal", "title": "Accessible", "body": "A [link](https://example.com) and *text*."},
        {"id": "a11y-tooltip", "target": "#host-button", "placement": "right", "title": "Tooltip",
         "body": "Anchored."},
    ]
    waypost.tour("a11y", steps, {"url": "/t/a11y/*"})
    waypost.tour("focus", steps, {"url": "/nowhere/*"}, auto=False)
    waypost.tour("rtl", [
        {"id": "rtl-modal", "title": "Hello", "body": "Hello."},
        {"id": "rtl-tooltip", "target": "#target-a", "placement": "right", "title": "Paragraph", "body": "Here."},
    ], {"url": "/t/rtl/*"}, translations={"ar": {"name": "جولة", "steps": {
        "rtl-modal": {"title": "مرحبا", "body": "أهلا بك."},
        "rtl-tooltip": {"title": "الزر", "body": "هنا."}}}})


def axe_violations(page):
    if not AXE.exists():
        pytest.fail("axe-core missing: run `npm ci` in sdk_js")
    # colours are judged once the fade-in is over (mid-animation, opacity blends them)
    page.wait_for_function("""() => document.querySelector('waypost-root').shadowRoot
        .getAnimations().every(a => a.playState === 'finished')""")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run({include: [{fromShadowDom: ['waypost-root', '[role="dialog"]']}]},
                                {resultTypes: ['violations', 'passes']});
        return {violations: r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.html)})),
                passes: r.passes.map(p => p.id)};
    }""")
    return result


@pytest.mark.parametrize("emulate", ["light", "dark"])
def test_axe_finds_no_violations_in_modal_and_tooltip_steps(page, host, user_id, emulate):
    page.emulate_media(color_scheme=emulate)
    page.goto(page_url(host, "a11y", user=user_id))
    page.step("a11y-modal").wait_for()
    result = axe_violations(page)
    assert result["violations"] == [], dump(result["violations"])
    # axe really looked at the dialog: these rules ran and passed on it
    assert {"color-contrast", "aria-dialog-name", "button-name"} <= set(result["passes"]), result["passes"]
    page.action("next").click()
    page.step("a11y-tooltip").wait_for()
    result = axe_violations(page)
    assert result["violations"] == [], dump(result["violations"])


def active_in_step(page):
    """The element focused inside our shadow root, described as the hook it carries."""
    return page.evaluate("""() => {
        const host = document.activeElement;
        if (!host || host.tagName !== 'WAYPOST-ROOT') return 'outside:' + (host && (host.id || host.tagName));
        const el = host.shadowRoot.activeElement;
        return el.getAttribute('data-waypost-action') || el.getAttribute('data-waypost-step') || el.tagName;
    }""")


def test_focus_moves_in_is_trapped_in_a_modal_and_returns(page, host, user_id):
    page.open(page_url(host, "focus", user=user_id))
    page.locator("#host-button").focus()
    page.evaluate("void Waypost('start', 'focus')")  # its promise waits for the tour's end
    page.step("a11y-modal").wait_for()
    assert active_in_step(page) == "a11y-modal"
    seen = set()
    for _ in range(8):
        page.keyboard.press("Tab")
        seen.add(active_in_step(page))
    assert not any(s.startswith("outside") for s in seen), seen
    assert {"next", "close", "opt-out"} <= seen
    for _ in range(8):
        page.keyboard.press("Shift+Tab")
        assert not active_in_step(page).startswith("outside")
    # a visible focus indicator on the focused button
    page.keyboard.press("Tab")
    outline = page.evaluate("""() => { const el = document.querySelector('waypost-root').shadowRoot.activeElement;
                                       const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth]; }""")
    assert outline == ["solid", "2px"]
    page.keyboard.press("Escape")
    page.step().wait_for(state="detached")
    assert page.evaluate("document.activeElement.id") == "host-button"


def test_arrow_keys_move_between_steps(page, host, user_id):
    page.open(page_url(host, "focus", user=user_id))
    page.evaluate("void Waypost('start', 'focus')")  # its promise waits for the tour's end
    page.step("a11y-modal").wait_for()
    page.keyboard.press("ArrowRight")
    page.step("a11y-tooltip").wait_for()
    page.keyboard.press("ArrowLeft")
    page.step("a11y-modal").wait_for()


def test_reduced_motion_turns_the_animation_off(page, host, user_id):
    page.emulate_media(reduced_motion="reduce")
    page.goto(page_url(host, "a11y", user=user_id))
    page.step("a11y-modal").wait_for()
    assert page.step("a11y-modal").evaluate("el => getComputedStyle(el).animationName") == "none"


def test_animation_plays_without_reduced_motion(page, host, user_id):
    page.emulate_media(reduced_motion="no-preference")
    page.goto(page_url(host, "a11y", user=user_id))
    page.step("a11y-modal").wait_for()
    assert page.step("a11y-modal").evaluate("el => getComputedStyle(el).animationName") != "none"


def test_rtl_locale_sets_dir_translates_and_mirrors_placement(page, host, user_id):
    page.goto(page_url(host, "rtl", user=user_id, locale="ar"))
    modal = page.step("rtl-modal")
    modal.wait_for()
    assert modal.get_attribute("dir") == "rtl"
    assert modal.get_attribute("lang") == "ar"
    assert "مرحبا" in modal.inner_text()
    assert page.action("next").inner_text() == "التالي"  # the server's Arabic UI strings
    assert "1 من 2" in modal.inner_text()
    page.keyboard.press("ArrowLeft")  # in RTL, left is forward
    tooltip = page.step("rtl-tooltip")
    tooltip.wait_for()
    target = page.locator("#target-a").bounding_box()
    box = tooltip.bounding_box()
    assert target["x"] > box["width"] + 20  # there is room on both sides of the target
    assert box["x"] + box["width"] <= target["x"]  # placement "right" is mirrored to the left in RTL
