"""Page rules and step urls as authored: regexes that run in linear time, step urls on the app's own origin."""
import json

import pytest
from sqlalchemy import update

from server.extensions import db
from server.models import TourVersion
from server.rules.url_rules import compile_rule, rule_problem
from server.services.served_app import touch
from server.services.tour_files import load_tour_file
from tests.factories import auth_headers, make_admin, make_app, make_tour, tour_spec

EVIL = r"^/(a+)+$"
NOT_LINEAR = [r"^/(a)\1$", r"^/app(?=/x)", r"^/app(?!/x)", r"(?<=/)admin", r"(?<!x)y", r"^/a{1001}"]


def boot(client, app_record, url):
    answer = client.get("/api/v1/sdk/bootstrap", headers={"X-Waypost-Key": app_record.key},
                        query_string={"user_id": "anon-1", "url": url})
    assert answer.status_code == 200
    return [t["id"] for t in answer.get_json()["tours"]]


def test_a_catastrophic_pattern_answers_correctly_on_a_crafted_path(client):
    app_record = make_app()
    make_tour(app_record, "evil", match={"regex": EVIL})
    assert boot(client, app_record, "/" + "a" * 28 + "!") == []  # seconds of backtracking in Python's re
    assert boot(client, app_record, "/" + "a" * 28) == ["evil"]
    assert compile_rule({"regex": EVIL})("/" + "a" * 5000 + "b") is False


def test_regexes_keep_the_browsers_meaning():
    assert compile_rule({"regex": r"^/th/[\u0e00-\u0e7f]+$"})("/th/ตั้งค่า") is True
    assert compile_rule({"regex": r"^/n/\d+$"})("/n/\u0664\u0662") is False  # \d is ASCII, as in JavaScript
    assert compile_rule({"regex": r"^/a\\u0041$"})("/a\\u0041") is True  # an escaped backslash, then text


@pytest.mark.parametrize("pattern", NOT_LINEAR)
def test_patterns_re2_cannot_run_are_field_errors_everywhere(client, app, tmp_path, pattern):
    assert rule_problem({"regex": pattern}).startswith("Not supported: page rules run in linear time")
    app_record = make_app()
    editor = auth_headers(app, make_admin("editor"))
    tour = client.post(f"/api/v1/apps/{app_record.id}/tours", json=tour_spec(match={"regex": pattern}), headers=editor)
    assert tour.status_code == 422 and "regex" in tour.get_json()["error"]["fields"]["match"]
    article = {"slug": "a", "locale": "en", "title": "T", "body": "b", "status": "published",
               "pages": [{"regex": pattern}]}
    created = client.post(f"/api/v1/apps/{app_record.id}/kb/articles", json=article, headers=editor)
    assert created.status_code == 422 and "pages" in created.get_json()["error"]["fields"]
    imported = client.post(f"/api/v1/apps/{app_record.id}/kb/import", json={"articles": [article]}, headers=editor)
    assert imported.status_code == 422 and "articles" in imported.get_json()["error"]["fields"]
    path = tmp_path / "tour.yaml"
    path.write_text("id: demo\nname: Demo\nmatch:\n  regex: " + json.dumps(pattern) + "\nsteps:\n  - id: a\n"
                    "    title: A\n", encoding="utf-8")
    spec, problems = load_tour_file(path)
    assert spec is None and [(p.line, p.message.split(":")[0]) for p in problems] == [(4, "match.regex")]


def test_a_stored_rule_that_is_now_refused_matches_no_page_instead_of_failing(client):
    app_record = make_app()
    make_tour(app_record, "old", match={"regex": "^/app"})
    make_tour(app_record, "fine", match={"url": "/app*"})
    spec = tour_spec("old", match={"regex": "^/app(?=/x)"})
    db.session.execute(update(TourVersion).where(TourVersion.spec["id"].as_string() == "old").values(spec=spec))
    touch(app_record.id)
    db.session.commit()
    assert boot(client, app_record, "/app/x") == ["fine"]


OFF_SITE = ["//evil.example", "/\\evil.example/x", "/\t/evil.example", "/\n/evil.example", "/%5Cevil.example",
            "/%5cevil.example", "\\/evil.example", "/ /evil.example", "/a\u00a0b", "/\x7f/x", "https://evil.example/"]


@pytest.mark.parametrize("url", OFF_SITE)
def test_step_urls_that_could_leave_the_site_are_field_errors(client, app, tmp_path, url):
    app_record = make_app()
    editor = auth_headers(app, make_admin("editor"))
    spec = tour_spec(steps=[{"id": "a", "title": "A", "url": "/ok"}, {"id": "b", "title": "B", "url": url}])
    answer = client.post(f"/api/v1/apps/{app_record.id}/tours", json=spec, headers=editor)
    assert answer.status_code == 422
    assert answer.get_json()["error"]["fields"]["steps"] == {"1": {"url": answer.get_json()["error"]["fields"]
                                                                   ["steps"]["1"]["url"]}}
    path = tmp_path / "tour.yaml"
    path.write_text("id: demo\nname: Demo\nsteps:\n  - id: a\n    title: A\n    url: " + json.dumps(url) + "\n",
                    encoding="utf-8")
    spec, problems = load_tour_file(path)
    assert spec is None and [(p.line, p.message.split(":")[0]) for p in problems] == [(6, "steps[0].url")]


def test_plain_paths_and_globs_stay_valid_step_urls(client, app):
    app_record = make_app()
    editor = auth_headers(app, make_admin("editor"))
    steps = [{"id": f"s{i}", "title": "S", "url": url}
             for i, url in enumerate(["/app/settings", "/app/*", "*/settings", "/th/ตั้งค่า", "/a%20b"])]
    assert client.post(f"/api/v1/apps/{app_record.id}/tours", json=tour_spec(steps=steps),
                       headers=editor).status_code == 201


def test_globs_compile_to_fnmatchs_meaning():
    """The one matcher (glob_regex) means what Python's fnmatch meant, over short globs of every tricky character."""
    import fnmatch
    import itertools
    import re

    from server.rules.url_rules import glob_regex

    alphabet = "a]![-^*?\\/"
    paths = ["/" + "".join(p) for n in range(3) for p in itertools.product("a]![-^\\/", repeat=n)]
    for n in (1, 2, 3):
        for chars in itertools.product(alphabet, repeat=n):
            glob = "/" + "".join(chars)
            whole = re.compile(glob_regex(glob)).fullmatch
            wrong = [p for p in paths if fnmatch.fnmatchcase(p, glob) != (whole(p) is not None)]
            assert wrong == [], (glob, glob_regex(glob), wrong)


def test_bootstrap_sends_each_step_url_with_the_servers_pattern(client):
    app_record = make_app()
    make_tour(app_record, "multi", steps=[{"id": "one", "title": "One"},
                                           {"id": "two", "title": "Two", "url": "/app/[!x]*"}])
    answer = client.get("/api/v1/sdk/bootstrap", headers={"X-Waypost-Key": app_record.key},
                        query_string={"user_id": "u", "url": "/app/projects"})
    (tour,) = answer.get_json()["tours"]
    assert "url_pattern" not in tour["steps"][0]
    assert tour["steps"][1]["url"] == "/app/[!x]*"
    assert tour["steps"][1]["url_pattern"] == "^(?:\\/app\\/[^x][\\s\\S]*)$"


@pytest.mark.parametrize("role", ["owner", "editor", "viewer"])
def test_the_page_rule_endpoint_answers_the_servers_pattern(app, client, role):
    headers = auth_headers(app, make_admin(role))
    glob = client.get("/api/v1/page-rules", headers=headers, query_string={"url": "/[]]x"})
    assert glob.status_code == 200 and glob.get_json() == {"source": "^(?:\\/[\\]]x)$", "whole_path": True}
    regex = client.get("/api/v1/page-rules", headers=headers, query_string={"regex": "^/app/\\d+$"})
    assert regex.get_json() == {"source": "^/app/\\d+$", "whole_path": False}


@pytest.mark.parametrize("query", [
    {}, {"url": ""}, {"url": "https://evil.example/x"}, {"url": "/" + "a" * 600}, {"url": "/a", "regex": "a"},
    {"regex": EVIL[:-1] + "(?=x)"}, {"regex": "("}, {"regex": "^/(a)\\1$"}, {"url": "/a\x00b"}, {"other": "x"},
])
def test_the_page_rule_endpoint_refuses_what_a_tour_would_refuse(app, client, query):
    headers = auth_headers(app, make_admin("viewer"))
    answer = client.get("/api/v1/page-rules", headers=headers, query_string=query)
    assert answer.status_code in (400, 422), (query, answer.get_json())
    assert answer.get_json()["error"]["code"]


def test_the_page_rule_endpoint_needs_an_account(client):
    assert client.get("/api/v1/page-rules", query_string={"url": "/a"}).status_code == 401
