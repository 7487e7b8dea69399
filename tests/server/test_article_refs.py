"""Article ids in events are the end user's word: only this app's articles are resolved to titles."""
from sqlalchemy import select

from server.extensions import db
from server.models import EndUser, SupportRequest
from server.services.kb import save_article
from server.services.support import payload
from tests.conftest import new_uuid
from tests.factories import auth_headers, make_admin, make_app


def article(app_record, slug, title, status):
    return save_article(app_record, {"slug": slug, "locale": "en", "title": title, "body": "b", "pages": [],
                                     "status": status})


def test_another_apps_articles_and_drafts_never_show_their_titles(client, app):
    app_a, app_b = make_app(), make_app()
    b_draft = article(app_b, "launch", "B secret launch plan", "draft")
    b_live = article(app_b, "pricing", "B pricing page", "published")
    a_live = article(app_a, "reset", "A reset password", "published")
    a_draft = article(app_a, "upcoming", "A upcoming feature", "draft")
    events = [{"id": new_uuid(), "type": "article_viewed", "ts": "2026-11-25T10:00:00Z", "article_id": str(a.id)}
              for a in (b_draft, b_live, a_live, a_draft)]
    headers = {"X-Waypost-Key": app_a.key}
    assert client.post("/api/v1/sdk/events", json={"user_id": "u1", "events": events},
                       headers=headers).status_code == 202
    created = client.post("/api/v1/sdk/support-requests", json={"user_id": "u1", "message": "help"},
                          headers=headers)
    assert created.status_code == 201

    request = db.session.get(SupportRequest, created.get_json()["id"])
    titles = {entry["id"]: entry["title"] for entry in request.context["articles_viewed"]}
    assert titles == {b_draft.id: None, b_live.id: None, a_live.id: "A reset password", a_draft.id: None}
    webhook_body = str(payload(request))
    assert "A reset password" in webhook_body
    assert not any(secret in webhook_body for secret in ("B secret", "B pricing", "A upcoming"))

    viewer = auth_headers(app, make_admin("viewer"))
    inbox = client.get(f"/api/v1/apps/{app_a.id}/support-requests", headers=viewer).get_data(as_text=True)
    assert "A reset password" in inbox and "B secret" not in inbox and "B pricing" not in inbox
    timeline = client.get(f"/api/v1/apps/{app_a.id}/end-users/u1/timeline", headers=viewer).get_json()
    shown = {item["article_id"]: item["article_title"] for item in timeline["items"] if item["kind"] == "event"}
    assert shown == {str(b_draft.id): None, str(b_live.id): None, str(a_live.id): "A reset password",
                     str(a_draft.id): "A upcoming feature"}  # staff of app A may read A's own drafts
