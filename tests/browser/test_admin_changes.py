"""What changed between tour versions: the admin UI's diff (admin/src/tours/changes.ts) on its own,
run by Node on specs as the server stores them, then the versions list and the draft comparison
in a real browser against the real backend."""
import json
import re
import subprocess

from playwright.sync_api import expect

from server.schemas.tour_spec import TourSpecSchema

from .admin_fixtures import admin_dist, admin_page, admin_page_in, admin_server  # noqa: F401  (fixtures)
from .test_admin import AXE, _auth, button

# Bundles changes.ts and draft.ts with esbuild and runs diffTours on each [before, after] pair.
RUN_DIFF = """
import { build } from 'esbuild';
const contents = "export * from './src/tours/changes'; export { draftOf, specOf } from './src/tours/draft';";
const out = await build({ stdin: { contents, resolveDir: process.cwd(), loader: 'ts' },
  bundle: true, write: false, format: 'esm' });
const m = await import('data:text/javascript,' + encodeURIComponent(out.outputFiles[0].text));
const pairs = JSON.parse(process.argv[1]);
console.log(JSON.stringify(pairs.map(([before, after]) => {
  const changes = m.diffTours(before, after);
  const roundTrip = m.diffTours(after, m.specOf(m.draftOf(after)));
  return { changes, count: m.changeCount(changes), has: m.hasChanges(changes),
           sameKey: m.contentKey(before) === m.contentKey(after), roundTripHas: m.hasChanges(roundTrip) };
})));
"""


def stored(spec: dict) -> dict:
    """The spec as the server keeps it: validated, defaults filled in."""
    return TourSpecSchema().load(spec)


def diff(admin_dist, *pairs):  # noqa: F811
    result = subprocess.run(["node", "--input-type=module", "-e", RUN_DIFF, json.dumps(pairs)],
                            cwd=admin_dist.parent, check=True, capture_output=True, text=True)
    return json.loads(result.stdout)


def change(label, before, after, long=False):
    return {"label": label, "before": before, "after": after, "long": long}


BASE = {
    "id": "onboarding", "name": "Onboarding", "auto": True, "match": {"url": "/app/*"}, "locale": "en",
    "steps": [
        {"id": "welcome", "title": "Welcome", "body": "Hello **there**."},
        {"id": "create", "title": "Create", "target": "#new", "advance_on": "click"},
        {"id": "done", "title": "Done", "body": "Bye."},
    ],
    "translations": {"th": {"name": "เริ่มต้น", "steps": {"welcome": {"title": "ยินดีต้อนรับ"}}}},
}


def test_equal_specs_differ_in_nothing_even_in_the_editors_shape(admin_dist):  # noqa: F811
    live = stored(BASE)
    # What the editor sends for the same tour: defaults left out, untrimmed texts, another locale case.
    editor = json.loads(json.dumps(BASE))
    editor["locale"] = "EN"
    editor["steps"][0].update(title="  Welcome ", body="\nHello **there**.  \n", advance_on="next")
    editor["steps"][1]["placement"] = "bottom"
    editor["steps"][2].update(target=None, url="")
    editor["translations"] = {"TH": {"name": "เริ่มต้น ", "steps": {"welcome": {"title": "ยินดีต้อนรับ"}}}}
    (same, editor_shape) = diff(admin_dist, [live, live], [live, editor])
    assert same == {"changes": {"tour": [], "order": None, "steps": []}, "count": 0, "has": False,
                    "sameKey": True, "roundTripHas": False}
    assert editor_shape["changes"] == same["changes"] and editor_shape["sameKey"] is True


def test_tour_fields_audience_and_translation_names(admin_dist):  # noqa: F811
    after = json.loads(json.dumps(BASE))
    after.update(name="First steps", auto=False, match={"regex": "^/app/"},
                 audience={"traits": {"plan": ["trial", "42"], "seats": [3]}})
    after["translations"] = {"th": {"name": "ก้าวแรก", "steps": {"welcome": {"title": "ยินดีต้อนรับ"}}},
                             "vi": {"name": "Bước đầu", "steps": {}}}
    (result,) = diff(admin_dist, [stored(BASE), stored(after)])
    assert result["changes"]["tour"] == [
        change("Name", "Onboarding", "First steps"),
        change("Starts by itself", "yes", "no"),
        change("Page rule", "Path glob /app/*", "Path regex ^/app/"),
        change("Audience", "everyone", "users with these traits"),
        change("Audience trait plan", None, 'trial, "42"'),
        change("Audience trait seats", None, "3"),
        change("Translations", "th", "th, vi"),
        change("Name (th)", "เริ่มต้น", "ก้าวแรก"),
        change("Name (vi)", None, "Bước đầu"),
    ]
    assert result["changes"]["order"] is None and result["changes"]["steps"] == []
    assert result["count"] == 9 and result["has"] is True and result["sameKey"] is False
    assert result["roundTripHas"] is False


def test_steps_added_removed_reordered_and_changed_field_by_field(admin_dist):  # noqa: F811
    after = json.loads(json.dumps(BASE))
    welcome, create, _done = after["steps"]
    create.update(title="Create a project", target="#new-project", placement="right", advance_on="next",
                  url="/app/projects")
    welcome["body"] = "Hello **there**.\n\nLet us look around."
    after["steps"] = [create, welcome, {"id": "invite", "title": "Invite", "target": "#invite"}]
    after["translations"]["th"]["steps"] = {"welcome": {"title": "สวัสดี", "body": "ไปกัน"}}
    (result,) = diff(admin_dist, [stored(BASE), stored(after)])
    changes = result["changes"]
    assert changes["tour"] == []
    assert changes["order"] == {"before": ["welcome", "create", "done"], "after": ["create", "welcome", "invite"]}
    assert changes["steps"] == [
        {"id": "create", "status": "changed", "position": 1, "changes": [
            change("Title", "Create", "Create a project"),
            change("Target", "#new", "#new-project"),
            change("Placement", "bottom", "right"),
            change("Go on with", "a click on the target", "the Next button"),
            change("Page", None, "/app/projects"),
        ]},
        {"id": "welcome", "status": "changed", "position": 2, "changes": [
            change("Body", "Hello **there**.", "Hello **there**.\n\nLet us look around.", long=True),
            change("Title (th)", "ยินดีต้อนรับ", "สวัสดี"),
            change("Body (th)", None, "ไปกัน", long=True),
        ]},
        {"id": "invite", "status": "added", "position": 3, "changes": [
            change("Title", None, "Invite"),
            change("Target", None, "#invite"),
            change("Placement", None, "bottom"),
            change("Go on with", None, "the Next button"),
        ]},
        {"id": "done", "status": "removed", "position": 3, "changes": [
            change("Title", "Done", None),
            change("Body", "Bye.", None, long=True),
            change("Placement", "center", None),
            change("Go on with", "the Next button", None),
        ]},
    ]
    assert result["count"] == 1 + 5 + 3 + 1 + 1 and result["roundTripHas"] is False


def test_a_step_that_only_moves_is_an_order_change_and_removing_one_keeps_the_order(admin_dist):  # noqa: F811
    moved = json.loads(json.dumps(BASE))
    moved["steps"] = [moved["steps"][1], moved["steps"][0], moved["steps"][2]]
    removed = json.loads(json.dumps(BASE))
    del removed["steps"][1]
    (swap, gone) = diff(admin_dist, [stored(BASE), stored(moved)], [stored(BASE), stored(removed)])
    assert swap["changes"]["steps"] == [] and swap["count"] == 1
    assert swap["changes"]["order"] == {"before": ["welcome", "create", "done"], "after": ["create", "welcome", "done"]}
    assert gone["changes"]["order"] is None
    assert [(s["id"], s["status"], s["position"]) for s in gone["changes"]["steps"]] == [("create", "removed", 2)]


# --- in the browser --------------------------------------------------------------------------

NAME = re.compile("^Name:")  # the tour's name, not a translated one ("Name (th):")

def _publish(server, app_id, spec, auth):
    base = f"/api/v1/apps/{app_id}/tours"
    status, body = server.call("POST", base, spec, auth)
    assert status == 201, body
    status, body = server.call("POST", f"{base}/{spec['id']}/publish", {}, auth)
    assert status == 200, body


def test_versions_show_what_changed_and_the_draft_compares_with_the_live(admin_page, admin_server):  # noqa: F811
    app = admin_server.new_app("Versions")
    spec = {"id": "tour-a", "name": "Tour A", "match": {"url": "/app/*"}, "steps": [
        {"id": "hello", "title": "Hello", "body": "Hi."},
        {"id": "create", "title": "Create", "target": "#new"}]}
    _publish(admin_server, app["id"], spec, _auth(admin_server, "editor"))

    page = admin_page
    page.login("editor")
    page.open(f"/apps/{app['id']}/tours/tour-a")
    versions = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="What changed"))
    expect(versions.get_by_role("row", name=re.compile(r"v1\s*live"))).to_contain_text("First version")
    compare = page.get_by_text("Compare the draft with the live version, v1")
    expect(compare).to_have_text("Compare the draft with the live version, v1: no changes")

    # Unsaved edits: the comparison follows the form as it is typed.
    page.get_by_role("textbox", name="Name", exact=True).fill("Tour A, renamed")
    page.get_by_label("Target (CSS selector)").nth(1).fill("#new-project")
    button(page, "Add a step").click()
    page.get_by_role("textbox", name="Title", exact=True).nth(2).fill("Invite your team")
    button(page, "Move step 2 up").click()
    expect(compare).to_have_text("Compare the draft with the live version, v1: 4 changes")
    compare.click()
    draft = page.get_by_role("list", name="Draft compared with v1")
    name = draft.get_by_role("listitem").filter(has_text=NAME)
    expect(name.locator("del")).to_have_text("Tour A")
    expect(name.locator("ins")).to_have_text("Tour A, renamed")
    order = draft.get_by_role("listitem").filter(has_text=re.compile("^Step order:"))
    expect(order.locator("del")).to_have_text("hello, create")
    expect(order.locator("ins")).to_have_text("create, hello, step-3")
    added = draft.get_by_role("list", name="Step 3 step-3, added")
    expect(added.get_by_role("listitem").filter(has_text="Title").locator("ins")).to_have_text("Invite your team")
    target = draft.get_by_role("list", name="Step 1 create, changed").get_by_role("listitem")
    expect(target).to_have_count(1)
    expect(target.locator("del")).to_have_text("#new")
    expect(target.locator("ins")).to_have_text("#new-project")

    button(page, "Save and publish").click()
    expect(page.get_by_text("Published as version 2.")).to_be_visible()
    expect(page.get_by_text("Compare the draft with the live version, v2: no changes")).to_be_visible()
    v2 = versions.get_by_role("row", name=re.compile(r"v2\s*live"))
    v2.get_by_text("4 changes since v1").click()
    in_v2 = page.get_by_role("list", name="Changes in v2 since v1")
    expect(in_v2.get_by_role("listitem").filter(has_text=NAME).locator("ins")).to_have_text("Tour A, renamed")
    expect(in_v2.locator("ins")).to_have_count(1 + 1 + 3 + 1)  # name, order, the new step's 3 fields, target

    button(page, "Roll back to v1").click()
    expect(page.get_by_text("v1 becomes what every user sees, at once.")).to_be_visible()
    expect(versions.get_by_role("row", name=re.compile(r"v2\s*live"))).to_be_visible()  # nothing changed yet
    button(page, "Make v1 live").click()
    expect(page.get_by_text("Version 1 is live again, as version 3.")).to_be_visible()
    v3 = versions.get_by_role("row", name=re.compile(r"v3\s*live"))
    expect(v3).to_contain_text("4 changes since v2 (same content as v1)")
    v3.get_by_text("4 changes since v2").click()
    in_v3 = page.get_by_role("list", name="Changes in v3 since v2")
    expect(in_v3.get_by_role("listitem").filter(has_text=NAME).locator("del")).to_have_text("Tour A, renamed")
    expect(in_v3.get_by_text(re.compile("^Step 3\\s*step-3\\s*removed$"))).to_be_visible()

    button(page, "Unpublish").click()
    expect(page.get_by_text("Unpublished: the tour is no longer shown.")).to_be_visible()
    expect(page.get_by_text("Compare the draft with v3, the newest version (none is live): no changes")).to_be_visible()
    status, body = admin_server.call("GET", "/api/v1/sdk/bootstrap?url=/app/home&user_id=u-versions",
                                     headers={"X-Waypost-Key": app["key"]})
    assert status == 200 and body["tours"] == []


def test_axe_finds_no_violations_in_the_changes_shown(browser, admin_server):  # noqa: F811
    app = admin_server.new_app("Versions axe")
    editor = _auth(admin_server, "editor")
    spec = {"id": "tour-b", "name": "Tour B", "steps": [{"id": "one", "title": "One", "body": "Body **one**."}]}
    _publish(admin_server, app["id"], spec, editor)
    spec["steps"] = [{"id": "one", "title": "One!", "body": "Body **one**.\n\nMore."}, {"id": "two", "title": "Two"}]
    base = f"/api/v1/apps/{app['id']}/tours/tour-b"
    assert admin_server.call("PUT", base, spec, editor)[0] == 200
    assert admin_server.call("POST", f"{base}/publish", {}, editor)[0] == 200
    # axe is injected as an inline script, which the admin CSP (rightly) refuses: this context bypasses it
    with admin_page_in(browser, admin_server, bypass_csp=True) as page:
        page.login("editor")
        page.open(f"/apps/{app['id']}/tours/tour-b")
        page.get_by_role("textbox", name="Name", exact=True).fill("Tour B, renamed")
        page.get_by_text("Compare the draft with the live version, v2: 1 change").click()
        page.get_by_text("3 changes since v1").click()
        expect(page.get_by_role("list", name="Changes in v2 since v1").locator("del")).to_have_count(2)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("""async () => (await axe.run(document)).violations
            .map(v => ({id: v.id, nodes: v.nodes.map(n => n.html).slice(0, 3)}))""")
        assert violations == []
