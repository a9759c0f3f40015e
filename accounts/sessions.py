"""Server-side session records: the cookie carries only a random token; the row holds the data.

The table keys rows by the token's SHA-256, so a copy of the database gives no usable cookie.
Idle and absolute time-outs are checked on every load; logout deletes the row.
"""
from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
from dataclasses import dataclass

import accounts

TOUCH_EVERY = 30  # seconds: refresh last_seen at most this often, not on every request


@dataclass(frozen=True)
class Record:
    token: str
    user_id: int | None
    data: dict
    created: float
    last_seen: float


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def load(conn: sqlite3.Connection, token: str, *, idle: float, absolute: float) -> Record | None:
    """The live record for this token, or None (unknown, idle too long, or too old: then it is deleted)."""
    if not token or len(token) > 100:
        return None
    row = conn.execute("SELECT * FROM sessions WHERE id = ?", (_digest(token),)).fetchone()
    if row is None:
        return None
    t = accounts.now()
    if t - row["last_seen"] > idle or t - row["created"] > absolute:
        conn.execute("DELETE FROM sessions WHERE id = ?", (row["id"],))
        return None
    if t - row["last_seen"] > TOUCH_EVERY:
        conn.execute("UPDATE sessions SET last_seen = ? WHERE id = ?", (t, row["id"]))
    try:
        data = json.loads(row["data"])
    except ValueError:
        data = {}
    return Record(token, row["user_id"], data, row["created"], row["last_seen"])


def save(conn: sqlite3.Connection, token: str, user_id: int | None, data: dict, address: str,
         created: float | None = None) -> None:
    t = accounts.now()
    conn.execute("INSERT INTO sessions (id, user_id, data, created, last_seen, address) VALUES (?, ?, ?, ?, ?, ?) "
                 "ON CONFLICT(id) DO UPDATE SET user_id = excluded.user_id, data = excluded.data, "
                 "last_seen = excluded.last_seen",
                 (_digest(token), user_id, json.dumps(data, separators=(",", ":")), created or t, t, address[:64]))


def delete(conn: sqlite3.Connection, token: str) -> None:
    conn.execute("DELETE FROM sessions WHERE id = ?", (_digest(token),))


def purge(conn: sqlite3.Connection, *, idle: float, absolute: float) -> int:
    t = accounts.now()
    return conn.execute("DELETE FROM sessions WHERE last_seen < ? OR created < ?", (t - idle, t - absolute)).rowcount
