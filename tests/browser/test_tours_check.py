"""`waypost tours check` as a user runs it (the installed command, real Chromium): the demo's own tour files pass
against the demo host app; a copy with one selector renamed fails at that selector's line and column, in text,
GitHub annotations and JUnit XML, with screenshots; targets covered, hidden, repeated, behind a login (a
storage-state file); and hostile options."""
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from .conftest import CHROMIUM
from .test_demo import demo  # noqa: F401  (the demo host app as `make demo` serves it)

ROOT = Path(__file__).resolve().parents[2]
WAYPOST = str(Path(sys.executable).parent / "waypost")


def check(*args, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([WAYPOST, "tours", "check", *map(str, args), "--chromium", CHROMIUM], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def test_the_demo_tours_pass_against_the_demo_app(demo, tmp_path):
    done = check("tours/", "--base-url", demo, "--junit", tmp_path / "junit.xml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""  # nothing broken, nothing skipped (the regex tour names its sample_url)
    assert re.search(r"^(\d+) checked, 0 broken\.$", done.stderr, re.M)
    suites = ElementTree.parse(tmp_path / "junit.xml").getroot()
    names = {case.get("name") for case in suites.iter("testcase")}
    assert "step open-projects (#nav-projects)" in names and "hotspot digest (#notify-digest)" in names
    assert sum(int(s.get("failures")) for s in suites.iter("testsuite")) == 0


def test_a_renamed_selector_fails_at_its_line_in_every_format(demo, tmp_path):
    tours = tmp_path / "tours"
    tours.mkdir()
    text = (ROOT / "tours" / "settings-tour.yaml").read_text(encoding="utf-8").replace('"#timezone"', '"#time-zone"')
    (tours / "settings-tour.yaml").write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "tours" / "getting-started.yaml", tours)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "#time-zone" in row)
    col = text.splitlines()[line - 1].index('"#time-zone"') + 1
    file = tours / "settings-tour.yaml"

    done = check(tours, "--base-url", demo, "--timeout", 500, "--screenshots", tmp_path / "shots",
                 "--junit", tmp_path / "junit.xml")
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        f"{file}:{line}:{col}: settings-tour step timezone: target #time-zone not found on "
        f"{demo}/demo/settings (waited 500 ms)."]
    assert "1 broken" in done.stderr
    shots = sorted(p.name for p in (tmp_path / "shots").iterdir())
    assert "settings-tour--timezone.png" in shots and "getting-started--stats.png" in shots
    suites = {s.get("name"): s for s in ElementTree.parse(tmp_path / "junit.xml").getroot().iter("testsuite")}
    broken = suites[str(file)]
    assert (broken.get("tests"), broken.get("failures")) == ("5", "1")
    [failure] = broken.iter("failure")
    assert "#time-zone not found" in failure.get("message")

    github = check(tours, "--base-url", demo, "--timeout", 500, "--format", "github")
    assert github.returncode == 1
    assert github.stdout.splitlines() == [
        f"::error file={file},line={line},col={col},title=Waypost tour check::settings-tour step timezone: target "
        f"#time-zone not found on {demo}/demo/settings (waited 500 ms)."]


def test_covered_hidden_repeated_and_behind_a_login(host, tmp_path):
    tour = {"id": "checks", "name": "Checks", "match": {"url": "/t/check/*"}, "sample_url": "/t/check/page?covered=1&hidden=1",
            "steps": [{"id": "ok", "title": "Fine", "target": "#host-button"},
                      {"id": "far", "title": "Below the fold", "target": "#far-below"},
                      {"id": "under", "title": "Covered", "target": "#under"},
                      {"id": "hidden", "title": "Hidden", "target": "#never-shown"},
                      {"id": "many", "title": "Many", "target": "main p"},
                      {"id": "account", "title": "Logged in", "target": "#account-menu"},
                      {"id": "shadow", "title": "In a web component", "target": "#card >>> #shadow-save"},
                      {"id": "framed", "title": "In an iframe", "target": "#frame >>> #frame-pay"}],
            "translations": {"th": {"steps": {"ok": {"title": "ดี"}}}}}
    path = tmp_path / "checks.json"
    path.write_text(json.dumps(tour, ensure_ascii=False, indent=1), encoding="utf-8")
    done = check(path, "--base-url", host, "--timeout", 300)
    assert done.returncode == 1
    out = done.stdout
    assert "step ok:" not in out and "step far:" not in out  # scrolled to, it is on screen
    assert "step shadow:" not in out and "step framed:" not in out  # found through >>>, not covered
    assert "step under: target #under is covered by div#cover." in out
    assert "step hidden: target #never-shown is on" in out and "but not visible" in out
    assert "warning: checks step many: target main p matches 3 elements" in out
    assert "step account: target #account-menu not found" in out
    assert "warning: checks translations: th: step far has no title (shows in en)." in out
    assert "3 broken" in done.stderr

    state = tmp_path / "state.json"
    state.write_text(json.dumps({"cookies": [], "origins": [
        {"origin": host, "localStorage": [{"name": "logged-in", "value": "1"}]}]}), encoding="utf-8")
    logged_in = check(path, "--base-url", host, "--timeout", 300, "--storage-state", state)
    assert "step account:" not in logged_in.stdout and "2 broken" in logged_in.stderr


@pytest.mark.parametrize("option, value", [
    ("--base-url", "javascript:alert(1)"), ("--base-url", "file:///etc/passwd"), ("--base-url", "//evil.test"),
    ("--base-url", "http://user:pw@host.test"), ("--viewport", "9x9"), ("--viewport", "1280x800;rm"),
    ("--timeout", "-1"), ("--storage-state", "/nonexistent.json"),
])
def test_hostile_options_are_refused_before_any_browser(option, value):
    args = {"--base-url": "http://127.0.0.1:9", option: value}
    done = check("tours/", *[x for pair in args.items() for x in pair], timeout=30)
    assert done.returncode == 2 and "Error" in done.stderr and "Traceback" not in done.stderr, done.stderr
