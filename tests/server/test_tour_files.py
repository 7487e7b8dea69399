"""Tour files: problems at their exact line and column, the example tours, and canonical dumping."""
import json
import textwrap
from pathlib import Path

import pytest
from marshmallow import ValidationError

from server.schemas.tour_spec import (
    ADVANCE_ON,
    LOCALE,
    MAX_STEPS,
    PLACEMENTS,
    SLUG,
    TourSpecSchema,
    TourStepSchema,
    TourTranslationSchema,
)
from server.services.tour_files import (
    Problem,
    dump_tour_file,
    expand_paths,
    format_problem,
    load_tour_file,
    validate_paths,
)

TOURS = Path(__file__).resolve().parents[2] / "tours"
EXAMPLES = sorted(TOURS.glob("*.yaml"))

VALID = """\
id: demo
name: Demo
steps:
  - id: welcome
    title: Welcome
  - id: new
    target: "#new-project"
    title: New project
"""


def write(tmp_path, text, name="tour.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_in(tmp_path, text, name="tour.yaml"):
    spec, problems = load_tour_file(write(tmp_path, text, name))
    assert spec is None
    return [(p.line, p.col, p.message) for p in problems]


def test_a_valid_file(tmp_path):
    spec, problems = load_tour_file(write(tmp_path, VALID))
    assert problems == []
    assert spec == TourSpecSchema().load({
        "id": "demo", "name": "Demo",
        "steps": [{"id": "welcome", "title": "Welcome"}, {"id": "new", "target": "#new-project", "title": "New project"}],
    })


def test_yaml_syntax_error(tmp_path):
    assert problems_in(tmp_path, """\
        id: demo
        name: [Demo
        steps: []
        """) == [(3, 6, "YAML syntax error: expected ',' or ']', but got ':' "
                  "(while parsing a flow sequence at line 2, column 7).")]


def test_yaml_indentation_error(tmp_path):
    [(line, col, message)] = problems_in(tmp_path, """\
        id: demo
        name: Demo
          steps: []
        """)
    assert (line, col) == (3, 8) and message.startswith("YAML syntax error: mapping values are not allowed here")


def test_unknown_key_points_at_the_key(tmp_path):
    assert problems_in(tmp_path, VALID + "    colour: red\n") == [(9, 5, "steps[1].colour: Unknown field.")]


def test_missing_key_points_at_the_mapping_that_lacks_it(tmp_path):
    assert problems_in(tmp_path, VALID.replace("    title: Welcome\n", "")) == [
        (4, 5, "steps[0].title: Missing data for required field.")]
    assert problems_in(tmp_path, "# comment\nname: Demo\nsteps: [{id: a, title: A}]\n") == [
        (2, 1, "id: Missing data for required field.")]


def test_duplicate_step_ids(tmp_path):
    assert problems_in(tmp_path, VALID.replace("id: new", "id: welcome")) == [
        (6, 9, "steps[1].id: Duplicate step id 'welcome' (also steps[0]).")]


def test_bad_placement_points_at_the_value(tmp_path):
    [(line, col, message)] = problems_in(tmp_path, VALID + "    placement: sideways\n")
    assert (line, col) == (9, 16)
    assert message.startswith("steps[1].placement: Must be one of: top, bottom,")


def test_bad_css_selector(tmp_path):
    assert problems_in(tmp_path, VALID.replace('"#new-project"', '"#1-new"')) == [
        (7, 13, "steps[1].target: Not a valid CSS selector: Malformed id selector at position 0.")]


def test_regex_that_does_not_compile(tmp_path):
    assert problems_in(tmp_path, VALID + "match:\n  regex: '^/app/(projects'\n") == [
        (10, 10, "match.regex: Not a valid regex: missing ), unterminated subpattern at position 6.")]


def test_bad_locale_code(tmp_path):
    assert problems_in(tmp_path, VALID + "locale: en_US\n") == [
        (9, 9, "locale: Not a locale code like en, th or pt-BR.")]


def test_bad_translation_locale_points_at_the_key(tmp_path):
    assert problems_in(tmp_path, VALID + "translations:\n  thai:\n    name: ทัวร์\n") == [
        (10, 3, "translations.thai: Not a locale code like en, th or pt-BR.")]


def test_translation_naming_a_missing_step(tmp_path):
    assert problems_in(tmp_path, VALID + """\
translations:
  th:
    steps:
      welcome: { title: ยินดีต้อนรับ }
      goodbye: { title: ลาก่อน }
""") == [(13, 7, "translations.th.steps.goodbye: No step with id 'goodbye' in this tour.")]


def test_empty_titles(tmp_path):
    assert problems_in(tmp_path, VALID.replace("title: Welcome", 'title: ""') + """\
translations:
  vi:
    steps:
      new: {title: "  "}
""") == [(5, 12, "steps[0].title: Must not be empty."),
         (12, 20, "translations.vi.steps.new.title: Must not be empty.")]


def test_advance_on_click_without_target(tmp_path):
    text = VALID.replace("    title: Welcome\n", "    title: Welcome\n    advance_on: click\n")
    assert problems_in(tmp_path, text) == [
        (6, 17, "steps[0].advance_on: 'click' needs a target to click: set target, or use next.")]


def test_duplicate_yaml_keys(tmp_path):
    assert problems_in(tmp_path, VALID + "    title: Create a project\n") == [
        (9, 5, "Duplicate key 'title' (first at line 8).")]


def test_every_problem_is_reported_in_order(tmp_path):
    problems = problems_in(tmp_path, """\
        id: Demo Tour
        name: Demo
        steps:
          - id: a
            title: A
            placement: top
            extra: 1
        """)
    assert [(line, col) for line, col, _ in problems] == [(1, 5), (6, 16), (7, 5)]


@pytest.mark.parametrize("text, message", [
    ("", "The file is empty; a tour needs id, name and steps."),
    ("# nothing yet\n", "The file is empty; a tour needs id, name and steps."),
    ("- id: a\n", "A tour is a mapping with id, name and steps."),
    ("id: a\n---\nid: b\n", None),
])
def test_not_a_tour(tmp_path, text, message):
    [(line, col, got)] = problems_in(tmp_path, text)
    assert line == (1 if message else 2)
    if message:
        assert got == message
    else:
        assert got == "YAML syntax error: expected a single document in the stream, but found another document."


def test_unsafe_yaml_tags_are_refused(tmp_path):
    assert problems_in(tmp_path, "id: !!python/object/apply:os.system [echo hi]\n") == [
        (1, 5, "YAML error: could not determine a constructor for the tag "
               "'tag:yaml.org,2002:python/object/apply:os.system'.")]


def test_yaml_1_1_surprises_stay_strings(tmp_path):
    spec, problems = load_tour_file(write(tmp_path, """\
        id: demo
        name: no
        steps:
          - id: a
            title: 10:30
            body: 2024-05-01
        translations:
          no: {name: Omvisning}
        """))
    assert problems == []
    assert (spec["name"], spec["steps"][0]["title"], spec["steps"][0]["body"]) == ("no", "10:30", "2024-05-01")
    assert spec["translations"] == {"no": {"name": "Omvisning", "steps": {}}}


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: a\nname: Caf\xe9\n".encode("latin-1"))
    assert load_tour_file(path) == (None, [Problem(str(path), 2, 1, "Not UTF-8 text.")])


def test_json_file_positions(tmp_path):
    text = json.dumps({"id": "demo", "name": "Demo", "steps": [{"id": "a", "title": "A", "placement": "up"}]}, indent="\t")
    [(line, col, message)] = problems_in(tmp_path, text, "tour.json")
    assert (line, col) == (8, 17) and message.startswith("steps[0].placement: Must be one of")


def test_json_minified_and_duplicate_keys(tmp_path):
    assert problems_in(tmp_path, '{"id":"demo","name":"A","name":"B","steps":[{"id":"a","title":"A"}]}', "t.json") == [
        (1, 25, "Duplicate key 'name' (first at line 1).")]


def test_json_syntax_error(tmp_path):
    assert problems_in(tmp_path, '{\n  "id": "demo",\n  "name": "Demo",,\n}', "tour.json") == [
        (3, 18, "JSON syntax error: Expecting property name enclosed in double quotes.")]


def test_duplicate_tour_ids_across_files(tmp_path):
    first = write(tmp_path, VALID, "a.yaml")
    second = write(tmp_path, "# the same id again\n" + VALID, "b.yaml")
    assert validate_paths([tmp_path]) == [
        Problem(str(second), 2, 5, f"id: Tour id 'demo' is also used by {first}:1.")]
    assert validate_paths([first, tmp_path, first]) == validate_paths([tmp_path])


def test_validate_paths_expands_directories(tmp_path):
    write(tmp_path, VALID, "one.yml")
    write(tmp_path, json.dumps({"id": "two", "name": "Two", "steps": [{"id": "a", "title": "A"}]}), "two.json")
    write(tmp_path, '{"$schema": "https://json-schema.org/draft/2020-12/schema"}', "schema.json")
    write(tmp_path, "not a tour", "notes.txt")
    (tmp_path / "sub").mkdir()
    write(tmp_path, "id: Bad\n", "sub/not-searched.yaml")
    assert validate_paths([tmp_path]) == []
    files, problems = expand_paths([tmp_path, tmp_path / "one.yml", tmp_path / "schema.json"])
    assert (files, problems) == ([tmp_path / "one.yml", tmp_path / "two.json"], [])
    write(tmp_path, "id: [\n", "three.yaml")
    assert [p.file for p in validate_paths([tmp_path])] == [str(tmp_path / "three.yaml")]


def test_validate_paths_reports_bad_paths(tmp_path):
    (tmp_path / "empty").mkdir()
    write(tmp_path, "x", "notes.txt")
    assert [p.message for p in validate_paths([tmp_path / "missing.yaml", tmp_path / "notes.txt", tmp_path / "empty"])] == [
        "No such file or directory.", "Not a tour file: expected .yaml, .yml or .json.",
        "No tour files (*.yaml, *.yml, *.json) in this directory."]


def test_format_problem():
    assert format_problem(Problem("tours/a.yaml", 3, 7, "steps[0].title: Must not be empty.")) == \
        "tours/a.yaml:3: steps[0].title: Must not be empty."


def test_every_example_tour_validates():
    assert len(EXAMPLES) >= 3
    assert [format_problem(p) for p in validate_paths([TOURS])] == []


def examples(kind="tour"):
    loaded = {path.stem: load_tour_file(path)[0] for path in EXAMPLES}
    return {name: spec for name, spec in loaded.items() if spec.get("type", "tour") == kind}


def test_the_examples_cover_what_the_demo_shows():
    tours = examples()
    started = tours["getting-started"]
    assert started["auto"] and started["match"] == {"url": "/demo/"}
    assert started["steps"][0]["target"] is None and all(s["target"] for s in started["steps"][1:])
    pages = {step["url"] for tour in tours.values() for step in tour["steps"]}
    assert {"/demo/", "/demo/projects", "/demo/settings"} <= pages
    translated = [t for t in tours.values() if {"th", "ar", "vi", "id"} <= set(t["translations"])]
    assert translated
    for tour in translated:
        for translation in tour["translations"].values():
            assert translation["name"]
            assert set(translation["steps"]) == {step["id"] for step in tour["steps"]}
            assert all(texts["title"] and texts["body"] for texts in translation["steps"].values())


def test_the_demo_has_a_translated_banner_on_a_demo_page():
    banners = examples("banner")
    assert banners and all(b["match"]["url"].startswith("/demo/") for b in banners.values())
    assert any({"th", "ar", "vi", "id"} <= set(b["translations"]) for b in banners.values())


def test_demo_pages_have_every_target_of_the_examples():
    templates = Path(__file__).resolve().parents[2] / "server" / "demo" / "templates"
    html = "".join(path.read_text(encoding="utf-8") for path in templates.glob("*.html"))
    for tour in examples().values():
        for step in tour["steps"]:
            if step["target"]:
                assert f'id="{step["target"].removeprefix("#")}"' in html, (tour["id"], step["target"])


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_round_trip(tmp_path, path):
    spec, _ = load_tour_file(path)
    dumped = write(tmp_path, dump_tour_file(spec), path.name)
    assert load_tour_file(dumped) == (spec, [])
    assert dump_tour_file(load_tour_file(dumped)[0]) == dump_tour_file(spec)


def test_dump_is_canonical():
    spec = TourSpecSchema().load({
        "translations": {"th": {"steps": {"b": {"body": "ข้อความ", "title": "หัวข้อ"}}}},
        "steps": [{"title": "A", "id": "a", "body": "line one\nline two\n"},
                  {"advance_on": "next", "placement": "bottom", "target": "#b", "title": "B", "id": "b"}],
        "locale": "en", "auto": False, "name": "Demo", "id": "demo", "match": {"url": "/app/*"},
        "audience": {"traits": {"plan": ["trial", "pro"]}},
    })
    assert dump_tour_file(spec) == textwrap.dedent("""\
        id: demo
        name: Demo
        match: {url: /app/*}
        audience:
          traits:
            plan: [trial, pro]
        steps:
          - id: a
            title: A
            body: |-
              line one
              line two
          - id: b
            target: '#b'
            title: B
        translations:
          th:
            steps:
              b:
                title: หัวข้อ
                body: ข้อความ
        """)


@pytest.mark.parametrize("text", ["yes", "no", "true", "null", "~", "1e5", "010", "0x1f", "10:30", "2024-05-01",
                                  "- item", "#hash", "a: b", "  padded  text", "trailing  \nspace", "tab\there", "'quoted'"])
def test_dump_round_trips_awkward_strings(tmp_path, text):
    spec = TourSpecSchema().load({"id": "t", "name": text, "steps": [
        {"id": "a", "title": text, "body": text, "target": "#a", "placement": "center", "advance_on": None}]})
    loaded, problems = load_tour_file(write(tmp_path, dump_tour_file(spec)))
    assert problems == [] and loaded == spec


def test_schema_json_is_what_the_validator_generates():
    """tours/schema.json is generated from TourSpecSchema; regenerate with `waypost tours schema > tours/schema.json`."""
    from server.schemas.tour_json_schema import tour_json_schema_text

    assert (TOURS / "schema.json").read_text(encoding="utf-8") == tour_json_schema_text()


def test_schema_json_accepts_the_example_tours_and_refuses_what_the_validator_refuses():
    import jsonschema_rs

    validator = jsonschema_rs.Draft202012Validator(json.loads((TOURS / "schema.json").read_text(encoding="utf-8")))
    examples = sorted(TOURS.glob("*.yaml"))
    assert examples
    for path in examples:
        spec, problems = load_tour_file(path)
        assert problems == [] and validator.is_valid(spec), path
    good = {"id": "t", "name": "T", "steps": [{"id": "a", "title": "A"}]}
    assert validator.is_valid(good)
    for bad in ({**good, "id": "Not A Slug"}, {**good, "name": "  "}, {**good, "steps": []}, {**good, "extra": 1},
                {**good, "match": {"url": "/a", "regex": "a"}}, {**good, "match": {}},
                {**good, "locale": "english"}, {**good, "translations": {"xx_YY": {}}},
                {**good, "steps": [{"id": "a", "title": "A", "placement": "middle"}]},
                {**good, "steps": [{"id": "a", "title": "A", "url": "//evil.example/x"}]},
                {**good, "audience": {"traits": {"plan": []}}}):
        assert not validator.is_valid(bad), bad
        with pytest.raises(ValidationError):
            TourSpecSchema().load(bad)


def test_every_delivery_field_survives_a_dump_and_a_load(tmp_path):
    """What `tours pull` writes keeps the trigger, the frequency, the priority, the goal, the holdout and the
    sample page (they were once dropped)."""
    spec = TourSpecSchema().load({
        "id": "full", "name": "Full", "auto": True, "match": {"regex": "^/app/projects/\\d+$"},
        "trigger": {"on": "click", "selector": "[data-testid='export']"},
        "frequency": {"show": "every_days", "days": 30, "max_shows": 3}, "priority": 5,
        "goal": {"page": "/billing/upgrade*", "within_days": 7}, "holdout": 10, "sample_url": "/app/projects/42",
        "variant": {"percent": 30, "steps": [{"id": "a", "title": "B's A", "target": "#b"}]},
        "steps": [{"id": "a", "title": "A", "target": "#a"}]})
    dumped = write(tmp_path, dump_tour_file(spec), "full.yaml")
    assert load_tour_file(dumped) == (spec, [])


@pytest.mark.parametrize("url", ["https://evil.test/a", "//evil.test", "/a\\b", "/a b", "relative", "/%5Cevil", 7, ""])
def test_a_hostile_sample_url_is_a_problem(tmp_path, url):
    import json
    path = write(tmp_path, json.dumps({"id": "t", "name": "T", "sample_url": url, "steps": [{"id": "a", "title": "A"}]}),
                 "t.json")
    spec, problems = load_tour_file(path)
    assert spec is None and any("sample_url" in p.message for p in problems), problems
