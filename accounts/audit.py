"""The audit log: logins, failed logins, logouts, saves, restores, user changes. Append only."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import accounts

ACTIONS = ("login", "login_failed", "login_throttled", "logout", "save", "restore", "archive", "unarchive",
           "import", "verify", "user_create", "user_role", "user_disable", "user_enable", "user_password",
           "user_invite", "user_reset_link", "user_password_set")


@dataclass(frozen=True)
class Entry:
    id: int
    at: float
    actor: str
    action: str
    target: str
    detail: str
    address: str


def record(conn: sqlite3.Connection, actor: str, action: str, target: str = "", detail: str = "",
           address: str = "") -> None:
    assert action in ACTIONS, action
    conn.execute("INSERT INTO audit (at, actor, action, target, detail, address) VALUES (?, ?, ?, ?, ?, ?)",
                 (accounts.now(), actor[:80], action, target[:200], detail[:500], address[:64]))


def recent(conn: sqlite3.Connection, *, limit: int = 200, action: str = "", before_id: int | None = None) -> list[Entry]:
    sql, args = "SELECT * FROM audit WHERE 1=1", []
    if action:
        sql += " AND action = ?"
        args.append(action)
    if before_id:
        sql += " AND id < ?"
        args.append(before_id)
    sql += " ORDER BY id DESC LIMIT ?"
    args.append(limit)
    return [Entry(**dict(r)) for r in conn.execute(sql, args)]
