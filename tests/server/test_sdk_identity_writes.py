"""An app that requires identity takes no SDK write without a valid user token: events, votes, logged searches,
support requests, opt-outs. Reads that log nothing stay open, as the contract has them."""
import pytest
from sqlalchemy import func, select

from server.extensions import db
from server.models import EndUser, Event, KbFeedback, KbSearch, SupportRequest
from server.schemas.kb import ArticleInSchema
from server.services.kb import import_article
from tests.conftest import new_uuid
from tests.factories import make_app, user_token


@pytest.fixture
def locked(app):
    """An app requiring identity, with one published article."""
    record = make_app(require_identity=True)
    article, _ = import_article(record, ArticleInSchema().load({
        "slug": "refunds", "locale": "en", "title": "Refunds", "body": "How refunds work.", "status": "published"}))
    return record, article.id


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _call(client, record, method, path, **kwargs):
    return client.open(path, method=method, headers={"X-Waypost-Key": record.key}, **kwargs)


def _refusals(token_for_other):
    """Who may be refused: nobody named, a named user with no token, and a token for somebody else."""
    return [({}, "identity_required"), ({"user_id": "u1"}, "identity_required"),
            ({"user_id": "u1", "user_token": token_for_other}, "identity_mismatch")]


def test_votes_need_a_valid_token(client, locked):
    record, article_id = locked
    path = f"/api/v1/sdk/kb/articles/{article_id}/feedback"
    for who, code in _refusals(user_token(record, "u2")):
        answer = _call(client, record, "POST", path, json={"helpful": False, **who})
        assert answer.status_code == 401, (who, answer.get_json())
        assert answer.get_json()["error"]["code"] == code
    assert _count(KbFeedback) == 0
    ok = _call(client, record, "POST", path, json={"helpful": True, "user_id": "u1",
                                                   "user_token": user_token(record, "u1")})
    assert ok.status_code == 201 and _count(KbFeedback) == 1


def test_logged_searches_need_a_valid_token_and_blank_ones_stay_open(client, locked):
    record, _ = locked
    for who, code in _refusals(user_token(record, "u2")):
        answer = _call(client, record, "GET", "/api/v1/sdk/kb/search", query_string={"q": "refund", **who})
        assert answer.status_code == 401, (who, answer.get_json())
        assert answer.get_json()["error"]["code"] == code
    assert _count(KbSearch) == 0
    blank = _call(client, record, "GET", "/api/v1/sdk/kb/search", query_string={"q": "  "})
    assert blank.status_code == 200 and _count(KbSearch) == 0
    ok = _call(client, record, "GET", "/api/v1/sdk/kb/search",
               query_string={"q": "refund", "user_id": "u1", "user_token": user_token(record, "u1")})
    assert ok.status_code == 200 and ok.get_json()["total"] == 1 and _count(KbSearch) == 1


def test_articles_stay_readable_without_a_token(client, locked):
    record, _ = locked
    assert _call(client, record, "GET", "/api/v1/sdk/kb/articles/refunds").status_code == 200


def test_events_need_a_valid_token(client, locked):
    record, _ = locked
    batch = lambda **who: {"events": [{"id": new_uuid(), "type": "search", "ts": "2026-11-25T10:00:00Z",  # noqa
                                       "query": "poison"}], **who}
    for who, _code in _refusals(user_token(record, "u2")):
        answer = _call(client, record, "POST", "/api/v1/sdk/events", json=batch(**who))
        assert answer.status_code in (401, 422), (who, answer.get_json())
    assert _count(Event) == 0
    ok = _call(client, record, "POST", "/api/v1/sdk/events",
               json=batch(user_id="u1", user_token=user_token(record, "u1")))
    assert ok.status_code == 202 and _count(Event) == 1


def test_support_requests_and_opt_outs_need_a_valid_token(client, locked):
    record, _ = locked
    wrong = user_token(record, "u2")
    for token in (None, wrong):
        body = {"user_id": "u1", "message": "help", **({"user_token": token} if token else {})}
        assert _call(client, record, "POST", "/api/v1/sdk/support-requests", json=body).status_code == 401
        opt = {"opted_out": True, **({"user_token": token} if token else {})}
        assert _call(client, record, "PUT", "/api/v1/sdk/users/u1/opt-out", json=opt).status_code == 401
    assert _count(SupportRequest) == 0 and _count(EndUser) == 0
    good = user_token(record, "u1")
    assert _call(client, record, "POST", "/api/v1/sdk/support-requests",
                 json={"user_id": "u1", "message": "help", "user_token": good}).status_code == 201
    assert _call(client, record, "PUT", "/api/v1/sdk/users/u1/opt-out",
                 json={"opted_out": True, "user_token": good}).status_code == 200


def test_apps_without_identity_still_take_anonymous_votes_and_searches(client):
    record = make_app()
    article, _ = import_article(record, ArticleInSchema().load({
        "slug": "refunds", "locale": "en", "title": "Refunds", "body": "How refunds work.", "status": "published"}))
    assert _call(client, record, "POST", f"/api/v1/sdk/kb/articles/{article.id}/feedback",
                 json={"helpful": True}).status_code == 201
    assert _call(client, record, "GET", "/api/v1/sdk/kb/search", query_string={"q": "refund"}).status_code == 200
    assert _count(KbSearch) == 1
