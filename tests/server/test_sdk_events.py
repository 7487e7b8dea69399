"""POST /api/v1/sdk/events: batches, idempotency under retries and races, beacons, limits."""
import json
import threading
from datetime import UTC

from sqlalchemy import func, select, text

from server.extensions import db
from server.models import Event, TourProgress
from tests.conftest import new_uuid
from tests.factories import HOST, make_app, make_tour


def event(kind="step_viewed", **extra):
    return {"id": new_uuid(), "type": kind, "ts": "2026-11-25T10:00:00Z", "url": "/app/x",
            "tour_id": "welcome", "tour_version": 1, "step_id": "hello", **extra}


def post(client, app_record, events, user_id="u1", **kwargs):
    return client.post("/api/v1/sdk/events", json={"user_id": user_id, "events": events},
                       headers={"X-Waypost-Key": app_record.key}, **kwargs)


def stored(app_record) -> int:
    return db.session.scalar(select(func.count()).select_from(Event).filter_by(app_id=app_record.id))


def test_batch_is_stored_and_a_retry_counts_as_duplicates(client):
    app_record = make_app()
    batch = [event(), event("custom:clicked_upgrade", data={"plan": "pro"})]
    first = post(client, app_record, batch)
    assert first.status_code == 202 and first.get_json() == {"accepted": 2, "duplicates": 0}
    retry = post(client, app_record, batch + [event()])
    assert retry.get_json() == {"accepted": 1, "duplicates": 2}
    assert stored(app_record) == 3
    row = db.session.scalar(select(Event).filter_by(type="custom:clicked_upgrade"))
    assert row.data == {"plan": "pro"} and row.url == "/app/x" and row.client_ts.year == 2026


def test_custom_events_take_any_name_that_fits_the_column(client):
    app_record = make_app()
    names = ["custom:ปุ่ม กด", "custom:Button Clicked", "custom:export/csv (all)", "custom:" + "x" * 57, "custom:تصدير",
             "custom:" + "\U0001F600" * 57]
    response = post(client, app_record, [event(name) for name in names])
    assert response.status_code == 202 and response.get_json()["accepted"] == len(names)
    assert sorted(db.session.scalars(select(Event.type).filter_by(app_id=app_record.id))) == sorted(names)
    for bad in ["custom:", "custom:" + "x" * 58, "custom:a\n", "custom:tab\there", "custom:a\x7f", "custom:a\x85",
                "Custom:x", "custom"]:
        refused = post(client, app_record, [event(bad)])
        assert refused.status_code == 422 and "type" in refused.get_json()["error"]["fields"]["events"]["0"], bad


def test_same_id_twice_in_one_batch_is_stored_once(client):
    app_record = make_app()
    one = event()
    assert post(client, app_record, [one, one]).get_json() == {"accepted": 1, "duplicates": 1}


def test_event_ids_are_unique_per_user_not_globally(client):
    first, second = make_app(), make_app()
    shared = event()
    assert post(client, first, [shared]).get_json()["accepted"] == 1
    assert post(client, second, [shared]).get_json()["accepted"] == 1
    assert post(client, first, [shared], user_id="u2").get_json()["accepted"] == 1
    assert post(client, first, [shared]).get_json() == {"accepted": 0, "duplicates": 1}


def test_concurrent_retries_store_each_event_once(app, tmp_path):
    app_record = make_app()
    key, batch = app_record.key, [event() for _ in range(20)]
    results, errors = [], []

    def send():
        with app.app_context():
            try:
                response = app.test_client().post("/api/v1/sdk/events", json={"user_id": "u1", "events": batch},
                                                  headers={"X-Waypost-Key": key})
                results.append((response.status_code, response.get_json()))
            except Exception as exc:  # surfaced by the assertion below
                errors.append(exc)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(status == 202 for status, _ in results), results
    assert sum(body["accepted"] for _, body in results) == 20
    assert stored(app_record) == 20


def test_text_plain_beacon_with_key_in_query(client):
    app_record = make_app()
    body = json.dumps({"user_id": "u1", "events": [event()]})
    response = client.post(f"/api/v1/sdk/events?key={app_record.key}", data=body,
                           content_type="text/plain;charset=UTF-8", headers={"Origin": HOST})
    assert response.status_code == 202 and response.headers["Access-Control-Allow-Origin"] == HOST
    assert stored(app_record) == 1


def test_a_beacon_from_a_foreign_origin_is_refused_and_not_stored(client):
    app_record = make_app()
    body = json.dumps({"user_id": "u1", "events": [event()]})
    response = client.post(f"/api/v1/sdk/events?key={app_record.key}", data=body, content_type="text/plain",
                           headers={"Origin": "https://evil.example"})
    assert response.status_code == 403 and stored(app_record) == 0


def test_one_bad_event_rejects_the_whole_batch(client):
    app_record = make_app()
    response = post(client, app_record, [event(), event(type="exploded"), event(id="not-a-uuid")])
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert set(fields["events"]) == {"1", "2"}
    assert "type" in fields["events"]["1"] and "id" in fields["events"]["2"]
    assert stored(app_record) == 0


def test_batch_limit_empty_batch_and_malformed_bodies(client, app):
    app_record = make_app()
    limit = app.config["WAYPOST_EVENT_BATCH_LIMIT"]
    too_many = post(client, app_record, [event() for _ in range(limit + 1)])
    assert too_many.status_code == 422 and "events" in too_many.get_json()["error"]["fields"]
    assert post(client, app_record, []).status_code == 422
    broken = client.post("/api/v1/sdk/events", data="{", content_type="application/json",
                         headers={"X-Waypost-Key": app_record.key})
    assert broken.status_code == 400 and broken.get_json()["error"]["code"] == "invalid_json"
    xml = client.post("/api/v1/sdk/events", data="<x/>", content_type="application/xml",
                      headers={"X-Waypost-Key": app_record.key})
    assert xml.status_code == 415
    assert stored(app_record) == 0


def test_oversized_body_is_413_not_500(client, app):
    app_record = make_app()
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = post(client, app_record, [event(data={"x": "y" * 2000})])
    assert response.status_code == 413 and response.get_json()["error"]["code"] == "request_entity_too_large"


def test_events_drive_tour_progress(client):
    app_record = make_app()
    make_tour(app_record)
    post(client, app_record, [event("tour_started", ts="2026-11-25T10:00:00Z", step_id=None),
                              event("step_viewed", ts="2026-11-25T10:00:01Z", step_id="button")])
    progress = db.session.scalar(select(TourProgress))
    assert (progress.status, progress.step_id, progress.version) == ("in_progress", "button", 1)
    post(client, app_record, [event("tour_completed", ts="2026-11-25T10:00:05Z")])
    db.session.expire_all()
    progress = db.session.scalar(select(TourProgress))
    assert progress.status == "completed" and progress.completed_at is not None


def test_events_for_unknown_tours_are_kept_in_the_log(client):
    app_record = make_app()
    assert post(client, app_record, [event("tour_started", tour_id="deleted-tour")]).get_json()["accepted"] == 1
    assert db.session.scalar(select(func.count()).select_from(TourProgress)) == 0


def test_completing_a_step_moves_resume_point_to_the_next_step(client):
    app_record = make_app()
    make_tour(app_record)
    post(client, app_record, [event("tour_started", step_id=None),
                              event("step_completed", ts="2026-11-25T10:00:02Z", step_id="hello")])
    assert db.session.scalar(select(TourProgress)).step_id == "button"


def test_stored_values_round_trip_whatever_fields_a_batch_leaves_out(client):
    app_record = make_app()
    bare = {"id": new_uuid(), "type": "custom:opened_menu", "ts": "2026-11-25T17:30:00.250+07:00"}
    rich = {**event("search", query="ค้นหา ใบแจ้งหนี้"), "data": {"nested": {"list": [1, "ی"]}, "n": None}}
    assert post(client, app_record, [bare]).get_json() == {"accepted": 1, "duplicates": 0}
    assert post(client, app_record, [rich]).get_json() == {"accepted": 1, "duplicates": 0}
    first = db.session.scalar(select(Event).filter_by(client_id=bare["id"]))
    assert (first.tour_id, first.tour_version, first.step_id, first.query, first.url, first.data) == (
        None, None, None, None, None, None)
    assert first.client_ts.isoformat() == "2026-11-25T10:30:00.250000+00:00"
    second = db.session.scalar(select(Event).filter_by(client_id=rich["id"]))
    assert second.query == "ค้นหา ใบแจ้งหนี้" and second.data == rich["data"] and second.tour_version == 1
    raw = db.session.execute(text("SELECT data IS NULL, CAST(data AS TEXT) FROM events WHERE client_id = :id"),
                             {"id": bare["id"]}).one()
    assert not raw[0] and raw[1] == "null"  # JSON null, as SQLAlchemy's own INSERT stored it


def test_a_bulk_insert_larger_than_one_statement_allows_is_split(client):
    from datetime import datetime, timezone

    from server.models import EventDay
    from server.services.event_store import EVENT_COLUMNS, store_events
    from server.services.sql import SQLITE_MAX_VARIABLES

    app_record = make_app()
    assert post(client, app_record, [event()]).status_code == 202
    user_id = db.session.scalar(select(Event.end_user_id))
    count = SQLITE_MAX_VARIABLES // len(EVENT_COLUMNS) * 2 + 7
    now = datetime.now(UTC)
    rows = [(app_record.id, new_uuid(), "custom:x", user_id, None, None, None, None, None, None, now, now, None)
            for _ in range(count)]
    returned = store_events(rows + rows[:5])
    assert returned == {row[1] for row in rows} and stored(app_record) == count + 1
    assert db.session.scalar(select(EventDay.events).filter_by(type="custom:x")) == count  # each event added once
