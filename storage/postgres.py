"""The shared store in PostgreSQL (``DATABASE_URL``): channel counts and rate-limit hits of every machine.

One connection per thread and process (opened on first use, never carried across a fork: a worker forked
from a master that had connected opens its own, and leaves the master's alone). Connecting and every statement
are bounded in time, so an unreachable database costs a request at most CONNECT_TIMEOUT once per
RETRY_AFTER_FAILURE, and callers fall back (counts wait in memory, the limit counts in the process).
The schema is migrated once per process, under an advisory lock, in the order of ``MIGRATIONS``.
"""
from __future__ import annotations

import os
import threading
import time

import psycopg

from .shared import CountKey, StoreError, count_hit, rows_query

CONNECT_TIMEOUT = 2  # seconds (libpq's minimum is 2)
STATEMENT_TIMEOUT_MS = 3000
RETRY_AFTER_FAILURE = 5.0  # seconds without connecting again after a failed connection
_MIGRATION_LOCK = 0x5755_5348  # pg_advisory_xact_lock key: one process migrates at a time

# Append only, as storage/db.py's list.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS channel_counts (
        day TEXT NOT NULL, campaign TEXT NOT NULL, channel TEXT NOT NULL, count BIGINT NOT NULL,
        PRIMARY KEY (day, campaign, channel)
    );
    CREATE TABLE IF NOT EXISTS hits (scope TEXT NOT NULL, client TEXT NOT NULL, at DOUBLE PRECISION NOT NULL);
    CREATE INDEX IF NOT EXISTS hits_by_client ON hits (scope, client, at);
    """,
)

_forked_away: list = []  # connections opened before a fork: kept referenced so the child never closes them


class PostgresShared:
    def __init__(self, url: str):
        self.url = url
        self._local = threading.local()
        self._migrated_pid: int | None = None
        self._failed_at = 0.0

    def __repr__(self) -> str:
        info = psycopg.conninfo.conninfo_to_dict(self.url)  # never the password
        return f"PostgreSQL {info.get('host', '')}:{info.get('port', '')}/{info.get('dbname', '')}"

    def connection(self) -> psycopg.Connection:
        conn, pid = getattr(self._local, "conn", None), getattr(self._local, "pid", None)
        if conn is not None and pid != os.getpid():
            _forked_away.append(conn)
            conn = None
        if conn is not None and not conn.closed and not conn.broken:
            return conn
        if time.monotonic() - self._failed_at < RETRY_AFTER_FAILURE:
            raise StoreError("PostgreSQL unreachable a moment ago; not trying again yet")
        try:
            conn = psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT,
                                   options=f"-c statement_timeout={STATEMENT_TIMEOUT_MS}")
            if self._migrated_pid != os.getpid():
                migrate(conn)
                self._migrated_pid = os.getpid()
        except psycopg.Error as exc:
            self._failed_at = time.monotonic()
            raise StoreError(f"PostgreSQL: {exc}") from exc
        self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def _run(self, work):
        conn = self.connection()
        try:
            return work(conn)
        except psycopg.Error as exc:
            if conn.broken:
                self._local.conn = None
            raise StoreError(f"PostgreSQL: {exc}") from exc

    def add_counts(self, batch: dict[CountKey, int]) -> None:
        def write(conn):
            with conn.transaction(), conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO channel_counts (day, campaign, channel, count) VALUES (%s, %s, %s, %s) "
                    "ON CONFLICT (day, campaign, channel) DO UPDATE SET count = channel_counts.count + excluded.count",
                    [(d, c, ch, n) for (d, c, ch), n in sorted(batch.items())])  # one order: no deadlock
        self._run(write)

    def count_rows(self, first: str, last: str, campaign: str | None = None) -> list[tuple]:
        sql, args = rows_query("%s", first, last, campaign)
        return self._run(lambda conn: conn.execute(sql, args).fetchall())

    def campaigns(self) -> list[str]:
        return self._run(lambda conn: [r[0] for r in conn.execute(
            "SELECT DISTINCT campaign FROM channel_counts ORDER BY campaign")])

    def hit(self, scope: str, client: str, now: float, window: float, limit: int) -> float:
        def count(conn):
            with conn.transaction():
                # Requests of one client on several machines take turns; other clients are not held up.
                conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (f"{scope}\n{client}",))
                return count_hit(conn, "%s", scope, client, now, window, limit)
        return self._run(count)


def migrate(conn: psycopg.Connection) -> int:
    """Bring the schema up to date; safe from many processes at once. Returns the schema version."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS wusheng_schema (version INTEGER NOT NULL)")
        row = conn.execute("SELECT version FROM wusheng_schema").fetchone()
        current = row[0] if row else 0
        if row is None:
            conn.execute("INSERT INTO wusheng_schema (version) VALUES (0)")
        for script in MIGRATIONS[current:]:
            for statement in (s for s in script.split(";") if s.strip()):
                conn.execute(statement)
            current += 1
        conn.execute("UPDATE wusheng_schema SET version = %s", (current,))
    return current
