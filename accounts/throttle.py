"""Login throttling per address and per account, kept in SQLite so every worker process counts together.

In-memory limiters multiply with the number of workers (lessons.md); a table does not.

Design, so that an attacker cannot lock the real user out for long:
* each key gets some free failures, then must wait 1 s, 2 s, 4 s ... after each further failure, capped;
* a request made while a key must wait is refused (429) without counting, so hammering does not lengthen it;
* the per-address limit is stricter (fewer free failures, longer cap) than the per-account one: one address
  guessing is cut off quickly, while many addresses guessing one account delay its owner by minutes at most;
* addresses the owner logged in from during the last 30 days ignore the account's wait altogether, and a
  successful login from an address clears that address's count;
* failures are forgotten after an hour without one.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import accounts
from storage.db import transaction

TRUST_DAYS = 30


@dataclass(frozen=True)
class Policy:
    address_free: int = 5
    account_free: int = 10
    address_max_wait: int = 3600
    account_max_wait: int = 300
    forget_after: int = 3600


def _key_addr(address: str) -> str:
    return f"addr:{address}"


def _key_user(name: str) -> str:
    return f"user:{name.lower()}"


def _wait(conn: sqlite3.Connection, key: str, t: float) -> float:
    row = conn.execute("SELECT locked_until FROM throttle WHERE key = ?", (key,)).fetchone()
    return max(0.0, row["locked_until"] - t) if row else 0.0


def trusted(conn: sqlite3.Connection, name: str, address: str, t: float) -> bool:
    row = conn.execute(
        "SELECT 1 FROM trusted_addresses ta JOIN users u ON u.id = ta.user_id "
        "WHERE u.name = ? AND ta.address = ? AND ta.last_login > ?", (name, address, t - TRUST_DAYS * 86400)
    ).fetchone()
    return row is not None


def retry_after(conn: sqlite3.Connection, name: str, address: str, t: float | None = None) -> int:
    """Seconds this attempt must wait (0 = go ahead)."""
    t = accounts.now() if t is None else t
    wait = _wait(conn, _key_addr(address), t)
    if name and not trusted(conn, name, address, t):
        wait = max(wait, _wait(conn, _key_user(name), t))
    return int(wait + 0.999)


def _fail(conn: sqlite3.Connection, key: str, free: int, cap: int, policy: Policy, t: float) -> None:
    row = conn.execute("SELECT failures, last_failure FROM throttle WHERE key = ?", (key,)).fetchone()
    failures = 1 if row is None or t - row["last_failure"] > policy.forget_after else row["failures"] + 1
    over = failures - free
    locked_until = t + min(2 ** (over - 1), cap) if over > 0 else 0.0
    conn.execute("INSERT INTO throttle (key, failures, last_failure, locked_until) VALUES (?, ?, ?, ?) "
                 "ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, "
                 "last_failure = excluded.last_failure, locked_until = excluded.locked_until",
                 (key, failures, t, locked_until))


def failed(conn: sqlite3.Connection, name: str, address: str, policy: Policy, t: float | None = None) -> None:
    t = accounts.now() if t is None else t
    with transaction(conn):
        _fail(conn, _key_addr(address), policy.address_free, policy.address_max_wait, policy, t)
        if name:
            _fail(conn, _key_user(name), policy.account_free, policy.account_max_wait, policy, t)


def succeeded(conn: sqlite3.Connection, user_id: int, name: str, address: str, t: float | None = None) -> None:
    t = accounts.now() if t is None else t
    with transaction(conn):
        conn.execute("DELETE FROM throttle WHERE key IN (?, ?)", (_key_addr(address), _key_user(name)))
        conn.execute("INSERT INTO trusted_addresses (user_id, address, last_login) VALUES (?, ?, ?) "
                     "ON CONFLICT(user_id, address) DO UPDATE SET last_login = excluded.last_login",
                     (user_id, address, t))
