"""The app's "busy, try again" (503 with Retry-After, web/platform/heavy_work.py) reaches the visitor through the recipe's nginx
as it is, and does not take the instance out of service: with ``max_fails=1``, a 503 counted as a failure made
nginx answer every next request 502 "no live upstreams" for ``fail_timeout``."""
from __future__ import annotations

import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

pytestmark = pytest.mark.slow
if not os.path.exists("/usr/sbin/nginx"):
    pytest.skip("Debian's nginx is not installed (make test installs it: scripts/ensure-system-deps.sh)",
                allow_module_level=True)

from deploy import local  # noqa: E402


class BusyPlanner(BaseHTTPRequestHandler):
    """An instance whose plan slots are all taken: plans get 503 busy, pages 200."""

    def _answer(self, status: int, body: bytes, extra: dict) -> None:
        self.send_response(status)
        for key, value in {"Content-Length": str(len(body)), "Cache-Control": "no-store", **extra}.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):  # noqa: N802 - http.server's name
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._answer(503, b'{"error": {"code": "busy"}}', {"Retry-After": "2", "Content-Type": "application/json"})

    def do_GET(self):  # noqa: N802
        self._answer(200, b"page", {"Content-Type": "text/plain"})

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy(tmp_path):
    """Two busy instances (nginx never takes the only server of a group out) behind the recipe's nginx."""
    upstreams = [ThreadingHTTPServer(("127.0.0.1", 0), BusyPlanner) for _ in range(2)]
    for u in upstreams:
        threading.Thread(target=u.serve_forever, daemon=True).start()
    addresses = [f"127.0.0.1:{u.server_address[1]}" for u in upstreams]
    nginx = local.nginx(tmp_path, addresses, addresses[0]).start()
    try:
        nginx.wait_listening()
        yield nginx.url
    finally:
        nginx.kill()
        for u in upstreams:
            u.shutdown()


def test_a_busy_plan_is_passed_on_and_the_instance_stays_in_service(proxy):
    for _ in range(3):
        r = requests.post(proxy + "/api/v1/plan", json={"start": "chongqing"}, timeout=10)
        assert r.status_code == 503 and r.headers["Retry-After"] == "2" and r.json()["error"]["code"] == "busy"
    assert requests.get(proxy + "/sites?fresh=1", timeout=10).status_code == 200
