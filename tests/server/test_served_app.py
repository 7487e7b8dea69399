"""The SDK API serves each app from a per-process cache; every change an admin makes must show at once."""
import threading

import pytest
from flask import Flask

from server.extensions import db
from server.models import App
from server.services import tours
from server.services.served_app import PAGES_KEPT, RENDERED_KEPT, served_app
from tests.factories import HOST, auth_headers, make_admin, make_app, make_tour, user_token

OTHER = "https://other.example"


def boot(client, app_record, origin=HOST, **params):
    return client.get("/api/v1/sdk/bootstrap", query_string={"user_id": "u1", "url": "/app/x", **params},
                      headers={"X-Waypost-Key": app_record.key, "Origin": origin})


def test_origin_changes_apply_to_the_next_request(client, app):
    app_record = make_app()
    owner = auth_headers(app, make_admin("owner"))
    assert boot(client, app_record).status_code == 200  # now cached
    assert boot(client, app_record, OTHER).status_code == 403
    response = client.patch(f"/api/v1/apps/{app_record.id}", json={"origins": [OTHER]}, headers=owner)
    assert response.status_code == 200
    allowed = boot(client, app_record, OTHER)
    assert allowed.status_code == 200 and allowed.headers["Access-Control-Allow-Origin"] == OTHER
    assert boot(client, app_record, HOST).status_code == 403


def test_identity_settings_and_secret_rotation_apply_at_once(client, app):
    app_record = make_app()
    owner = auth_headers(app, make_admin("owner"))
    assert boot(client, app_record).status_code == 200
    client.patch(f"/api/v1/apps/{app_record.id}", json={"require_identity": True}, headers=owner)
    assert boot(client, app_record).get_json()["error"]["code"] == "identity_required"
    old_token = user_token(app_record, "u1")
    assert boot(client, app_record, user_token=old_token).status_code == 200
    rotated = client.post(f"/api/v1/apps/{app_record.id}/rotate-secret", headers=owner).get_json()
    assert boot(client, app_record, user_token=old_token).get_json()["error"]["code"] == "identity_invalid"
    new_token = user_token(app_record, "u1", secret=rotated["secret"])
    assert boot(client, app_record, user_token=new_token).status_code == 200


def test_tours_and_page_articles_follow_publishing(client, app):
    app_record = make_app()
    editor = auth_headers(app, make_admin("editor"))
    assert boot(client, app_record).get_json()["tours"] == []
    tour = make_tour(app_record, "welcome")
    assert [t["id"] for t in boot(client, app_record).get_json()["tours"]] == ["welcome"]
    tours.unpublish(tour)
    assert boot(client, app_record).get_json()["tours"] == []

    base = f"/api/v1/apps/{app_record.id}/kb/articles"
    created = client.post(base, headers=editor, json={
        "slug": "help", "locale": "en", "title": "Help here", "body": "x", "pages": [{"url": "/app/*"}],
        "status": "published"}).get_json()
    assert [a["title"] for a in boot(client, app_record).get_json()["help"]["articles"]] == ["Help here"]
    client.patch(f"{base}/{created['id']}", headers=editor, json={"title": "Renamed"})
    assert [a["title"] for a in boot(client, app_record).get_json()["help"]["articles"]] == ["Renamed"]
    client.post(f"{base}/{created['id']}/unpublish", headers=editor)
    assert boot(client, app_record).get_json()["help"]["articles"] == []


def test_concurrent_changes_each_move_the_revision(app: Flask):
    """Revisions are bumped in SQL, so two changes committed at once can't both land on one number."""
    app_record = make_app()
    drafts = [make_tour(app_record, f"t{i}", publish=False).id for i in range(4)]
    start = db.session.get(App, app_record.id).revision
    db.session.remove()
    barrier = threading.Barrier(len(drafts))

    def publish(tour_id):
        with app.app_context():
            from server.models import Tour
            tour = db.session.get(Tour, tour_id)
            barrier.wait()
            tours.publish(tour, "t")
            db.session.commit()  # each thread is a request of its own: the service flushes, the caller commits
            db.session.remove()

    threads = [threading.Thread(target=publish, args=(tour_id,)) for tour_id in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert db.session.get(App, app_record.id).revision == start + len(drafts)
    assert sorted(t.slug for t in served_app(app_record.key).tours) == ["t0", "t1", "t2", "t3"]


def test_what_a_page_gets_is_computed_once_per_snapshot_and_kept_bounded(client, app):
    app_record = make_app()
    tour = make_tour(app_record, "on-billing", match={"url": "/billing*"})
    db.session.commit()
    assert [t["id"] for t in boot(client, app_record, url="/billing/plans").get_json()["tours"]] == ["on-billing"]
    assert boot(client, app_record, url="/other").get_json()["tours"] == []
    snapshot = served_app(app_record.key)
    assert snapshot.pages[("tours", "/billing/plans")].ids == {tour.id}
    calls = []
    for n in range(PAGES_KEPT + 10):
        assert snapshot.for_page(("n", n), lambda: calls.append(n) or n) == n
        assert snapshot.for_page(("n", n), lambda: calls.append(-1)) == n  # kept: not computed again
    assert calls == list(range(PAGES_KEPT + 10)) and len(snapshot.pages) <= PAGES_KEPT
    assert [t["id"] for t in boot(client, app_record, url="/billing").get_json()["tours"]] == ["on-billing"]


def test_rendered_tours_are_kept_per_tour_locale_and_bounded(client, app):
    app_record = make_app()
    make_tour(app_record, "hello", translations={"th": {"name": "สวัสดี", "steps": {"hello": {"title": "สวัสดี"}}}})
    db.session.commit()
    tour = served_app(app_record.key).tours[0]
    spellings = [f"th-x{n}" for n in range(RENDERED_KEPT * 3)] + [f"de-x{n}" for n in range(RENDERED_KEPT * 3)]
    rendered = [tour.render(locale) for locale in spellings]
    assert {p["locale"] for p in rendered} == {"th", "en"} and rendered[0]["name"] == "สวัสดี"
    assert rendered[0] is rendered[-RENDERED_KEPT * 3 - 1] and rendered[-1] is tour.render("en")  # rendered once each
    assert len(tour.rendered) <= RENDERED_KEPT + 2  # and the two tour locales themselves


@pytest.mark.parametrize("audience, tours", [
    (None, ["first"]),
    ({"all": [{"event": "custom:export", "op": "fewer_than", "count": 1, "within_days": 7}]}, ["first"]),
    ({"all": [{"event": "custom:export", "op": "at_least", "count": 1, "within_days": 7}]}, []),
])
def test_a_bootstrap_of_a_known_user_runs_two_statements(client, app, audience, tours):
    """The app's revision and the user with their progress, and with the counts of their events that the page's
    rules ask: everything else comes from the snapshot."""
    from sqlalchemy import event as sa_event

    app_record = make_app()
    make_tour(app_record, "first", match={"url": "/app/*"}, **({"audience": audience} if audience else {}))
    db.session.commit()
    assert boot(client, app_record).status_code == 200  # the user now exists, the snapshot is built
    assert app_record.key  # loaded now, so that reading it below runs no statement of the test's own
    statements = []
    listener = lambda conn, cursor, statement, *rest: statements.append(statement)  # noqa: E731
    sa_event.listen(db.engine, "before_cursor_execute", listener)
    try:
        answer = boot(client, app_record)
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", listener)
    assert answer.status_code == 200 and [t["id"] for t in answer.get_json()["tours"]] == tours
    assert len(statements) == 2, statements
    assert "apps" in statements[0] and "end_users" in statements[1] and "tour_progress" in statements[1]
    assert ("events" in statements[1]) == (audience is not None)
