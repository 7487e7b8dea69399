"""The Playwright helper host apps use to test their own tours (sdk_js/testing/playwright.js): its example test,
run by Node against a real Waypost server and a host page, walks a tour to `completed` and reports a missing
target as `target_missing`, through `Waypost('start', id)`'s promise."""
import os
import subprocess
from pathlib import Path

from .conftest import CHROMIUM, page_url

SDK = Path(__file__).resolve().parents[2] / "sdk_js"


def test_the_example_test_walks_a_tour_and_sees_a_missing_target(waypost, host):
    waypost.tour("helper-tour", [
        {"id": "hello", "title": "Hello", "body": "A modal."},
        {"id": "button", "target": "#host-button", "title": "The button", "body": "Here."},
        {"id": "bye", "title": "Bye", "body": "Done."},
    ], {"url": "/t/helper/*"}, auto=False)
    waypost.tour("helper-broken", [
        {"id": "gone", "target": "#renamed-away", "title": "Gone", "body": "Not here."},
    ], {"url": "/t/helper/*"}, auto=False)
    env = {**os.environ, "CHROMIUM": CHROMIUM, "WAYPOST_EXAMPLE_URL": page_url(host, "helper", "index", timeout=500),
           "WAYPOST_EXAMPLE_TOUR": "helper-tour", "WAYPOST_EXAMPLE_STEPS": "hello,button,bye",
           "WAYPOST_EXAMPLE_BROKEN_TOUR": "helper-broken"}
    done = subprocess.run(["node", "--test", "testing/example.test.mjs"], cwd=SDK, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "# pass 2" in done.stdout and "# fail 0" in done.stdout, done.stdout
