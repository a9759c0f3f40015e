"""With DATABASE_URL set and the PostgreSQL server unreachable, nothing a visitor or the bureau does breaks:
pages and counting images answer at once and the counts wait in memory, the API's limit still holds (counted in
the process), and the counts report says what happened and what to do instead of failing."""
from __future__ import annotations

import socket
import time

import pytest

from app import create_app
from tests.admin_helpers import login, make_user
from tests.conftest import FIXED_NOW


@pytest.fixture
def app(catalog_file, tmp_path):
    with socket.socket() as s:  # a port nobody listens on: the database is down
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return create_app({"TESTING": True, "CATALOG_PATH": str(catalog_file), "FIXED_NOW": FIXED_NOW,
                       "INSTANCE_PATH": str(tmp_path / "instance"), "GEOCODER": "none",
                       "DATABASE_URL": f"postgresql://wusheng@127.0.0.1:{port}/wusheng",
                       "API_PLAN_RATE_PER_MINUTE": 3, "CHANNEL_FLUSH_SECONDS": 3600})


def test_counting_waits_in_memory_while_the_database_is_down(app):
    client = app.test_client()
    started = time.perf_counter()
    assert client.get("/count.gif?ch=embed&c=expo").status_code == 200
    assert client.get("/sites").status_code == 200
    assert time.perf_counter() - started < 5
    with app.app_context():
        from web.share import channels

        assert channels.counter().flush() is False
        assert channels.counter().pending() == {("2026-12-01", "expo", "embed"): 1}


def test_the_api_limit_holds_while_the_database_is_down(app):
    client = app.test_client()
    statuses = [client.post("/api/v1/plan", json={"start": "nowhere"}).status_code for _ in range(5)]
    assert statuses == [422, 422, 422, 429, 429]


def test_the_counts_report_says_the_database_does_not_answer(app):
    make_user(app, "editor1", "editor")
    client = app.test_client()
    login(client)
    for path in ("/admin/channels?lang=en", "/admin/channels.csv?lang=en"):
        r = client.get(path)
        assert r.status_code == 503 and r.headers["Retry-After"] == "60"
        assert "Counting goes on" in r.get_data(as_text=True)
    zh = client.get("/admin/channels?lang=zh").get_data(as_text=True)
    assert "统计数据库没有响应" in zh
