"""A holdout fixture with known rates in the admin UI: the tour's page says how many users in each group reached the
goal, the difference and its 95% interval, and that it is not yet significant; at 375 px, axe-clean."""
import math
import uuid
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from server.extensions import db
from server.models import App, EndUser, Event

from .admin_fixtures import admin_dist, admin_page_in, admin_server  # noqa: F401
from .test_admin import AXE
from .test_admin_tour_decisions import make_tours


def test_the_goal_card_shows_the_lift_and_its_interval(browser, admin_server):
    app = admin_server.new_app("Goal")
    make_tours(admin_server, app, {"id": "export-tip", "name": "Export tip", "auto": True, "holdout": 33,
                                   "goal": {"event": "custom:exported", "within_days": 7},
                                   "steps": [{"id": "a", "title": "Export from here"}]})
    start = datetime.now(UTC) - timedelta(days=10)
    with admin_server.flask_app.app_context():
        users = {group: [EndUser(app_id=app["id"], external_id=f"{group}{i}", traits={}) for i in range(n)]
                 for group, n in (("s", 40), ("h", 20))}
        db.session.add_all([*users["s"], *users["h"]])
        db.session.flush()

        def event(user, kind, at, tour_id=None):
            return Event(app_id=app["id"], client_id=str(uuid.uuid4()), type=kind, end_user_id=user.id,
                         tour_id=tour_id, client_ts=at, received_at=at)

        db.session.add_all([event(u, "tour_started", start, "export-tip") for u in users["s"]]
                           + [event(u, "experience_held_out", start, "export-tip") for u in users["h"]]
                           + [event(u, "custom:exported", start + timedelta(days=1))
                              for u in users["s"][:12] + users["h"][:4]])
        db.session.commit()
        db.session.remove()
    margin = 1.959964 * math.sqrt(0.3 * 0.7 / 40 + 0.2 * 0.8 / 20)
    low, high = round(100 * (0.1 - margin), 1), round(100 * (0.1 + margin), 1)
    with admin_page_in(browser, admin_server, bypass_csp=True) as page:
        page.set_viewport_size({"width": 375, "height": 800})
        page.login("viewer")
        page.open(f"/apps/{app['id']}/tours/export-tip")
        card = page.get_by_role("region", name="Did it work?")
        rows = card.get_by_role("table").locator("tbody tr")
        expect(rows).to_have_text(["Shown401230.0%", "Held out20420.0%"])
        expect(card.locator("[data-lift]")).to_have_text(
            f"Difference +10 points (95% interval {low} to {high} points): not yet significant, the interval "
            "includes 0.")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.add_script_tag(path=str(AXE))
        assert page.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)") == []


def test_the_goal_card_compares_the_two_versions_of_an_ab_test(browser, admin_server):
    from server.services.targeting import in_variant

    app = admin_server.new_app("AB")
    spec = {"id": "ab-tip", "name": "جولة أ/ب", "auto": True, "goal": {"event": "custom:exported", "within_days": 7},
            "variant": {"percent": 50, "steps": [{"id": "a", "title": "B: export from here"}]},
            "steps": [{"id": "a", "title": "Export from here"}]}
    make_tours(admin_server, app, spec)
    start = datetime.now(UTC) - timedelta(days=10)
    with admin_server.flask_app.app_context():
        secret = db.session.get(App, app["id"]).secret
        users = [EndUser(app_id=app["id"], external_id=f"ab{i}", traits={}) for i in range(60)]
        db.session.add_all(users)
        db.session.flush()
        groups = {"b": [u for u in users if in_variant(secret, spec, "ab-tip", u.external_id)]}
        groups["a"] = [u for u in users if u not in groups["b"]]
        reached = groups["a"][: len(groups["a"]) // 5] + groups["b"][: len(groups["b"]) // 2]
        db.session.add_all([Event(app_id=app["id"], client_id=str(uuid.uuid4()), type=kind, end_user_id=u.id,
                                  tour_id=tour_id, client_ts=at, received_at=at)
                            for kind, tour_id, at, who in (("tour_started", "ab-tip", start, users),
                                                           ("custom:exported", None, start + timedelta(days=1), reached))
                            for u in who])
        db.session.commit()
        counts = {name: (len(g), sum(u in reached for u in g)) for name, g in groups.items()}
        db.session.remove()
    with admin_page_in(browser, admin_server, bypass_csp=True) as page:
        page.set_viewport_size({"width": 375, "height": 800})
        page.login("viewer")
        page.open(f"/apps/{app['id']}/tours/ab-tip")
        card = page.get_by_role("region", name="Did it work?")
        expect(card.get_by_role("heading", name="A/B: version B shown to 50%")).to_be_visible()
        ab = card.get_by_role("table", name="A/B: version B shown to 50%").locator("tbody tr")
        rate = {name: f"{100 * c / n:.1f}%" for name, (n, c) in counts.items()}
        expect(ab).to_have_text([f"A (its own){counts['a'][0]}{counts['a'][1]}{rate['a']}",
                                 f"B (its variant){counts['b'][0]}{counts['b'][1]}{rate['b']}"])
        expect(card.locator("[data-ab-lift]")).to_contain_text("B − A: +")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.add_script_tag(path=str(AXE))
        assert page.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)") == []
