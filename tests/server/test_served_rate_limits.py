"""`waypost serve` enforces WAYPOST_SDK_RATE_LIMIT as written, however many workers share the load."""
import http.client
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.server.served import served

LIMIT = 20


def _bootstrap(port, key, n) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)  # a new connection each: any worker takes it
    try:
        conn.request("GET", f"/api/v1/sdk/bootstrap?user_id=u{n}&url=/", headers={"X-Waypost-Key": key})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_workers_count_against_one_limit(db_url, tmp_path):
    with served(tmp_path, WAYPOST_WORKERS="2", WAYPOST_SDK_RATE_LIMIT=f"{LIMIT} per minute") as (port, key, _):
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda n: _bootstrap(port, key, n), range(3 * LIMIT)))
    assert statuses.count(200) == LIMIT and statuses.count(429) == 2 * LIMIT, statuses
