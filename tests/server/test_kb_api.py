"""Knowledge base through the admin API, the SDK API and `waypost kb import`."""
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from server.cli import main
from server.extensions import db
from server.jobs import deliver
from server.models import KbArticle, KbSearch, SupportRequest
from server.services.apps import update_app_record
from tests.conftest import new_uuid
from tests.factories import auth_headers, make_admin, make_app


@pytest.fixture
def editor(app):
    return auth_headers(app, make_admin("editor"))


def article(slug="reset-password", locale="en", **extra):
    return {"slug": slug, "locale": locale, "title": "Reset your password",
            "body": "Click **Forgot password** on the sign-in page.", "pages": [{"url": "/settings*"}],
            "status": "published", **extra}


def sdk(client, app_record, method, path, **kwargs):
    headers = {"X-Waypost-Key": app_record.key, **kwargs.pop("headers", {})}
    return client.open(path, method=method, headers=headers, **kwargs)


def test_article_crud_publish_and_translations(client, editor):
    app_record = make_app()
    base = f"/api/v1/apps/{app_record.id}/kb"
    assert client.put(f"{base}/categories", json={"slug": "account", "name": "Account"}, headers=editor).status_code == 200
    created = client.post(f"{base}/articles", json=article(category="account", status="draft"), headers=editor)
    assert created.status_code == 201
    body = created.get_json()
    assert body["status"] == "draft" and body["category"] == "account" and "<strong>" in body["body_html"]
    thai = client.post(f"{base}/articles", headers=editor, json=article(locale="th", title="รีเซ็ตรหัสผ่าน"))
    assert thai.status_code == 201
    assert client.get(f"{base}/articles/{body['id']}", headers=editor).get_json()["translations"] == ["th"]
    assert client.post(f"{base}/articles", json=article(), headers=editor).status_code == 409
    published = client.post(f"{base}/articles/{body['id']}/publish", headers=editor).get_json()
    assert published["status"] == "published" and published["published_at"]
    patched = client.patch(f"{base}/articles/{body['id']}", json={"title": "New title"}, headers=editor).get_json()
    assert patched["title"] == "New title" and patched["body"] == article()["body"]
    assert client.delete(f"{base}/articles/{body['id']}", headers=editor).status_code == 204


def test_article_validation_and_sanitizing(client, editor):
    app_record = make_app()
    update_app_record(app_record, {"iframe_hosts": ["www.youtube.com"]})
    base = f"/api/v1/apps/{app_record.id}/kb/articles"
    bad = client.post(base, headers=editor, json=article(slug="Bad Slug", locale="xx_YY_zz", pages=[{"regex": "("}]))
    assert bad.status_code == 422
    assert {"slug", "locale", "pages"} <= set(bad.get_json()["error"]["fields"])
    hostile = "<script>alert(1)</script><img src=x onerror=alert(1)>\n\n" \
              "<iframe src=\"https://www.youtube.com/embed/a\"></iframe><iframe src=\"https://evil.example/\"></iframe>" \
              "\n\n<video src=\"/media/demo.mp4\" controls></video><video src=\"https://evil.example/x.mp4\"></video>"
    html = client.post(base, headers=editor, json=article(body=hostile)).get_json()["body_html"]
    assert "<script" not in html and "onerror" not in html and "evil.example" not in html
    assert 'src="https://www.youtube.com/embed/a"' in html and 'src="/media/demo.mp4"' in html


def test_changing_iframe_hosts_renders_existing_articles_again(client, editor):
    app_record = make_app()
    base = f"/api/v1/apps/{app_record.id}/kb/articles"
    body = '<iframe src="https://player.example/embed/1"></iframe>'
    created = client.post(base, headers=editor, json=article(body=body)).get_json()
    assert "player.example" not in created["body_html"]
    update_app_record(app_record, {"iframe_hosts": ["player.example"]})
    shown = sdk(client, app_record, "GET", "/api/v1/sdk/kb/articles/reset-password").get_json()
    assert 'src="https://player.example/embed/1"' in shown["body_html"]
    update_app_record(app_record, {"iframe_hosts": []})
    assert "player.example" not in client.get(f"{base}/{created['id']}", headers=editor).get_json()["body_html"]


def test_bootstrap_lists_page_articles_in_the_users_locale_with_fallback(client, editor):
    app_record = make_app()
    base = f"/api/v1/apps/{app_record.id}/kb/articles"
    client.post(base, headers=editor, json=article())
    client.post(base, headers=editor, json=article(locale="th", title="รีเซ็ตรหัสผ่าน"))
    client.post(base, headers=editor, json=article(slug="billing", title="Billing", priority=5))
    client.post(base, headers=editor, json=article(slug="draft-one", title="Draft", status="draft"))
    client.post(base, headers=editor, json=article(slug="elsewhere", title="Elsewhere", pages=[{"url": "/other"}]))

    def help_for(locale):
        response = sdk(client, app_record, "GET", "/api/v1/sdk/bootstrap",
                       query_string={"user_id": "u", "url": "/settings/profile", "locale": locale})
        return [(a["slug"], a["locale"], a["title"]) for a in response.get_json()["help"]["articles"]]

    assert help_for("th") == [("billing", "en", "Billing"), ("reset-password", "th", "รีเซ็ตรหัสผ่าน")]
    assert help_for("de") == [("billing", "en", "Billing"), ("reset-password", "en", "Reset your password")]


def test_a_hosts_locale_spelling_works_on_every_sdk_route(client, editor):
    """A host may pass `ar_EG` (as Java, Rails or gettext spell it): bootstrap, help search and articles agree."""
    app_record = make_app()
    base = f"/api/v1/apps/{app_record.id}/kb/articles"
    client.post(base, headers=editor, json=article())
    client.post(base, headers=editor, json=article(locale="ar", title="إعادة تعيين كلمة المرور", body="انقر"))
    boot = sdk(client, app_record, "GET", "/api/v1/sdk/bootstrap", query_string={"user_id": "u", "locale": "ar_eg"})
    assert boot.status_code == 200 and (boot.get_json()["locale"], boot.get_json()["dir"]) == ("ar-EG", "rtl")
    found = sdk(client, app_record, "GET", "/api/v1/sdk/kb/search", query_string={"q": "كلمة", "locale": "ar_EG"})
    assert found.status_code == 200 and [r["slug"] for r in found.get_json()["results"]] == ["reset-password"]
    shown = sdk(client, app_record, "GET", "/api/v1/sdk/kb/articles/reset-password", query_string={"locale": "ar_EG"})
    assert shown.status_code == 200 and shown.get_json()["locale"] == "ar"
    for route in ("/api/v1/sdk/kb/search?q=x&locale=", "/api/v1/sdk/kb/articles/reset-password?locale="):
        refused = sdk(client, app_record, "GET", route + "not a locale")
        assert refused.status_code == 422 and "locale" in refused.get_json()["error"]["fields"]


def test_search_that_finds_nothing_in_the_users_language_searches_the_default_locale(client, editor):
    """As the help list and articles fall back to the app's default locale, so does a search that finds nothing."""
    app_record = make_app()
    base = f"/api/v1/apps/{app_record.id}/kb/articles"
    client.post(base, headers=editor, json=article())

    def found(q, locale):
        answer = sdk(client, app_record, "GET", "/api/v1/sdk/kb/search", query_string={"q": q, "locale": locale})
        return [(r["slug"], r["title"]) for r in answer.get_json()["results"]]

    assert found("password", "pt-BR") == [("reset-password", "Reset your password")]
    client.post(base, headers=editor, json=article(slug="senha", locale="pt", title="Redefinir a senha", body="Clique"))
    assert found("senha", "pt-BR") == [("senha", "Redefinir a senha")]
    assert found("password", "pt-BR") == [("reset-password", "Reset your password")]  # nothing in Portuguese
    assert found("senha", "en") == []  # no fallback from the default locale itself
    logged = db.session.scalars(select(KbSearch.result_count).order_by(KbSearch.id)).all()
    assert logged == [1, 1, 1, 0]


def test_sdk_article_search_and_feedback(client, editor):
    app_record = make_app()
    base = f"/api/v1/apps/{app_record.id}/kb/articles"
    created = client.post(base, headers=editor, json=article()).get_json()
    client.post(base, headers=editor, json=article(locale="ar", title="إعادة تعيين كلمة المرور", body="انقر"))
    ar = sdk(client, app_record, "GET", "/api/v1/sdk/kb/articles/reset-password", query_string={"locale": "ar"})
    assert ar.get_json()["title"] == "إعادة تعيين كلمة المرور" and ar.get_json()["dir"] == "rtl"
    missing = sdk(client, app_record, "GET", "/api/v1/sdk/kb/articles/nope")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"

    found = sdk(client, app_record, "GET", "/api/v1/sdk/kb/search",
                query_string={"q": "pasword", "locale": "en", "user_id": "u1"}).get_json()
    assert found["total"] == 1 and found["results"][0]["slug"] == "reset-password"
    assert "<mark>" in found["results"][0]["snippet_html"] + found["results"][0]["title"] or found["results"][0]["score"]
    nothing = sdk(client, app_record, "GET", "/api/v1/sdk/kb/search", query_string={"q": "kubernetes", "user_id": "u1"})
    assert nothing.get_json() == {"results": [], "total": 0}
    logged = db.session.scalars(select(KbSearch).order_by(KbSearch.id)).all()
    assert [(s.query, s.result_count) for s in logged] == [("pasword", 1), ("kubernetes", 0)]

    sdk(client, app_record, "POST", "/api/v1/sdk/events", json={"user_id": "u1", "events": [
        {"id": new_uuid(), "type": "article_viewed", "ts": "2026-11-25T10:00:00Z",
         "article_id": str(created["id"]), "query": "pasword"}]})
    db.session.expire_all()
    assert db.session.get(KbSearch, logged[0].id).opened_article_id == created["id"]

    vote = sdk(client, app_record, "POST", f"/api/v1/sdk/kb/articles/{created['id']}/feedback",
               json={"user_id": "u1", "helpful": False, "comment": "Link expired"})
    assert vote.status_code == 201
    assert sdk(client, app_record, "POST", f"/api/v1/sdk/kb/articles/{created['id']}/feedback",
               json={"helpful": "maybe"}).status_code == 422
    other_app = make_app()
    foreign = sdk(client, other_app, "POST", f"/api/v1/sdk/kb/articles/{created['id']}/feedback", json={"helpful": True})
    assert foreign.status_code == 404


class _Hook(BaseHTTPRequestHandler):
    received: list = []
    status = 200

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), body))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def webhook():
    _Hook.received, _Hook.status = [], 200
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/hook", _Hook
    server.shutdown()


def test_support_request_with_context_and_signed_webhook_retried(app, client, webhook):
    url, hook = webhook
    app.config["WAYPOST_WEBHOOK_ALLOW_PRIVATE"] = True  # the listener is on 127.0.0.1
    app_record = make_app()
    update_app_record(app_record, {"webhook_url": url})
    sdk(client, app_record, "GET", "/api/v1/sdk/kb/search", query_string={"q": "refund", "user_id": "u7"})
    sdk(client, app_record, "POST", "/api/v1/sdk/events", json={"user_id": "u7", "events": [
        {"id": new_uuid(), "type": "step_viewed", "ts": "2026-11-25T10:00:00Z", "tour_id": "welcome",
         "step_id": "hello", "url": "/billing"}]})
    hook.status = 500
    created = sdk(client, app_record, "POST", "/api/v1/sdk/support-requests",
                  json={"user_id": "u7", "message": "I can't get a refund", "email": "u7@example.com"})
    assert created.status_code == 201
    request_id = created.get_json()["id"]
    stored = db.session.get(SupportRequest, request_id)
    assert stored.context["page"] == "/billing" and stored.context["searches"][0]["query"] == "refund"
    assert stored.context["recent_steps"][0]["step_id"] == "hello"

    assert deliver(request_id) is False  # the hook answers 500: kept, scheduled for a retry
    db.session.expire_all()
    stored = db.session.get(SupportRequest, request_id)
    assert stored.webhook_attempts == 1 and stored.webhook_next_attempt_at is not None
    assert stored.webhook_last_error == "HTTP 5xx"
    hook.status = 200
    stored.webhook_next_attempt_at = stored.created_at
    db.session.commit()
    assert deliver(request_id) is True
    assert deliver(request_id) is False  # already delivered: never sent twice
    headers, body = hook.received[-1]
    expected = "sha256=" + hmac.new(app_record.secret.encode(), headers["X-Waypost-Timestamp"].encode() + b"." + body,
                                    hashlib.sha256).hexdigest()
    assert headers["X-Waypost-Signature"] == expected
    assert json.loads(body)["message"] == "I can't get a refund" and len(hook.received) == 2
    bad = sdk(client, app_record, "POST", "/api/v1/sdk/support-requests", json={"user_id": "u7", "message": ""})
    assert bad.status_code == 422 and "message" in bad.get_json()["error"]["fields"]


def test_kb_import_is_idempotent_and_refuses_bad_files(app, db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("WAYPOST_DATABASE_URL", db_url)
    monkeypatch.delenv("WAYPOST_SERVER", raising=False)
    app_record = make_app()
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "reset.md").write_text("---\ntitle: Reset your password\nslug: reset-password\nlocale: en\n"
                                     "category: Account\npages: [\"/settings*\"]\n---\nUse **Forgot password**.\n")
    (folder / "reset.th.md").write_text("---\ntitle: รีเซ็ตรหัสผ่าน\nslug: reset-password\nlocale: th\n---\nใช้ลืมรหัสผ่าน\n")
    runner = CliRunner()
    first = runner.invoke(main, ["kb", "import", str(folder), "--app", app_record.key])
    assert first.exit_code == 0, first.output
    assert "reset-password [en]: created" in first.output and "reset-password [th]: created" in first.output
    again = runner.invoke(main, ["kb", "import", str(folder), "--app", app_record.key])
    assert again.output.count("unchanged") == 2
    db.session.expire_all()
    en = db.session.scalar(select(KbArticle).filter_by(locale="en"))
    assert en.status == "published" and en.category.name == "Account" and en.pages == [{"url": "/settings*"}]
    (folder / "broken.md").write_text("no front matter here")
    broken = runner.invoke(main, ["kb", "import", str(folder), "--app", app_record.key])
    assert broken.exit_code == 1 and "broken.md: no front matter" in broken.output


def test_search_as_you_type_logs_one_search_per_settled_query_with_its_page(client, editor):
    app_record = make_app()
    ask = lambda q, **more: sdk(client, app_record, "GET", "/api/v1/sdk/kb/search",  # noqa: E731
                                query_string={"q": q, "user_id": "typist", "locale": "id", **more})
    for q in ("eska", "eskalasi ag", "eskalasi agen"):  # one burst, each pause asked
        assert ask(q, url="/tickets?view=open").status_code == 200
    ask("eskalasi")  # backspacing is the same burst
    ask("eskalasi agen", url="/tickets/7")
    ask("tiket")  # a new search
    sdk(client, app_record, "GET", "/api/v1/sdk/kb/search", query_string={"q": "tiket", "user_id": "other"})
    logged = db.session.scalars(select(KbSearch).where(KbSearch.app_id == app_record.id).order_by(KbSearch.id)).all()
    assert [(s.query, s.url) for s in logged] == [("eskalasi agen", "/tickets/7"), ("tiket", None), ("tiket", None)]

    # once an article was opened from a search, the next query is a search of its own
    created = client.post(f"/api/v1/apps/{app_record.id}/kb/articles", headers=editor, json=article()).get_json()
    logged[1].opened_article_id = created["id"]
    ask("tiket baru")
    queries = db.session.scalars(select(KbSearch.query).where(KbSearch.app_id == app_record.id)
                                 .order_by(KbSearch.id)).all()
    assert queries == ["eskalasi agen", "tiket", "tiket", "tiket baru"]


@pytest.mark.parametrize("url", ["/" + "a" * 2048, "/" + "ก" * 2048])
def test_a_search_page_that_is_too_long_is_a_field_error(client, app, url):
    app_record = make_app()
    answer = sdk(client, app_record, "GET", "/api/v1/sdk/kb/search", query_string={"q": "x", "url": url})
    assert answer.status_code == 422 and "url" in answer.get_json()["error"]["fields"]


def test_freshness_flags_overdue_reviews_and_translations_older_than_their_source(client, editor):
    app_record = make_app()
    base = f"/api/v1/apps/{app_record.id}/kb/articles"
    source = client.post(base, headers=editor, json=article(review_by="2020-01-31")).get_json()
    assert source["freshness"] == {"review_overdue": True, "behind_source": False, "source_locale": None}
    thai = client.post(base, headers=editor, json=article(locale="th", title="รีเซ็ตรหัสผ่าน",
                                                          review_by="2999-12-31")).get_json()
    assert thai["freshness"] == {"review_overdue": False, "behind_source": False, "source_locale": "en"}

    client.patch(f"{base}/{source['id']}", headers=editor, json={"priority": 5})  # not its content
    assert client.get(f"{base}/{thai['id']}", headers=editor).get_json()["freshness"]["behind_source"] is False
    client.patch(f"{base}/{source['id']}", headers=editor, json={"body": "Click **Forgot password?** now."})
    listed = {a["locale"]: a for a in client.get(base, headers=editor).get_json()}
    assert listed["th"]["freshness"]["behind_source"] is True and listed["en"]["freshness"]["behind_source"] is False
    client.patch(f"{base}/{thai['id']}", headers=editor, json={"body": "คลิก ลืมรหัสผ่าน"})
    assert client.get(f"{base}/{thai['id']}", headers=editor).get_json()["freshness"]["behind_source"] is False


@pytest.mark.parametrize("review_by", ["soon", "2027-02-30", 20270101, "2027-01-01T00:00:00Z x"])
def test_a_review_date_that_is_not_a_day_is_a_field_error(client, editor, review_by):
    app_record = make_app()
    answer = client.post(f"/api/v1/apps/{app_record.id}/kb/articles", headers=editor, json=article(review_by=review_by))
    assert answer.status_code == 422 and "review_by" in answer.get_json()["error"]["fields"]


def test_review_by_comes_from_front_matter(app, db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("WAYPOST_DATABASE_URL", db_url)
    monkeypatch.delenv("WAYPOST_SERVER", raising=False)
    (tmp_path / "sso.md").write_text("---\ntitle: SSO\nlocale: en\nreview_by: 2020-06-30\n---\nUse SSO.\n")
    app_record = make_app()
    result = CliRunner().invoke(main, ["kb", "import", str(tmp_path), "--app", app_record.key])
    assert result.exit_code == 0, result.output
    (tmp_path / "sso.md").write_text("---\ntitle: SSO\nlocale: en\nreview_by: 2999-06-30\n---\nUse SSO.\n")
    again = CliRunner().invoke(main, ["kb", "import", str(tmp_path), "--app", app_record.key])
    assert "sso [en]: updated" in again.output, again.output
    db.session.expire_all()
    stored = db.session.scalar(select(KbArticle).filter_by(app_id=app_record.id, slug="sso"))
    assert str(stored.review_by) == "2999-06-30" and stored.freshness["review_overdue"] is False


def test_an_article_drafted_from_a_support_request_is_linked_to_it(client, editor):
    app_record, other = make_app(), make_app()
    created = sdk(client, app_record, "POST", "/api/v1/sdk/support-requests",
                  json={"user_id": "u1", "message": "How do I export invoices?"})
    request_id = created.get_json()["id"]
    base = f"/api/v1/apps/{app_record.id}"
    foreign = client.post(f"/api/v1/apps/{other.id}/kb/articles", headers=editor,
                          json={**article(slug="x"), "support_request_id": request_id})
    assert foreign.status_code == 404  # another app's request: and no article is left behind
    assert client.get(f"/api/v1/apps/{other.id}/kb/articles", headers=editor).get_json() == []
    for bad in (0, -1, 2**31, "one"):
        answer = client.post(f"{base}/kb/articles", headers=editor, json={**article(), "support_request_id": bad})
        assert answer.status_code == 422 and "support_request_id" in answer.get_json()["error"]["fields"]
    drafted = client.post(f"{base}/kb/articles", headers=editor, json={
        **article(slug="export-invoices", title="Export invoices", status="draft"), "support_request_id": request_id})
    assert drafted.status_code == 201
    [inbox] = client.get(f"{base}/support-requests", headers=editor).get_json()
    assert inbox["article"] == {"id": drafted.get_json()["id"], "title": "Export invoices"}
    closed = client.patch(f"{base}/support-requests/{request_id}", headers=editor, json={"status": "closed"})
    assert closed.get_json()["article"]["title"] == "Export invoices"
    one = client.get(f"{base}/support-requests/{request_id}", headers=editor).get_json()
    assert one["message"] == "How do I export invoices?" and one["status"] == "closed"
    assert client.get(f"/api/v1/apps/{other.id}/support-requests/{request_id}", headers=editor).status_code == 404


def test_the_widget_browses_categories_in_the_users_language_and_searches_within_one(client, editor):
    app_record = make_app()
    base = f"/api/v1/apps/{app_record.id}/kb"
    client.put(f"{base}/categories", headers=editor, json={"slug": "billing", "name": "Billing", "position": 1,
                                                           "names": {"th": "การเรียกเก็บเงิน"}})
    client.put(f"{base}/categories", headers=editor, json={"slug": "account", "name": "Account", "position": 0})
    client.put(f"{base}/categories", headers=editor, json={"slug": "empty", "name": "Nothing here", "position": 2})
    client.post(f"{base}/articles", headers=editor, json=article(category="account"))
    client.post(f"{base}/articles", headers=editor, json=article(locale="th", title="รีเซ็ตรหัสผ่าน", category="account"))
    client.post(f"{base}/articles", headers=editor, json=article(slug="refund", title="Password for refunds",
                                                                 category="billing"))
    client.post(f"{base}/articles", headers=editor, json=article(slug="draft", category="billing", status="draft"))

    thai = sdk(client, app_record, "GET", "/api/v1/sdk/kb/categories", query_string={"locale": "th-TH"}).get_json()
    assert [(c["slug"], c["name"], [(a["slug"], a["locale"]) for a in c["articles"]]) for c in thai["categories"]] == [
        ("account", "Account", [("reset-password", "th")]),
        ("billing", "การเรียกเก็บเงิน", [("refund", "en")]),  # no Thai article: the default locale's
    ]
    found = sdk(client, app_record, "GET", "/api/v1/sdk/kb/search", query_string={"q": "password"}).get_json()
    assert {h["slug"] for h in found["results"]} == {"reset-password", "refund"}
    within = sdk(client, app_record, "GET", "/api/v1/sdk/kb/search",
                 query_string={"q": "password", "category": "billing"}).get_json()
    assert [h["slug"] for h in within["results"]] == ["refund"] and within["total"] == 1
    nowhere = sdk(client, app_record, "GET", "/api/v1/sdk/kb/search", query_string={"q": "password", "category": "nope"})
    assert nowhere.get_json() == {"results": [], "total": 0}
    for hostile in ("../etc", "a" * 101, "Billing", "<b>"):
        bad = sdk(client, app_record, "GET", "/api/v1/sdk/kb/search", query_string={"q": "x", "category": hostile})
        assert bad.status_code == 422 and "category" in bad.get_json()["error"]["fields"]
