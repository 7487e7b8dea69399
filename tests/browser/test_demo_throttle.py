"""Priority and throttle on the demo app (as `make demo` seeds it): on a page where two tours would start, the
higher priority one does and the other waits for a later page; with the app throttled to one experience per
session, a tour started on the dashboard keeps the settings tour from starting, and the why says so."""
import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from server import create_app
from server.extensions import db
from server.models import App, EndUser, Event
from server.schemas.experience_spec import ExperienceSpecSchema
from server.services import tours
from server.services.apps import update_app_record
from server.services.demo import DEMO_APP_NAME, seed_demo
from server.services.targeting import explain_tours

from .conftest import ServerThread


def stored(flask_app, page, user_id: str, kind: str, timeout_ms: int = 10000) -> None:
    """Waits until the server has the user's event of this kind (the snippet sends in batches)."""
    for _ in range(timeout_ms // 200):
        with flask_app.app_context():
            found = db.session.scalar(select(Event.id).join(EndUser).where(EndUser.external_id == user_id,
                                                                           Event.type == kind).limit(1))
            db.session.remove()
        if found:
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"no {kind} event from {user_id}")


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory, sdk_build):
    flask_app = create_app({
        "SECRET_KEY": "demo-throttle-tests-secret-key-long-enough",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite3'}",
        "WAYPOST_SDK_DIST": str(sdk_build),
        "WAYPOST_SDK_RATE_LIMIT": "100000 per minute",
    })
    with ServerThread(flask_app) as server:
        url = f"http://127.0.0.1:{server.port}"
        with flask_app.app_context():
            upgrade()
            seed_demo([url])
            app = db.session.scalar(select(App).filter_by(name=DEMO_APP_NAME))
            news = tours.create_tour(app, ExperienceSpecSchema().load({
                "id": "settings-news", "name": "What's new in settings", "auto": True, "priority": 5,
                "match": {"url": "/demo/settings"}, "steps": [{"id": "news", "title": "Weekly summaries are here"}]}))
            tours.publish(news, "test")
            db.session.commit()
        yield flask_app, url


def test_priority_then_the_session_throttle_on_the_demo(demo_app, page, user_id):
    flask_app, url = demo_app
    # priority: of the two tours of the settings page, the higher one starts; the other waits for a later page
    page.open(f"{url}/demo/settings?user={user_id}-p")
    page.step("news").wait_for()
    assert page.step("intro").count() == 0
    page.action("done").click()
    stored(flask_app, page, f"{user_id}-p", "tour_completed")
    page.open(f"{url}/demo/settings?user={user_id}-p")
    page.step("intro").wait_for()

    with flask_app.app_context():
        app = db.session.scalar(select(App).filter_by(name=DEMO_APP_NAME))
        update_app_record(app, {"throttle": {"per_session": 1}})
        db.session.commit()
    page.open(f"{url}/demo/?user={user_id}-t")
    page.step("welcome").wait_for()
    page.action("close").click()
    stored(flask_app, page, f"{user_id}-t", "tour_dismissed")
    with page.expect_response(lambda r: "/bootstrap" in r.url) as answer:
        page.open(f"{url}/demo/settings?user={user_id}-t")
    assert not any(t["auto"] for t in answer.value.json()["tours"])  # news and the settings tour wait
    page.wait_for_timeout(500)
    assert page.step().count() == 0
    with flask_app.app_context():
        app = db.session.scalar(select(App).filter_by(name=DEMO_APP_NAME))
        why = {d["tour_id"]: d["reason"] for d in explain_tours(app, f"{user_id}-t", "/demo/settings")}
        db.session.remove()
    assert why["settings-news"] == {"code": "throttled", "why": "session", "limit": 1, "shown": 1}
