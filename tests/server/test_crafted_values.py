"""Values crafted to overflow a column, a datetime or int(): each is a 4xx with the usual error shape, never a 500."""
import pytest
from sqlalchemy import func, insert, select

from server.extensions import db
from server.models import EndUser, Event, SupportRequest
from tests.conftest import new_uuid
from tests.factories import auth_headers, make_admin, make_app


def post_event(client, app_record, **fields):
    event = {"id": new_uuid(), "type": "article_viewed", "ts": "2026-11-25T10:00:00Z", **fields}
    return client.post("/api/v1/sdk/events", json={"user_id": "u1", "events": [event]},
                       headers={"X-Waypost-Key": app_record.key})


def assert_field_error(answer, field):
    assert answer.status_code == 422, answer.get_data(as_text=True)
    error = answer.get_json()["error"]
    assert set(error) == {"code", "message", "fields"} and error["code"] == "validation_error"
    assert field in error["fields"]["events"]["0"], error


@pytest.mark.parametrize("fields, bad", [
    ({"article_id": "²"}, "article_id"),
    ({"article_id": "²", "query": "reset"}, "article_id"),
    ({"article_id": "9" * 40}, "article_id"),
    ({"article_id": "9" * 40, "query": "reset"}, "article_id"),
    ({"article_id": "2147483648"}, "article_id"),
    ({"ts": "9999-12-31T23:00:00-14:00"}, "ts"),
    ({"ts": "0001-01-01T00:00:00+14:00"}, "ts"),
    ({"tour_id": "welcome", "tour_version": 2**70}, "tour_version"),
    ({"tour_id": "welcome", "tour_version": 2**31}, "tour_version"),
])
def test_crafted_event_fields_are_field_errors_and_nothing_is_stored(client, fields, bad):
    app_record = make_app()
    assert_field_error(post_event(client, app_record, **fields), bad)
    assert db.session.scalar(select(func.count()).select_from(Event).filter_by(app_id=app_record.id)) == 0


def test_the_extremes_that_do_exist_are_stored(client):
    app_record = make_app()
    for fields in ({"ts": "9999-12-31T23:00:00+14:00"}, {"ts": "0001-01-01T10:00:00-09:00"},
                   {"article_id": "2147483647"}, {"tour_id": "welcome", "tour_version": 2**31 - 1}):
        assert post_event(client, app_record, **fields).status_code == 202, fields


def test_a_support_request_reads_crafted_ids_stored_earlier_without_failing(client, app):
    app_record = make_app()
    assert post_event(client, app_record, article_id="7").status_code == 202
    user = db.session.scalar(select(EndUser).filter_by(app_id=app_record.id))
    received = db.session.scalar(select(Event.received_at).filter_by(app_id=app_record.id))
    for article_id in ("²", "9" * 40, "-3", "4\u0664"):  # as ingest stored them before it checked article ids
        db.session.execute(insert(Event).values(
            app_id=app_record.id, client_id=new_uuid(), type="article_viewed", end_user_id=user.id,
            article_id=article_id, client_ts=received, received_at=received))
    db.session.commit()
    answer = client.post("/api/v1/sdk/support-requests", json={"user_id": "u1", "message": "help"},
                         headers={"X-Waypost-Key": app_record.key})
    assert answer.status_code == 201
    context = db.session.get(SupportRequest, answer.get_json()["id"]).context
    assert context["articles_viewed"] == [{"id": 7, "title": None}]
    viewer = auth_headers(app, make_admin("viewer"))
    timeline = client.get(f"/api/v1/apps/{app_record.id}/end-users/u1/timeline", headers=viewer)
    assert timeline.status_code == 200 and len(timeline.get_json()["items"]) == 6


def test_admin_date_ranges_at_the_end_of_time_are_field_errors(client, app):
    app_record = make_app()
    viewer = auth_headers(app, make_admin("viewer"))
    base = f"/api/v1/apps/{app_record.id}"
    for path in ("/analytics/tours", "/analytics/articles", "/analytics/searches"):
        answer = client.get(f"{base}{path}?to=9999-12-31", headers=viewer)
        assert answer.status_code == 422 and "to" in answer.get_json()["error"]["fields"], path
        assert client.get(f"{base}{path}?from=9999-12-31&to=9999-12-30", headers=viewer).status_code == 422
        assert client.get(f"{base}{path}?to=9999-12-30", headers=viewer).status_code == 200
    for since in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"):
        answer = client.get(f"{base}/events", query_string={"since": since}, headers=viewer)
        assert answer.status_code == 422 and "since" in answer.get_json()["error"]["fields"], since
    assert client.get(f"{base}/events", query_string={"since": "0001-01-01T00:00:00-01:00"},
                      headers=viewer).status_code == 200


@pytest.mark.parametrize("priority", [".inf", "-.inf", ".nan", "lots"])
def test_kb_import_reports_a_priority_that_is_no_whole_number(tmp_path, priority):
    from server.services.kb import parse_markdown_file

    path = tmp_path / "a.md"
    path.write_text(f"---\ntitle: T\npriority: {priority}\n---\nbody\n", encoding="utf-8")
    with pytest.raises(ValueError, match="priority must be a whole number"):
        parse_markdown_file(path)
