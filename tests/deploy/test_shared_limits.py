"""The API's plan limit is the same for one client whatever the number of gunicorn workers: counted in the
instance folder that all of them share (web/platform/shared_limit.py), with the client's address taken from the proxy's
X-Forwarded-For (PROXY_FIX), so two clients behind one proxy are counted apart."""
from __future__ import annotations

import http.client
import json

import pytest

from benchmarks.page_latency import server

pytestmark = pytest.mark.slow
LIMIT = 6


def _plans(port: int, n: int, client: str) -> list[int]:
    statuses = []
    for _ in range(n):  # a new connection each time: gunicorn hands each to whichever worker is free
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("POST", "/api/v1/plan", body=json.dumps({"start": "nowhere"}),
                     headers={"Content-Type": "application/json", "X-Forwarded-For": client})
        statuses.append(conn.getresponse().status)
        conn.close()
    return statuses


@pytest.mark.parametrize("workers", [1, 4])
def test_the_plan_limit_is_the_same_with_1_and_4_workers(tmp_path, workers):
    env = {"WUSHENG_INSTANCE_PATH": str(tmp_path), "WUSHENG_API_PLAN_RATE_PER_MINUTE": str(LIMIT),
           "WUSHENG_PROXY_FIX": "1"}
    with server("wsgi:app", workers=workers, production=True, env=env) as (port, _):
        first = _plans(port, LIMIT * 3, "203.0.113.7")
        other = _plans(port, 2, "198.51.100.9")
    assert first[:LIMIT] == [422] * LIMIT  # counted (an invalid trip, so no plan is made)
    assert first[LIMIT:] == [429] * (LIMIT * 2)
    assert other == [422, 422]  # another address behind the same proxy has its own count
