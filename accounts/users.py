"""Users in the SQLite store: create, list, change role, disable, reset password. No default account exists."""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

import accounts
from . import passwords
from storage.db import transaction

ROLES = ("editor", "admin")  # editor: sites and tours; admin: also users, restores, settings, audit
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$")


class UserError(ValueError):
    """``code``: bad_name, bad_role, exists, no_such_user, or a password policy code."""

    def __init__(self, code: str, **params: object):
        self.code, self.params = code, params
        super().__init__(code)


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    disabled: bool
    created: float

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def can(self, role: str) -> bool:
        """True if this user has ``role`` or a stronger one."""
        return ROLES.index(self.role) >= ROLES.index(role)


def _row(row: sqlite3.Row | None) -> User | None:
    if row is None:
        return None
    return User(id=row["id"], name=row["name"], role=row["role"], disabled=bool(row["disabled"]),
                created=row["created"])


def _check_password(password: str, name: str, min_length: int) -> None:
    try:
        passwords.check_policy(password, name=name, min_length=min_length)
    except passwords.PasswordRejected as exc:
        raise UserError(exc.code, **exc.params) from None


def create(conn: sqlite3.Connection, name: str, role: str, password: str, *, min_length: int = 12) -> User:
    if not NAME.match(name):
        raise UserError("bad_name")
    if role not in ROLES:
        raise UserError("bad_role")
    _check_password(password, name, min_length)
    digest = passwords.hash_password(password)  # slow: outside the write transaction
    with transaction(conn):
        if conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
            raise UserError("exists", name=name)
        t = accounts.now()
        cur = conn.execute("INSERT INTO users (name, role, pw_hash, created, updated) VALUES (?, ?, ?, ?, ?)",
                           (name, role, digest, t, t))
    return get(conn, cur.lastrowid)  # type: ignore[return-value]


def create_invited(conn: sqlite3.Connection, name: str, role: str) -> User:
    """An account whose password nobody knows: its owner sets one through an invitation link."""
    import secrets

    return create(conn, name, role, secrets.token_urlsafe(32), min_length=12)


def get(conn: sqlite3.Connection, user_id: int) -> User | None:
    return _row(conn.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone())


def by_name(conn: sqlite3.Connection, name: str) -> User | None:
    return _row(conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone())


def all_users(conn: sqlite3.Connection) -> list[User]:
    return [u for u in map(_row, conn.execute("SELECT * FROM users ORDER BY name COLLATE NOCASE")) if u]


def authenticate(conn: sqlite3.Connection, name: str, password: str) -> User | None:
    """The user if the name and password match and the account is enabled; the same work either way."""
    row = conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchone()
    ok = passwords.verify(row["pw_hash"] if row else None, password)
    if not ok or row is None or row["disabled"]:
        return None
    if passwords.needs_rehash(row["pw_hash"]):
        conn.execute("UPDATE users SET pw_hash = ? WHERE id = ?", (passwords.hash_password(password), row["id"]))
    return _row(row)


def _require(conn: sqlite3.Connection, name: str) -> User:
    user = by_name(conn, name)
    if user is None:
        raise UserError("no_such_user", name=name)
    return user


def set_role(conn: sqlite3.Connection, name: str, role: str) -> User:
    if role not in ROLES:
        raise UserError("bad_role")
    user = _require(conn, name)
    conn.execute("UPDATE users SET role = ?, updated = ? WHERE id = ?", (role, accounts.now(), user.id))
    return _require(conn, name)


def set_disabled(conn: sqlite3.Connection, name: str, disabled: bool) -> User:
    """Disabling also ends every session of the user at once."""
    user = _require(conn, name)
    with transaction(conn):
        conn.execute("UPDATE users SET disabled = ?, updated = ? WHERE id = ?", (int(disabled), accounts.now(), user.id))
        if disabled:
            conn.execute("DELETE FROM sessions WHERE user_id = ?", (user.id,))
    return _require(conn, name)


def reset_password(conn: sqlite3.Connection, name: str, password: str, *, min_length: int = 12) -> User:
    """A new password ends every existing session of the user (whoever knew the old one is logged out)."""
    user = _require(conn, name)
    _check_password(password, name, min_length)
    digest = passwords.hash_password(password)
    with transaction(conn):
        conn.execute("UPDATE users SET pw_hash = ?, updated = ? WHERE id = ?", (digest, accounts.now(), user.id))
        conn.execute("DELETE FROM sessions WHERE user_id = ?", (user.id,))
    return user
