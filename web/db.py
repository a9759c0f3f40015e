"""``get_db()``: the request's SQLite connection (users, sessions, throttling, revisions, audit, and later
features' tables). Opened on first use in a request, closed at its end; the schema is migrated on open."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from flask import Flask, current_app, g

from storage import db


def database_path(app: Flask) -> Path:
    return Path(app.config.get("DATABASE_PATH") or Path(app.instance_path) / "wusheng.sqlite3")


def get_db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = db.connect(database_path(current_app))
    return g.db


def init_app(app: Flask) -> None:
    @app.teardown_appcontext
    def _close(_exc: BaseException | None) -> None:
        conn = g.pop("db", None)
        if conn is not None:
            conn.close()
