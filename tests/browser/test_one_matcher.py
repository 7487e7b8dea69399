"""One matcher for page rules: the server compiles each glob to a regular expression and matches with it; the SDK
(a step's url_pattern) and the admin UI's tester run that very source in the browser. Chromium's RegExp and the
server must agree on every case, including the bracket corners where a hand-written port of fnmatch went wrong."""
import itertools

from server.rules.url_rules import compile_rule, glob_regex

from .admin_fixtures import admin_dist, admin_page, admin_server  # noqa: F401

GLOBS = ["/app/*", "/app/*/settings", "/a?c", "/[ab]x", "/[!ab]x", "/x[", "*", "/app/projects*", "/a.b", "/a+b",
         "/[^a]x", "/(x)", "/a/**", "/[a-c]z", "/]", "/[]]x", "/[!]]x", "/[z-a]x", "/[a-]x", "/[-a]x", "/[\\]x",
         "/[[]x", "/$x", "/{a}", "/a|b", "/a\\b", "/ü/*", "/ก*", "/[!]x", "/[]", "/[!]"]
PATHS = ["/app/", "/app/x", "/app/x/settings", "/app/x/y/settings", "/abc", "/a/c", "/ax", "/cx", "/x[", "/", "/a.b",
         "/axb", "/a+b", "/^x", "/(x)", "/a/b/c", "/bz", "/]", "/]x", "/app/projects/42", "/app/settings/", "/-x",
         "/\\x", "/[x", "/$x", "/{a}", "/a|b", "/a\\b", "/ü/x", "/กข", "/!x", "/[]", "/app/x\n"]
# Short globs over the characters that matter, every combination up to three of them
CORNERS = ["/" + "".join(chars) for n in (1, 2, 3) for chars in itertools.product("a]![-^*?\\", repeat=n)]


def _in_browser(page, cases):
    return page.evaluate("cases => cases.map(([source, path]) => new RegExp(source).test(path))", cases)


def test_chromium_runs_the_servers_patterns_as_the_server_does(browser):
    page = browser.new_page()
    try:
        for globs, paths in ((GLOBS, PATHS), (CORNERS, ["/a", "/]", "/!", "/[", "/-", "/^", "/\\", "/a]", "/", "/ab"])):
            cases = [(glob, path) for glob in globs for path in paths]
            answers = _in_browser(page, [(glob_regex(glob), path) for glob, path in cases])
            on_server = [compile_rule({"url": glob})(path) for glob, path in cases]
            wrong = [(glob, path, mine) for (glob, path), mine, theirs in zip(cases, answers, on_server)
                     if mine != theirs]
            assert wrong == []
        # and the cases that matter hold both ways (the comparison above would also pass if both never matched)
        assert compile_rule({"url": "/[]]x"})("/]x") and compile_rule({"url": "/[!]]x"})("/ax")
        assert not compile_rule({"url": "/app/settings"})("/app/settings/")
    finally:
        page.close()


def test_the_admin_tester_asks_the_server(admin_page, admin_server):
    app = admin_server.new_app("Tester")
    page = admin_page
    page.login("editor")
    page.open(f"/apps/{app['id']}/tours/new")
    page.get_by_label("Page rule", exact=True).select_option("url")
    page.get_by_label("Path glob", exact=True).fill("/[]]x")
    tester = page.get_by_label("Does this URL match?")
    tester.fill("https://host.example/]x?tab=2")
    page.get_by_role("status").filter(has_text="/]x matches.").wait_for()
    tester.fill("/x")
    page.get_by_role("status").filter(has_text="/x does not match.").wait_for()
    page.expect_http_errors(422)  # the refused rule's answer
    page.get_by_label("Page rule", exact=True).select_option("regex")
    page.get_by_label("Path regex", exact=True).fill("^/(?=x)")
    page.get_by_role("status").filter(has_text="linear time").wait_for()
