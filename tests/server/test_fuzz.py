"""Schemathesis fuzzes every documented operation: whatever it sends, the server never answers 5xx."""
import logging

import schemathesis
from hypothesis import HealthCheck, given, settings

from server.extensions import db
from tests.factories import auth_headers, make_admin, make_app, make_tour

EXAMPLES_PER_OPERATION = 12


def test_no_operation_answers_a_server_error(app):
    app.config.update(WAYPOST_SDK_RATE_LIMIT="1000000 per minute", WAYPOST_LOGIN_RATE_LIMIT="1000000 per minute")
    app_record = make_app()
    make_tour(app_record)
    headers = {**auth_headers(app, make_admin("owner")), "X-Waypost-Key": app_record.key}
    db.session.remove()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 40
    failures = {}
    logging.disable(logging.ERROR)  # the 5xx we hunt are reported below, not as log noise
    try:
        for operation in operations:
            @given(case=operation.as_strategy())
            @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
            def call(case):
                response = case.call(headers=headers)
                if response.status_code >= 500:
                    failures.setdefault(operation.label, (response.status_code, case.path_parameters,
                                                          case.query, repr(case.body)[:300]))
                else:
                    body = response.json() if response.headers.get("Content-Type", "").startswith(
                        "application/json") and response.status_code >= 400 else None
                    assert body is None or set(body["error"]) == {"code", "message", "fields"}

            call()
    finally:
        logging.disable(logging.NOTSET)
    assert failures == {}
