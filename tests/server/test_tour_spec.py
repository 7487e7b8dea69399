"""TourSpecSchema (the authored form of a tour) and the URL rules it shares with targeting."""
import pytest
from marshmallow import ValidationError

from server.rules.url_rules import compile_rule, rule_problem
from server.schemas.tour_spec import TourSpecSchema, describe_path, flatten_errors


def tour(**overrides):
    spec = {"id": "tour", "name": "A tour", "steps": [{"id": "one", "title": "One"}]}
    spec.update(overrides)
    return spec


def errors_of(data):
    with pytest.raises(ValidationError) as caught:
        TourSpecSchema().load(data)
    return caught.value.messages


def test_minimal_tour_gets_every_default():
    assert TourSpecSchema().load(tour()) == {
        "id": "tour", "name": "A tour", "auto": False, "match": None, "audience": None, "locale": "en",
        "steps": [{"id": "one", "target": None, "placement": "center", "title": "One", "body": "",
                   "advance_on": "next", "url": None}],
        "translations": {},
    }


def test_full_tour_keeps_what_was_given():
    data = tour(
        auto=True, match={"regex": "^/app/projects/?$"}, audience={"traits": {"plan": ["trial", 2, True]}},
        locale="th",
        steps=[{"id": "new", "target": "#new-project", "placement": "left-end", "title": "New", "body": "**Hi**",
                "advance_on": "click", "url": "/app/*"}],
        translations={"en": {"name": "Tour", "steps": {"new": {"title": "Create"}}}},
    )
    spec = TourSpecSchema().load(data)
    assert spec["steps"][0] == data["steps"][0]
    assert spec["audience"] == {"traits": {"plan": ["trial", 2, True]}}
    assert spec["translations"] == {"en": {"name": "Tour", "steps": {"new": {"title": "Create"}}}}


def test_placement_defaults_to_bottom_with_a_target():
    spec = TourSpecSchema().load(tour(steps=[{"id": "a", "title": "A", "target": ".x"}]))
    assert spec["steps"][0]["placement"] == "bottom"


def test_texts_are_trimmed():
    spec = TourSpecSchema().load(tour(name="  Tour ", steps=[{"id": "a", "title": " A\n", "body": "\n\nText\n\n"}]))
    assert (spec["name"], spec["steps"][0]["title"], spec["steps"][0]["body"]) == ("Tour", "A", "Text")


@pytest.mark.parametrize("where, data", [
    (("colour",), tour(colour="red")),
    (("steps", 0, "text"), tour(steps=[{"id": "a", "title": "A", "text": "Shepherd's name for body"}])),
    (("match", "path"), tour(match={"path": "/x"})),
    (("audience", "plan"), tour(audience={"traits": {}, "plan": ["pro"]})),
    (("translations", "th", "title"), tour(translations={"th": {"title": "x"}})),
    (("translations", "th", "steps", "one", "text"), tour(translations={"th": {"steps": {"one": {"text": "x"}}}})),
])
def test_unknown_keys_are_rejected_everywhere(where, data):
    assert dict(flatten_errors(errors_of(data))) == {where: "Unknown field."}


@pytest.mark.parametrize("bad_id", ["Getting Started", "-start", "_x", "", "a" * 101, "tour/1", 7])
def test_ids_are_slugs(bad_id):
    assert "id" in errors_of(tour(id=bad_id))
    assert ("steps", 0, "id") in dict(flatten_errors(errors_of(tour(steps=[{"id": bad_id, "title": "T"}]))))


def test_required_fields():
    assert errors_of({"id": "x"}) == {"name": ["Missing data for required field."],
                                      "steps": ["Missing data for required field."]}
    assert errors_of(tour(steps=[{"id": "a"}])) == {"steps": {0: {"title": ["Missing data for required field."]}}}


@pytest.mark.parametrize("steps, message", [
    ([], "A tour has 1 to 50 steps."),
    ([{"id": f"s{i}", "title": "T"} for i in range(51)], "A tour has 1 to 50 steps."),
])
def test_step_count(steps, message):
    assert errors_of(tour(steps=steps)) == {"steps": [message]}


def test_duplicate_step_ids_point_at_the_repeat():
    steps = [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}, {"id": "a", "title": "C"}]
    assert errors_of(tour(steps=steps)) == {"steps": {2: {"id": ["Duplicate step id 'a' (also steps[0])."]}}}


def test_bad_placement():
    messages = errors_of(tour(steps=[{"id": "a", "title": "A", "target": "#x", "placement": "sideways"}]))
    assert messages["steps"][0]["placement"][0].startswith("Must be one of: top, bottom, left, right")


def test_a_step_without_target_is_centred():
    messages = errors_of(tour(steps=[{"id": "a", "title": "A", "placement": "top"}]))
    assert list(messages["steps"][0]) == ["placement"]
    assert TourSpecSchema().load(tour(steps=[{"id": "a", "title": "A", "placement": "center"}]))


@pytest.mark.parametrize("title", ["", "   ", None, 42])
def test_titles_must_be_text(title):
    assert "title" in errors_of(tour(steps=[{"id": "a", "title": title}]))["steps"][0]


def test_length_limits():
    assert "title" in errors_of(tour(steps=[{"id": "a", "title": "x" * 201}]))["steps"][0]
    assert "body" in errors_of(tour(steps=[{"id": "a", "title": "A", "body": "x" * 10_001}]))["steps"][0]
    assert "name" in errors_of(tour(name="x" * 201))


def test_advance_on_click_needs_a_target():
    messages = errors_of(tour(steps=[{"id": "a", "title": "A", "advance_on": "click"}]))
    assert messages == {"steps": {0: {"advance_on": ["'click' needs a target to click: set target, or use next."]}}}
    spec = TourSpecSchema().load(tour(steps=[{"id": "a", "title": "A", "target": "#a", "advance_on": "click"},
                                             {"id": "b", "title": "B", "advance_on": None}]))
    assert [s["advance_on"] for s in spec["steps"]] == ["click", None]
    assert "advance_on" in errors_of(tour(steps=[{"id": "a", "title": "A", "advance_on": "hover"}]))["steps"][0]


@pytest.mark.parametrize("selector", ["#new-project", "nav > a.active", "[data-x='1'] li:nth-child(2 of .y)",
                                      "button:is(.a, .b):not([disabled])", "#a, #b", ":has(> img)"])
def test_valid_selectors(selector):
    assert TourSpecSchema().load(tour(steps=[{"id": "a", "title": "A", "target": selector}]))


@pytest.mark.parametrize("selector, hint", [
    ("#!!", "Malformed id selector"), ("div >", "Invalid character"), ("a[href", "Malformed attribute"),
    ("", "Expected a selector"), ("div:eq(1)", "':eq'"), (":contains(Save)", "jQuery"),
    ("p::before", "pseudo-elements"),
])
def test_invalid_selectors(selector, hint):
    messages = errors_of(tour(steps=[{"id": "a", "title": "A", "target": selector}]))
    assert hint in messages["steps"][0]["target"][0]


@pytest.mark.parametrize("match, field", [
    ({}, "_schema"), ({"url": "/a", "regex": "b"}, "_schema"), ({"regex": "("}, "regex"),
    ({"regex": "(?P<name>x)"}, "regex"), ({"regex": r"\A/app"}, "regex"), ({"regex": "(?i)/app"}, "regex"),
    ({"regex": ""}, "regex"), ({"url": "app/*"}, "url"), ({"url": "https://x.test/app"}, "url"), ({"url": ""}, "url"),
])
def test_bad_match_rules(match, field):
    assert list(errors_of(tour(match=match))["match"]) == [field]


def test_step_url_is_a_path_glob():
    assert "url" in errors_of(tour(steps=[{"id": "a", "title": "A", "url": "projects"}]))["steps"][0]


@pytest.mark.parametrize("audience", [
    {"traits": {"plan": []}}, {"traits": {"plan": "trial"}}, {"traits": {"plan": [None]}},
    {"traits": {"plan": [{"a": 1}]}}, {"traits": {"": ["x"]}}, {}, {"traits": ["plan"]},
])
def test_bad_audiences(audience):
    assert "audience" in errors_of(tour(audience=audience))


@pytest.mark.parametrize("code, normal", [("en", "en"), ("pt-br", "pt-BR"), ("zh-hant-tw", "zh-Hant-TW"), ("es-419", "es-419")])
def test_locales_are_normalized(code, normal):
    assert TourSpecSchema().load(tour(locale=code))["locale"] == normal
    assert list(TourSpecSchema().load(tour(locale="xx", translations={code: {}}))["translations"]) == [normal]


@pytest.mark.parametrize("code", ["english", "en_US", "e", "pt-BRA", "", None])
def test_bad_locale_codes(code):
    assert "locale" in errors_of(tour(locale=code))
    if isinstance(code, str):
        assert errors_of(tour(translations={code: {}})) == {"translations": {code: ["Not a locale code like en, th or pt-BR."]}}


def test_translation_naming_a_missing_step():
    messages = errors_of(tour(translations={"th": {"steps": {"one": {"title": "หนึ่ง"}, "two": {"title": "สอง"}}}}))
    assert messages == {"translations": {"th": {"steps": {"two": ["No step with id 'two' in this tour."]}}}}


def test_translation_problems_are_reported_together_with_field_errors():
    messages = errors_of(tour(steps=[{"id": "one", "title": ""}],
                              translations={"th": {"steps": {"nope": {"title": ""}}}}))
    assert dict(flatten_errors(messages)) == {
        ("steps", 0, "title"): "Must not be empty.",
        ("translations", "th", "steps", "nope", "title"): "Must not be empty.",
        ("translations", "th", "steps", "nope", "_schema"): "No step with id 'nope' in this tour.",
    }


def test_translated_titles_must_not_be_empty_but_bodies_may():
    assert errors_of(tour(translations={"th": {"steps": {"one": {"title": " "}}}})) == {
        "translations": {"th": {"steps": {"one": {"title": ["Must not be empty."]}}}}}
    assert errors_of(tour(translations={"th": {"name": ""}})) == {"translations": {"th": {"name": ["Must not be empty."]}}}
    spec = TourSpecSchema().load(tour(translations={"th": {"steps": {"one": {"body": ""}}}}))
    assert spec["translations"] == {"th": {"steps": {"one": {"body": ""}}}}


def test_translations_may_not_repeat_a_locale():
    assert errors_of(tour(locale="pt-BR", translations={"pt-br": {}})) == {
        "translations": {"pt-br": ["Translation into its own locale."]}}
    assert errors_of(tour(translations={"th": {}, "TH": {}})) == {"translations": {"TH": ["Same locale as 'th'."]}}


def test_booleans_are_strict():
    assert errors_of(tour(auto="yes")) == {"auto": ["Must be true or false."]}
    assert errors_of(tour(auto=1)) == {"auto": ["Must be true or false."]}


def test_non_mapping_input():
    assert errors_of(["not", "a", "tour"]) == {"_schema": ["Invalid input type."]}


def test_describe_path():
    assert describe_path(("steps", 1, "title")) == "steps[1].title"
    assert describe_path(("match", "_schema")) == "match"


@pytest.mark.parametrize("match, path, expected", [
    (None, "/anything", True),
    ({"url": "/demo/"}, "/demo/", True),
    ({"url": "/demo/"}, "/demo/projects", False),
    ({"url": "/demo/*"}, "/demo/", True),
    ({"url": "/demo/*"}, "/demo/projects/42/edit", True),
    ({"url": "/demo/*"}, "/Demo/projects", False),
    ({"url": "*/settings"}, "/team/settings", True),
    ({"url": "/p/[0-9]*"}, "/p/7", True),
    ({"regex": "^/demo/projects/?$"}, "/demo/projects/", True),
    ({"regex": "^/demo/projects/?$"}, "/demo/projects/1", False),
    ({"regex": "settings"}, "/demo/settings/billing", True),
    ({"regex": r"/\d+$"}, "/orders/42", True),
])
def test_compile_rule(match, path, expected):
    assert compile_rule(match)(path) is expected


def test_compile_rule_rejects_what_rule_problem_rejects():
    assert rule_problem({"regex": "["}).startswith("Not a valid regex")
    with pytest.raises(ValueError):
        compile_rule({"regex": "["})
    with pytest.raises(ValueError):
        compile_rule({"url": "/a", "regex": "b"})
