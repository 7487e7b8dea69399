"""The content-gap inbox: failed searches grouped by normalized query, language and page, ranked by users; an
article written for a gap answers it, atomically, and the inbox then shows how the same searches fare."""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from server.extensions import db
from server.models import KbArticle, KbSearch
from server.services.end_users import get_or_create_end_user
from server.services.kb_search import search_text
from tests.factories import auth_headers, make_admin, make_app


@pytest.fixture
def editor(app):
    return auth_headers(app, make_admin("editor"))


def searched(app_record, user, query, locale, results, url, opened=None, ago=timedelta(days=1)):
    user_id = get_or_create_end_user(app_record, user).id if user else None
    db.session.add(KbSearch(app_id=app_record.id, end_user_id=user_id, query=query, normalized=search_text(query),
                            locale=locale, result_count=results, opened_article_id=opened, url=url,
                            created_at=datetime.now(UTC) - ago))


@pytest.fixture
def failed_searches(client, editor):
    app_record = make_app()
    reports = client.post(f"/api/v1/apps/{app_record.id}/kb/articles", headers=editor, json={
        "slug": "reports", "locale": "th", "title": "รายงาน", "body": "ส่งออก", "status": "published"}).get_json()
    searched(app_record, "u1", "refund policy", "id", 0, "/billing?tab=1")
    searched(app_record, "u2", "refund policy", "id-ID", 0, "/billing")
    searched(app_record, None, "refund policy", "id", 0, "/billing#top")
    searched(app_record, "u1", "Refund  POLICY", "id", 0, "/billing")  # the same normalized query
    searched(app_record, "u4", "refund policy", "en", 0, "/billing")  # another language: another gap
    searched(app_record, "u5", "ส่งออก", "th", 2, "/reports")  # found, but nothing opened: a gap too
    searched(app_record, "u6", "ส่งออก", "th", 2, "/reports", opened=reports["id"])  # a success: not a gap
    db.session.commit()
    return app_record


def gaps(client, editor, app_record, **query):
    answer = client.get(f"/api/v1/apps/{app_record.id}/analytics/gaps", headers=editor, query_string=query)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_failed_searches_are_grouped_and_ranked_by_users(client, editor, failed_searches):
    found = gaps(client, editor, failed_searches)
    assert [(g["normalized"], g["language"], g["page"], g["users"], g["searches"], g["zero_results"])
            for g in found["open"]] == [
        ("refund policy", "id", "/billing", 3, 4, 4),  # u1, u2 and one anonymous search
        ("refund policy", "en", "/billing", 1, 1, 1),
        (search_text("ส่งออก"), "th", "/reports", 1, 1, 0),
    ]
    assert found["open"][0]["query"] == "Refund  POLICY" and found["answered"] == []


def test_an_article_written_for_a_gap_answers_it_and_then_its_searches_are_followed(client, editor, failed_searches):
    base = f"/api/v1/apps/{failed_searches.id}"
    created = client.post(f"{base}/kb/articles", headers=editor, json={
        "slug": "refund", "locale": "id", "title": "Kebijakan refund", "body": "Refund dalam 14 hari.",
        "status": "published", "pages": [{"url": "/billing"}],
        "gap": {"query": "Refund  POLICY", "language": "id", "page": "/billing"}})
    assert created.status_code == 201, created.get_json()
    found = gaps(client, editor, failed_searches)
    assert [g["language"] for g in found["open"] if g["normalized"] == "refund policy"] == ["en"]
    [answered] = found["answered"]
    assert (answered["article_id"], answered["article_title"], answered["failed_before"], answered["searches_since"],
            answered["success_rate_since"]) == (created.get_json()["id"], "Kebijakan refund", 4, 0, None)

    searched(failed_searches, "u7", "refund policy", "id", 1, "/billing", opened=created.get_json()["id"],
             ago=timedelta(0))
    searched(failed_searches, "u8", "refund policy", "id", 1, "/billing?x=1", ago=timedelta(0))
    db.session.commit()
    [answered] = gaps(client, editor, failed_searches)["answered"]
    assert (answered["searches_since"], answered["succeeded_since"], answered["success_rate_since"]) == (2, 1, 50.0)
    assert all(g["normalized"] != "refund policy" or g["language"] != "id" for g in gaps(client, editor,
                                                                                        failed_searches)["open"])


@pytest.mark.parametrize("gap, field", [
    ({"query": "refund", "language": "x;drop table"}, "language"),
    ({"query": "refund", "language": "ID"}, "language"),
    ({"query": "", "language": "id"}, "query"),
    ({"query": "refund", "language": "id", "page": "/" + "a" * 2048}, "page"),
    ({"query": "!!! ???", "language": "id"}, "query"),  # no words: refused by the service, after the article
])
def test_a_bad_gap_is_a_field_error_and_writes_no_article(client, editor, gap, field):
    app_record = make_app()
    answer = client.post(f"/api/v1/apps/{app_record.id}/kb/articles", headers=editor, json={
        "slug": "refund", "locale": "id", "title": "Refund", "status": "published", "gap": gap})
    assert answer.status_code == 422
    assert field in answer.get_json()["error"]["fields"]["gap"]
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(KbArticle).filter_by(app_id=app_record.id)) == 0


def test_gaps_need_a_role_and_export_as_csv(client, app, failed_searches):
    url = f"/api/v1/apps/{failed_searches.id}/analytics/gaps"
    assert client.get(url).status_code == 401
    viewer = auth_headers(app, make_admin("viewer"))
    answer = client.get(url + "?format=csv", headers=viewer)
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    lines = answer.get_data(as_text=True).removeprefix("\ufeff").splitlines()
    assert lines[0].startswith("key,query,normalized,language,page,users") and len(lines) == 4
    assert client.post(f"/api/v1/apps/{failed_searches.id}/kb/articles", headers=viewer, json={
        "slug": "x", "locale": "id", "title": "X", "gap": {"query": "refund", "language": "id"}}).status_code == 403
