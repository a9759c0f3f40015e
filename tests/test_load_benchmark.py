"""benchmarks/load.py's plumbing against the bare hello app for a second: wrk runs our Lua script, and its
figures and error counts are read back. Nothing about speed is asserted."""
import shutil
import tempfile
from pathlib import Path

import pytest

from benchmarks import load
from benchmarks.page_latency import HELLO, server

pytestmark = pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is not installed (make test installs it)")


@pytest.fixture(scope="module")
def hello_port():
    with tempfile.TemporaryDirectory() as logs, server(HELLO, log_dir=Path(logs), workers=2, production=True) as (port, _):
        yield port


def test_get_figures_are_read_back(hello_port):
    r = load.wrk(hello_port, load.Target("hello", "hello", "/"), 4, 1, None)
    assert r["requests"] > 0 and r["errors"] == 0
    assert 0 < r["p50_ms"] <= r["p95_ms"] <= r["p99_ms"] <= r["max_ms"]


def test_posts_send_the_bodies_and_refusals_count_as_errors(hello_port, tmp_path):
    """hello has no POST route: every answer is a 405, and each one is counted."""
    bodies = tmp_path / "bodies.jsonl"
    bodies.write_text('{"a": 1}\n{"a": 2}\n', encoding="utf-8")
    r = load.wrk(hello_port, load.Target("post", "hello", "/", post=True), 4, 1, bodies)
    assert r["requests"] > 0 and r["errors"] == r["requests"] and r["error_kinds"] == {"status": r["requests"]}


def test_a_missing_route_is_skipped_with_its_reason(hello_port, tmp_path):
    assert load.probe(hello_port, load.Target("embed", "hello", "/embed/map"), None) == \
        "/embed/map does not exist in this checkout"
    assert load.probe(hello_port, load.Target("hello", "hello", "/"), None) is None


def test_think_time_spaces_each_clients_requests_and_stays_out_of_the_latency(hello_port):
    """4 clients that each read an answer for 1 s: in 2 s at most 3 requests each, answered as fast as ever."""
    t = load.Target("users", "hello", "/", think_ms=(1000, 1000))
    r = load.wrk(hello_port, t, 4, 2, None)
    assert 0 < r["requests"] <= 4 * 3 and r["errors"] == 0
    assert r["p99_ms"] < 1000


def test_think_times_are_read_as_seconds_or_ranges():
    assert load.parse_thinks("0.5, 1-3,0-0.5") == [(500, 500), (1000, 3000), (0, 500)]
    assert load.parse_thinks("") == []
    assert load.think_label((1000, 3000)) == "think 1-3 s" and load.think_label((250, 250)) == "think 0.25 s"
    for bad in ("0", "3-1", "-1", "x"):
        with pytest.raises(ValueError, match="think time"):
            load.parse_thinks(bad)
