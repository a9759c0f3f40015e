"""The PostgreSQL store (storage/postgres.py) against a real server (Debian's package, deploy/postgres.py):
several processes starting together migrate it once, lose no count, and one client's requests on every process
are limited together."""
from __future__ import annotations

import multiprocessing
import time

import pytest

from deploy import postgres

pytestmark = pytest.mark.slow
if postgres.binaries() is None:
    pytest.skip("Debian's postgresql is not installed (make test installs it: scripts/ensure-system-deps.sh)",
                allow_module_level=True)

PROCESSES, BATCHES, LIMIT, TRIES = 4, 40, 15, 10


@pytest.fixture(scope="module")
def database():
    with postgres.server() as url:
        yield url


def _count(url: str, i: int) -> None:
    from storage.postgres import PostgresShared

    store = PostgresShared(url)
    for _ in range(BATCHES):
        store.add_counts({("2026-12-01", "shared", "embed"): 1, ("2026-12-01", f"p{i}", "qr"): 2})


def _hit(url: str, out) -> None:
    from storage.postgres import PostgresShared

    store = PostgresShared(url)
    out.put(sum(store.hit("api-plan", "203.0.113.9", time.time(), 60, LIMIT) == 0 for _ in range(TRIES)))


def _run(target, *args_per_process) -> None:
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=target, args=args) for args in args_per_process]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0


def test_processes_starting_together_lose_no_count(database):
    import psycopg

    _run(_count, *[(database, i) for i in range(PROCESSES)])
    with psycopg.connect(database) as conn:
        rows = dict(((c, ch), n) for c, ch, n in conn.execute("SELECT campaign, channel, count FROM channel_counts"))
        version = conn.execute("SELECT version FROM wusheng_schema").fetchall()
    assert rows[("shared", "embed")] == PROCESSES * BATCHES
    assert all(rows[(f"p{i}", "qr")] == 2 * BATCHES for i in range(PROCESSES))
    assert version == [(1,)]  # one schema row, migrated once


def test_one_clients_requests_on_every_process_share_one_limit(database):
    out = multiprocessing.get_context("fork").Queue()
    _run(_hit, *[(database, out) for _ in range(PROCESSES)])
    assert sum(out.get(timeout=5) for _ in range(PROCESSES)) == LIMIT  # 40 asked, exactly the limit let through
