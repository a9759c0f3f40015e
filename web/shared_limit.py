"""A request rate limit that holds for every worker process and instance sharing one instance folder.

``RateLimit`` in web/api_errors.py counts in one process's memory: with gunicorn's workers (and two instances),
a client got ``limit x workers x instances``. This one keeps the last minute's requests per client address in a
small SQLite file, ``INSTANCE_PATH/limits.sqlite3`` (WAL; one short write transaction per counted request, about
a millisecond), so every process sees the same count. If that file cannot be written (a full or read-only
disk), the process falls back to counting in memory and says so in the log, rather than refusing the API.
The client address is the one ProxyFix took from the reverse proxy (PROXY_FIX, PROXY_FIX_HOPS).
"""
from __future__ import annotations

import logging
import os
import random
import sqlite3
import threading
import time
from pathlib import Path

from werkzeug.exceptions import TooManyRequests

log = logging.getLogger(__name__)
WINDOW = 60.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS hits (scope TEXT NOT NULL, client TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS hits_by_client ON hits (scope, client, at);
"""


class SharedRateLimit:
    """At most ``per_minute`` requests per client in any 60 s, counted across processes (0 = no limit)."""

    def __init__(self, path: Path, per_minute: int, *, scope: str = "api-plan", clock=time.time, fallback=None):
        self.path, self.per_minute, self.scope, self.clock = Path(path), per_minute, scope, clock
        self.fallback = fallback  # an in-memory limit with .check(client), used when the file fails
        self._local = threading.local()

    def _conn(self) -> sqlite3.Connection:
        conn, pid = getattr(self._local, "conn", None), getattr(self._local, "pid", None)
        if conn is None or pid != os.getpid():  # a connection is never used across a fork
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.executescript(_SCHEMA)
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def check(self, client: str) -> None:
        if self.per_minute <= 0:
            return
        try:
            retry = self._count(client)
        except sqlite3.Error as exc:
            log.warning("rate limit store %s unusable (%s): counting in this process only", self.path, exc)
            if self.fallback is not None:
                self.fallback.check(client)
            return
        if retry:
            raise TooManyRequests(retry_after=retry)

    def _count(self, client: str) -> int:
        """0 when counted; else the seconds until the client may ask again."""
        now = self.clock()
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            if random.random() < 0.01:  # forget idle clients now and then
                conn.execute("DELETE FROM hits WHERE at <= ?", (now - WINDOW,))
            else:
                conn.execute("DELETE FROM hits WHERE scope = ? AND client = ? AND at <= ?",
                             (self.scope, client, now - WINDOW))
            count, first = conn.execute("SELECT COUNT(*), MIN(at) FROM hits WHERE scope = ? AND client = ?",
                                        (self.scope, client)).fetchone()
            if count >= self.per_minute:
                conn.execute("COMMIT")
                return max(1, int(WINDOW - (now - first)) + 1)
            conn.execute("INSERT INTO hits (scope, client, at) VALUES (?, ?, ?)", (self.scope, client, now))
            conn.execute("COMMIT")
            return 0
        except BaseException:
            conn.execute("ROLLBACK")
            raise
