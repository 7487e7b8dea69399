"""Importing Shepherd.js, Driver.js and Intro.js steps as Waypost tours."""
import pytest

from server.schemas.tour_spec import TourSpecSchema
from server.services.tour_files import dump_tour_file, load_tour_file
from server.services.tour_import import ImportProblem, html_to_markdown, import_steps, slugify

SHEPHERD = {
    "useModalOverlay": True,
    "defaultStepOptions": {"cancelIcon": {"enabled": True}, "scrollTo": True},
    "steps": [
        {
            "id": "welcome",
            "title": "Welcome to Acme",
            "text": ["<p>Acme keeps your <strong>projects</strong> in one place.</p>", "Ready? Let's go."],
            "buttons": [{"text": "Skip", "action": "cancel"}, {"text": "Next", "action": "next"}],
        },
        {
            "id": "Create Project!",
            "title": "Create a project",
            "text": "This step is attached to the bottom of the <code>#new-project</code> element.",
            "attachTo": {"element": "#new-project", "on": "bottom-start"},
            "advanceOn": {"selector": "#new-project", "event": "click"},
            "classes": "example-step-extra-class",
        },
        {
            "id": "search",
            "text": 'Search everything. <a href="https://acme.test/docs/search" target="_blank">Learn more</a>',
            "attachTo": {"element": ".topbar input[type=search]", "on": "auto"},
        },
    ],
}

DRIVER = [
    {"element": ".page-header", "popover": {"title": "The header", "description": "Your <b>workspace</b> name."}},
    {"element": "#sidebar",
     "popover": {"title": "Navigation", "description": "Pages live here.", "side": "left", "align": "start"}},
    {"element": ".footer", "popover": {"title": "Footer", "description": "Links.", "side": "top", "align": "end"}},
    {"element": "#stats", "popover": {"title": "Stats", "description": "Numbers.", "side": "bottom", "align": "center"}},
    {"popover": {"title": "That's it", "description": "<p>Enjoy!</p><script>alert('x')</script>"}},
]

INTROJS = {
    "showProgress": True,
    "steps": [
        {"intro": "Hello world!"},
        {"element": "#step1", "intro": "This is a tooltip."},
        {"element": "#step2", "intro": "Ok, wasn't that fun?", "position": "right"},
        {"element": "#step3", "title": "More", "intro": "More features, more fun.", "position": "bottom-left-aligned"},
        {"element": "#step4", "intro": "Another step.", "position": "top-right-aligned"},
        {"element": "#step5", "intro": "Get it, use it.", "position": "bottom-middle-aligned"},
    ],
}


def test_shepherd():
    spec = import_steps("shepherd", SHEPHERD, "welcome-tour", "Welcome tour")
    assert spec == TourSpecSchema().load(spec)
    assert (spec["id"], spec["name"], spec["auto"]) == ("welcome-tour", "Welcome tour", False)
    assert spec["steps"] == [
        {"id": "welcome", "target": None, "placement": "center", "title": "Welcome to Acme",
         "body": "Acme keeps your **projects** in one place.\n\nReady? Let's go.", "advance_on": "next", "url": None},
        {"id": "create-project", "target": "#new-project", "placement": "bottom-start", "title": "Create a project",
         "body": "This step is attached to the bottom of the `#new-project` element.", "advance_on": "click", "url": None},
        {"id": "search", "target": ".topbar input[type=search]", "placement": "bottom", "title": "Step 3",
         "body": "Search everything. [Learn more](https://acme.test/docs/search)", "advance_on": "next", "url": None},
    ]


def test_shepherd_advance_on_another_element_stays_next():
    steps = [{"id": "a", "text": "x", "attachTo": {"element": "#a", "on": "top"},
              "advanceOn": {"selector": "#elsewhere", "event": "click"}},
             {"id": "b", "text": "y", "advanceOn": {"selector": "#b", "event": "click"}}]
    spec = import_steps("shepherd", steps, "t", "T")
    assert [(s["target"], s["advance_on"]) for s in spec["steps"]] == [("#a", "next"), ("#b", "click")]


def test_driver():
    spec = import_steps("driver", DRIVER, "driver-tour", "Driver tour")
    assert [s["id"] for s in spec["steps"]] == ["step-1", "step-2", "step-3", "step-4", "step-5"]
    assert [s["placement"] for s in spec["steps"]] == ["bottom", "left-start", "top-end", "bottom", "center"]
    assert spec["steps"][0]["body"] == "Your **workspace** name."
    assert spec["steps"][4] == {"id": "step-5", "target": None, "placement": "center", "title": "That's it",
                                "body": "Enjoy!", "advance_on": "next", "url": None}
    assert import_steps("driver", {"showProgress": True, "steps": DRIVER}, "driver-tour", "Driver tour") == spec


def test_introjs():
    spec = import_steps("introjs", INTROJS, "intro-tour", "Intro tour")
    assert [(s["target"], s["placement"]) for s in spec["steps"]] == [
        (None, "center"), ("#step1", "bottom"), ("#step2", "right"), ("#step3", "bottom-start"),
        ("#step4", "top-end"), ("#step5", "bottom")]
    assert [s["title"] for s in spec["steps"]][:4] == ["Step 1", "Step 2", "Step 3", "More"]
    assert spec["steps"][2]["body"] == "Ok, wasn't that fun?"
    assert import_steps("introjs", INTROJS["steps"], "intro-tour", "Intro tour") == spec


@pytest.mark.parametrize("kind, data", [("shepherd", SHEPHERD), ("driver", DRIVER), ("introjs", INTROJS)])
def test_imports_dump_as_tour_files(kind, data):
    assert dump_tour_file(import_steps(kind, data, "t", "T")).startswith("id: t\nname: T\nsteps:\n  - id: ")


def test_generated_ids_stay_unique():
    steps = [{"id": "Intro", "text": "a"}, {"id": "intro", "text": "b"}, {"text": "c"}, {"id": "!!!", "text": "d"}]
    assert [s["id"] for s in import_steps("shepherd", steps, "t", "T")["steps"]] == ["intro", "intro-2", "step-3", "step-4"]


def test_html_becomes_markdown():
    assert html_to_markdown(
        '<p>Press <b>Save</b> or <em>Cancel</em>.</p><ul><li>One</li><li>Two &amp; three</li></ul>'
        '<p>See <a href="javascript:alert(1)">this</a> and <a href="/docs">docs</a>.<br>Thanks</p>'
        "<style>p { color: red }</style><img src=x onerror=alert(1)>"
    ) == "Press **Save** or *Cancel*.\n\n- One\n- Two & three\n\nSee this and [docs](/docs).\nThanks"


def test_long_titles_are_shortened():
    spec = import_steps("introjs", [{"title": "x" * 300, "intro": "y"}], "t", "T")
    assert len(spec["steps"][0]["title"]) == 200 and spec["steps"][0]["title"].endswith("…")


def test_slugify():
    assert slugify("Onboarding Tour (v2).json") == "onboarding-tour-v2-json"
    assert slugify("---") == ""


@pytest.mark.parametrize("kind, data, message", [
    ("walkme", [], "Unknown format 'walkme'"),
    ("driver", {"element": "#a"}, "Expected a non-empty list of steps"),
    ("driver", [], "Expected a non-empty list of steps"),
    ("introjs", ["#a"], "Step 1 is not an object."),
    ("introjs", [{"element": "div:eq(0)", "intro": "x"}], "steps[0].target: Not a valid CSS selector"),
    ("shepherd", [{"text": "x" * 10_001}], "steps[0].body: Longer than maximum length 10000."),
])
def test_problems(kind, data, message):
    with pytest.raises(ImportProblem, match=message.replace("[", r"\[").replace("(", r"\(")):
        import_steps(kind, data, "t", "T")


def test_bad_tour_id_is_a_problem():
    with pytest.raises(ImportProblem, match="id: Must be a slug"):
        import_steps("driver", DRIVER, "Not A Slug", "T")


def test_introjs_hints_become_a_set_of_hotspots_that_dumps_as_a_file(tmp_path):
    hints = {"hints": [
        {"element": "#search", "hint": "Search <b>here</b>. Press / at any time.", "hintPosition": "bottom-left"},
        {"element": ".reports", "hint": "<script>alert(1)</script>Reports"},
        {"element": "#search", "hint": "Again"},
    ]}
    spec = import_steps("introjs-hints", hints, "tips", "Tips")
    assert [(h["id"], h["target"], h["corner"], h["title"]) for h in spec["hotspots"]] == [
        ("search", "#search", "bottom-start", "Search here."), ("reports", ".reports", "top-end", "Reports"),
        ("search-2", "#search", "top-end", "Again")]
    assert spec["hotspots"][0]["body"] == "Search **here**. Press / at any time."
    path = tmp_path / "tips.yaml"
    path.write_text(dump_tour_file(spec))
    assert load_tour_file(path) == (spec, [])
    for bad in ([], {"hints": "x"}, {"hints": [5]}, {"hints": [{"hint": "no element"}]},
                {"hints": [{"element": "div:contains(x)", "hint": "x"}]}):
        with pytest.raises(ImportProblem):
            import_steps("introjs-hints", bad, "tips", "Tips")
