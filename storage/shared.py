"""What several processes, instances or machines write: channel counts and the API's rate-limit hits.

Two stores with the same methods:

* ``SqliteShared`` (the embedded default, one machine): counts in the main SQLite file, rate-limit hits in a
  small separate file (``limits.sqlite3``: one short write per counted request, kept apart from the accounts).
* ``PostgresShared`` (storage/postgres.py, when a database URL is set): both in one PostgreSQL database that
  every machine reaches over the network.

Every failure comes out as ``StoreError``, so callers keep their counts for the next try, or count in memory,
without knowing which database failed. Pure: no Flask.
"""
from __future__ import annotations

import os
import random
import sqlite3
import threading
from pathlib import Path
from typing import Protocol

from . import db

CountKey = tuple[str, str, str]  # (day YYYY-MM-DD, campaign, channel)

_LIMITS_SCHEMA = """
CREATE TABLE IF NOT EXISTS hits (scope TEXT NOT NULL, client TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS hits_by_client ON hits (scope, client, at);
"""
FORGET_IDLE_SHARE = 0.01  # share of counted requests that also forget every client idle for a whole window


class StoreError(Exception):
    """The shared store could not be read or written (locked, read-only, unreachable)."""


class SharedStore(Protocol):
    def add_counts(self, batch: dict[CountKey, int]) -> None: ...
    def count_rows(self, first: str, last: str, campaign: str | None = None) -> list[tuple]: ...
    def campaigns(self) -> list[str]: ...
    def hit(self, scope: str, client: str, now: float, window: float, limit: int) -> float: ...


def open_shared(database_url: str, sqlite_path: Path, limits_path: Path) -> SharedStore:
    """PostgreSQL when ``database_url`` is set, else the embedded SQLite files."""
    if database_url:
        from .postgres import PostgresShared

        return PostgresShared(database_url)
    return SqliteShared(sqlite_path, limits_path)


class SqliteShared:
    def __init__(self, path: Path, limits_path: Path | None = None):
        self.path = Path(path)
        self.limits_path = Path(limits_path) if limits_path else self.path.with_name("limits.sqlite3")
        self._local = threading.local()

    def __repr__(self) -> str:
        return f"SQLite {self.path}"

    # -- channel counts ------------------------------------------------------------------------------------
    def add_counts(self, batch: dict[CountKey, int]) -> None:
        """One transaction: an UPSERT per key."""
        try:
            conn = db.connect(self.path)
            try:
                with db.transaction(conn):
                    conn.executemany(
                        "INSERT INTO channel_counts (day, campaign, channel, count) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT (day, campaign, channel) DO UPDATE SET count = count + excluded.count",
                        [(d, c, ch, n) for (d, c, ch), n in batch.items()])
            finally:
                conn.close()
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(str(exc)) from exc

    def count_rows(self, first: str, last: str, campaign: str | None = None) -> list[tuple]:
        sql, args = rows_query("?", first, last, campaign)
        return [tuple(r) for r in self._read(sql, args)]

    def campaigns(self) -> list[str]:
        return [r[0] for r in self._read("SELECT DISTINCT campaign FROM channel_counts ORDER BY campaign", ())]

    def _read(self, sql: str, args) -> list:
        try:
            conn = db.connect(self.path)
            try:
                return conn.execute(sql, args).fetchall()
            finally:
                conn.close()
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(str(exc)) from exc

    # -- rate-limit hits -----------------------------------------------------------------------------------
    def hit(self, scope: str, client: str, now: float, window: float, limit: int) -> float:
        """Count one request of ``client`` unless it made ``limit`` in the last ``window`` seconds: 0 when
        counted, else the seconds until it may ask again."""
        try:
            conn = self._limits_conn()
            conn.execute("BEGIN IMMEDIATE")
            try:
                retry = count_hit(conn, "?", scope, client, now, window, limit)
                conn.execute("COMMIT")
                return retry
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreError(f"{self.limits_path}: {exc}") from exc

    def _limits_conn(self) -> sqlite3.Connection:
        conn, pid = getattr(self._local, "conn", None), getattr(self._local, "pid", None)
        if conn is None or pid != os.getpid():  # a connection is never used across a fork
            self.limits_path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.limits_path, timeout=5, isolation_level=None)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.executescript(_LIMITS_SCHEMA)
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn


def rows_query(mark: str, first: str, last: str, campaign: str | None) -> tuple[str, list]:
    sql = f"SELECT day, campaign, channel, count FROM channel_counts WHERE day BETWEEN {mark} AND {mark}"
    args: list = [first, last]
    if campaign is not None:
        sql += f" AND campaign = {mark}"
        args.append(campaign)
    return sql + " ORDER BY day DESC, campaign, channel", args


def count_hit(conn, mark: str, scope: str, client: str, now: float, window: float, limit: int) -> float:
    """The rate-limit step inside the caller's write transaction (both databases speak this SQL)."""
    if random.random() < FORGET_IDLE_SHARE:
        conn.execute(f"DELETE FROM hits WHERE at <= {mark}", (now - window,))
    else:
        conn.execute(f"DELETE FROM hits WHERE scope = {mark} AND client = {mark} AND at <= {mark}",
                     (scope, client, now - window))
    count, first = conn.execute(f"SELECT COUNT(*), MIN(at) FROM hits WHERE scope = {mark} AND client = {mark}",
                                (scope, client)).fetchone()
    if count >= limit:
        return max(1, int(window - (now - first)) + 1)
    conn.execute(f"INSERT INTO hits (scope, client, at) VALUES ({mark}, {mark}, {mark})", (scope, client, now))
    return 0
