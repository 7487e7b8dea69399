"""Targets where querySelector does not reach, in Chromium: inside a web component's open shadow root and inside a
same-origin iframe (`host >>> inner`), and inside a modal <dialog> in the top layer: each step is found, pointed at (beside its
target), highlighted around it, and usable, also a step without a target while the dialog is open."""
import pytest

from .conftest import page_url

SHADOW = "#card >>> #shadow-save"
FRAME = "#frame >>> #frame-pay"


@pytest.fixture(scope="module", autouse=True)
def tours(waypost):
    waypost.tour("hidden-shadow", [{"id": "in-shadow", "target": SHADOW, "placement": "bottom", "title": "Shadow",
                                    "body": "Inside a web component."}], {"url": "/t/hidden/shadow"})
    waypost.tour("hidden-frame", [{"id": "in-frame", "target": FRAME, "placement": "bottom", "title": "Frame",
                                   "body": "Inside an iframe."}], {"url": "/t/hidden/frame"})
    waypost.tour("hidden-dialog", [
        {"id": "in-dialog", "target": "#dlg #dialog-ok", "placement": "bottom", "title": "Dialog", "body": "Top layer."},
        {"id": "after", "title": "After", "body": "Still usable."}], {"url": "/t/hidden/dialog"},
        trigger={"on": "element", "selector": "#dlg #dialog-ok"})


def target_box(page, selector: str) -> dict:
    """The target's box in the page's viewport, found as the snippet finds it (through >>>)."""
    return page.evaluate("""sel => {
        let scope = document, el = null;
        for (const part of sel.split('>>>')) { el = scope.querySelector(part); scope = el.shadowRoot || el.contentDocument; }
        const r = el.getBoundingClientRect();
        let x = r.left, y = r.top;
        for (let f = el.ownerDocument.defaultView.frameElement; f; f = f.ownerDocument.defaultView.frameElement) {
            const fr = f.getBoundingClientRect(); x += fr.left + f.clientLeft; y += fr.top + f.clientTop; }
        return {x, y, width: r.width, height: r.height};
    }""", selector)


def placed(page, step, selector: str) -> tuple[bool, tuple]:
    box, target = step.bounding_box(), target_box(page, selector)
    cutout = page.evaluate("document.querySelector('waypost-root').shadowRoot.querySelector('svg.o path')"
                           ".getAttribute('d')")
    hole = [float(n) for n in cutout.split("M")[2].split("h")[0].split()]
    # the step sits beside its target (on whichever side Floating UI found room), not over it; the cutout is around it
    gap_x = max(target["x"] - (box["x"] + box["width"]), box["x"] - (target["x"] + target["width"]))
    gap_y = max(target["y"] - (box["y"] + box["height"]), box["y"] - (target["y"] + target["height"]))
    ok = (0 <= max(gap_x, gap_y) <= 24
          and abs(hole[0] - (target["x"] - 6)) < 1 and abs(hole[1] - (target["y"] - 6)) < 1)
    return ok, (box, target, cutout)


def assert_pointed_at(page, step_id: str, selector: str):
    step = page.step(step_id)
    step.wait_for()
    assert step.locator('[role="status"]').count() == 0  # found, not the missing-target note
    for _ in range(30):  # the page may still be scrolling the target into view
        ok, seen = placed(page, step, selector)
        if ok:
            return
        page.wait_for_timeout(100)
    raise AssertionError(seen)


@pytest.mark.parametrize("scenario, step_id, selector", [("shadow", "in-shadow", SHADOW), ("frame", "in-frame", FRAME)])
def test_a_target_in_a_shadow_root_or_an_iframe(page, host, user_id, scenario, step_id, selector):
    page.open(page_url(host, "hidden", scenario, user=user_id, hidden=1))
    assert_pointed_at(page, step_id, selector)
    page.action("done").click()
    page.step().wait_for(state="detached")


def test_a_target_in_a_modal_dialog(page, host, user_id):
    page.open(page_url(host, "hidden", "dialog", user=user_id, hidden=1))
    assert page.step().count() == 0
    page.click("#open-dialog")
    assert_pointed_at(page, "in-dialog", "#dlg #dialog-ok")
    assert page.evaluate("!!document.querySelector('#dlg waypost-root')")  # in the top layer with its target
    page.action("next").click()  # not inert, although the dialog makes the rest of the page so
    page.step("after").wait_for()
    page.action("done").click()
    page.step().wait_for(state="detached")
    assert page.evaluate("!document.querySelector('#dlg waypost-root')")
