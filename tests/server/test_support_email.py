"""The email on a support request is a plain mailbox: nothing that adds headers to a mailto: link gets stored."""
import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import SupportRequest
from tests.factories import make_app


def _ask(client, app_record, email):
    return client.post("/api/v1/sdk/support-requests", headers={"X-Waypost-Key": app_record.key},
                       json={"user_id": "u1", "message": "help", "email": email})


@pytest.mark.parametrize("email", [
    '"?cc=x@evil.test&body=hi"@x.test', "a?cc=x@evil.test", "a&body=hi@x.test", "a%0Abcc:x@x.test",
    "a b@x.test", "a\r\nbcc:x@evil.test@x.test", "a@x.test\n", "a\u200b@x.test", "a@x", "a..b@x.test",
])
def test_support_request_email_that_is_not_a_plain_mailbox_is_a_field_error(client, email):
    app_record = make_app()
    refused = _ask(client, app_record, email)
    assert refused.status_code == 422
    assert list(refused.get_json()["error"]["fields"]) == ["email"]
    assert db.session.scalar(select(SupportRequest.id)) is None


@pytest.mark.parametrize("email", ["u7@example.com", "first.last+tag@mail.example.co.uk", "o'neil@example.ie",
                                   "สมชาย@ตัวอย่าง.ไทย", None])
def test_plain_support_request_emails_are_taken(client, email):
    answer = _ask(client, make_app(), email)
    assert answer.status_code == 201
    assert db.session.get(SupportRequest, answer.get_json()["id"]).email == email
