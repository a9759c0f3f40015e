"""Open the SQLite store and bring its schema up to date.

SQLite needs nothing installed or started. WAL mode lets readers run while one writer writes, and
``busy_timeout`` makes concurrent writers in several worker processes wait their turn instead of failing.
Migrations are plain SQL, applied in order, recorded in ``PRAGMA user_version``; each runs in one
transaction, so running them again (another worker starting at the same time) is harmless.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

# Append only: never edit a migration that has shipped. Every feature's tables are listed here, in the order they
# shipped, so the schema version means the same thing in every process whatever it imported. A tuple: nothing
# registers a migration at import time; the app's state (connections, stores) lives on the app (web/platform/db.py).
# What several machines write (channel counts, the API's rate limit) may live in PostgreSQL instead:
# storage/shared.py and storage/postgres.py.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role TEXT NOT NULL CHECK (role IN ('editor', 'admin')),
        pw_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        created REAL NOT NULL,
        updated REAL NOT NULL
    );
    CREATE TABLE IF NOT EXISTS sessions (
        id TEXT PRIMARY KEY,               -- sha256 of the cookie value: a leaked database gives no cookie
        user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
        data TEXT NOT NULL DEFAULT '{}',
        created REAL NOT NULL,
        last_seen REAL NOT NULL,
        address TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user_id);
    CREATE TABLE IF NOT EXISTS throttle (
        key TEXT PRIMARY KEY,              -- 'addr:1.2.3.4' or 'user:name'
        failures INTEGER NOT NULL,
        last_failure REAL NOT NULL,
        locked_until REAL NOT NULL DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS trusted_addresses (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        address TEXT NOT NULL,
        last_login REAL NOT NULL,
        PRIMARY KEY (user_id, address)
    );
    CREATE TABLE IF NOT EXISTS audit (
        id INTEGER PRIMARY KEY,
        at REAL NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE IF NOT EXISTS revisions (
        id INTEGER PRIMARY KEY,
        version TEXT NOT NULL,             -- content hash of the file (catalog.loader.version_of)
        parent TEXT NOT NULL DEFAULT '',   -- the version this save started from
        at REAL NOT NULL,
        author TEXT NOT NULL,
        summary TEXT NOT NULL,
        size INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS revisions_version ON revisions(version);
    """,
    # Channel counts (web/share/channels.py).
    """
CREATE TABLE IF NOT EXISTS channel_counts (
    day TEXT NOT NULL,                 -- YYYY-MM-DD, Asia/Shanghai
    campaign TEXT NOT NULL,            -- a campaign tag (web.platform.links), '' = untagged, '(other)' = over the limit
    channel TEXT NOT NULL,             -- one of web.share.channels.CHANNELS
    count INTEGER NOT NULL,
    PRIMARY KEY (day, campaign, channel)
) WITHOUT ROWID;
    """,
    # One-time account links: invitations and password resets (accounts/tokens.py).
    """
CREATE TABLE IF NOT EXISTS account_tokens (
    hash TEXT PRIMARY KEY,             -- sha256 of the token in the link
    user_id INTEGER NOT NULL,
    purpose TEXT NOT NULL,             -- invite | reset
    created REAL NOT NULL,
    expires REAL NOT NULL,
    used REAL                          -- when it was used or replaced, NULL while valid until it expires
);
    """,
)


def connect(path: str | Path) -> sqlite3.Connection:
    """A connection with WAL, foreign keys and a generous busy timeout; the schema migrated."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")  # durable across process crashes in WAL mode
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn)
    return conn


def migrate(conn: sqlite3.Connection, migrations: tuple[str, ...] = MIGRATIONS) -> int:
    """Apply pending migrations; return the schema version. Safe to call from many processes at once."""
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    while current < len(migrations):
        conn.execute("BEGIN IMMEDIATE")  # one process migrates; the others wait, then find nothing to do
        try:
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            if current < len(migrations):
                for statement in _statements(migrations[current]):
                    conn.execute(statement)
                current += 1
                conn.execute(f"PRAGMA user_version = {current}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return current


def _statements(script: str) -> list[str]:
    # executescript would COMMIT our transaction; split on ';' instead (our migrations hold no ';' in strings
    # or comments).
    return [s for s in script.split(";") if s.strip()]


class transaction:
    """``with transaction(conn):`` — BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on error."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, *_) -> None:
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
