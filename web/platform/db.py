"""``get_db()``: the request's SQLite connection (users, sessions, throttling, revisions, audit, and later
features' tables). Opened on first use in a request, closed at its end; the schema is migrated on open.

``shared_store()``: where what several machines write goes (channel counts, the API's rate limit): the same
SQLite file (and ``limits.sqlite3`` beside it), or PostgreSQL when DATABASE_URL is set (storage/shared.py).
Both live on the app (``app.extensions``), never in module globals."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from flask import Flask, current_app, g

from storage import db
from storage.shared import SharedStore, open_shared


def database_path(app: Flask) -> Path:
    return Path(app.config.get("DATABASE_PATH") or Path(app.instance_path) / "wusheng.sqlite3")


def get_db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = db.connect(database_path(current_app))
    return g.db


def shared_store(app: Flask | None = None) -> SharedStore:
    return (app or current_app).extensions["shared_store"]


def init_app(app: Flask) -> None:
    app.extensions["shared_store"] = open_shared(app.config.get("DATABASE_URL", ""), database_path(app),
                                                 Path(app.instance_path) / "limits.sqlite3")

    @app.teardown_appcontext
    def _close(_exc: BaseException | None) -> None:
        conn = g.pop("db", None)
        if conn is not None:
            conn.close()
