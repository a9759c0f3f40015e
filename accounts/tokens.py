"""One-time links for accounts: an invitation to set a first password, or a password reset. Only a hash of the
token is stored; a link works once, until it expires, and a newer link for the same account replaces it."""
from __future__ import annotations

import hashlib
import secrets
import sqlite3
from dataclasses import dataclass

import accounts
from storage import db as store
from storage.db import transaction

PURPOSES = {"invite": 7 * 24 * 3600.0, "reset": 24 * 3600.0}  # how long each kind of link works, seconds

store.register("""
CREATE TABLE IF NOT EXISTS account_tokens (
    hash TEXT PRIMARY KEY,             -- sha256 of the token in the link
    user_id INTEGER NOT NULL,
    purpose TEXT NOT NULL,             -- invite | reset
    created REAL NOT NULL,
    expires REAL NOT NULL,
    used REAL                          -- when it was used or replaced, NULL while still valid (until it expires)
);
""")


@dataclass(frozen=True)
class Grant:
    user_id: int
    purpose: str
    expires: float


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def issue(conn: sqlite3.Connection, user_id: int, purpose: str) -> tuple[str, float]:
    """A new token for ``user_id`` (any older unused one stops working); (token, expiry time)."""
    token, t = secrets.token_urlsafe(32), accounts.now()
    expires = t + PURPOSES[purpose]
    with transaction(conn):
        conn.execute("UPDATE account_tokens SET used = ? WHERE user_id = ? AND used IS NULL", (t, user_id))
        conn.execute("INSERT INTO account_tokens (hash, user_id, purpose, created, expires) VALUES (?, ?, ?, ?, ?)",
                     (_hash(token), user_id, purpose, t, expires))
    return token, expires


def peek(conn: sqlite3.Connection, token: str) -> Grant | None:
    """What a still-valid token grants, without using it."""
    if not token or len(token) > 100:
        return None
    row = conn.execute("SELECT user_id, purpose, expires FROM account_tokens WHERE hash = ? AND used IS NULL "
                       "AND expires > ?", (_hash(token), accounts.now())).fetchone()
    return Grant(row["user_id"], row["purpose"], row["expires"]) if row else None


def consume(conn: sqlite3.Connection, token: str) -> Grant | None:
    """Use the token: the grant if it was valid, else None. Two uses at once: only one succeeds."""
    grant = peek(conn, token)
    if grant is None:
        return None
    with transaction(conn):
        cur = conn.execute("UPDATE account_tokens SET used = ? WHERE hash = ? AND used IS NULL",
                           (accounts.now(), _hash(token)))
    return grant if cur.rowcount == 1 else None


def pending_invites(conn: sqlite3.Connection) -> set[int]:
    """Users with an invitation not yet used and not expired (they have no password of their own yet)."""
    return {r["user_id"] for r in conn.execute(
        "SELECT user_id FROM account_tokens WHERE purpose = 'invite' AND used IS NULL AND expires > ?",
        (accounts.now(),))}
