"""Flask sessions stored on the server (SQLite), so logout and time-outs really end them.

The cookie holds an opaque random token (HttpOnly, SameSite=Lax, Secure when configured). The id changes at
login (``rotate``), so a token planted before login is worthless after it. Pages that never touch the session
(every public page) set no cookie and write nothing.
"""
from __future__ import annotations

from flask import Flask, Request, Response
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict

import accounts
from accounts import sessions

from .db import get_db
from .security import cookie_secure


class ServerSession(CallbackDict, SessionMixin):
    def __init__(self, data: dict | None = None, token: str = "", user_id: int | None = None,
                 created: float | None = None):
        def on_update(_self: "ServerSession") -> None:
            _self.modified = True

        super().__init__(data or {}, on_update)
        self.token, self.user_id, self.created = token, user_id, created
        self.modified = self.rotated = self.ended = False

    def log_in(self, user_id: int) -> None:
        """Start an authenticated session under a new id; the absolute time-out counts from now."""
        self.clear()
        self.user_id, self.created = user_id, accounts.now()
        self.rotated = self.modified = True

    def end(self) -> None:
        self.clear()
        self.user_id = None
        self.ended = True


class NoSession(ServerSession):
    """The session of a page that must neither read nor set cookies (embeds, images, oEmbed): always empty,
    never saved."""

    def __init__(self) -> None:
        super().__init__()
        self.disabled = True


def never_for(app: Flask, *prefixes: str) -> None:
    """Requests to ``app`` whose path starts with one of ``prefixes`` get no session: the cookie is not even read
    (no database look-up) and nothing is ever sent back (embeds must set no cookie, and use no session)."""
    interface = app.session_interface
    interface.sessionless = interface.sessionless + tuple(p for p in prefixes if p not in interface.sessionless)


class SqliteSessionInterface(SessionInterface):
    def __init__(self) -> None:
        self.sessionless: tuple[str, ...] = ()  # path prefixes that get no session (``never_for``), per app

    def _limits(self, app: Flask) -> tuple[float, float]:
        return app.config["SESSION_IDLE_MINUTES"] * 60.0, app.config["SESSION_ABSOLUTE_HOURS"] * 3600.0

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        if request.path.startswith(self.sessionless):
            return NoSession()
        token = request.cookies.get(self.get_cookie_name(app), "")
        if token:
            idle, absolute = self._limits(app)
            record = sessions.load(get_db(), token, idle=idle, absolute=absolute)
            if record is not None:
                return ServerSession(record.data, token, record.user_id, record.created)
        return ServerSession()

    def save_session(self, app: Flask, session: ServerSession, response: Response) -> None:  # type: ignore[override]
        if getattr(session, "disabled", False):
            return
        name, domain, path = self.get_cookie_name(app), self.get_cookie_domain(app), self.get_cookie_path(app)
        if session.ended or session.rotated:
            if session.token:
                sessions.delete(get_db(), session.token)
            if session.ended:
                response.delete_cookie(name, domain=domain, path=path)
                return
            session.token = ""
        if not session.modified:
            return
        if not session.token and not session and session.user_id is None:
            return  # nothing worth a server record
        from flask import request

        session.token = session.token or sessions.new_token()
        sessions.save(get_db(), session.token, session.user_id, dict(session), request.remote_addr or "",
                      created=session.created)
        response.set_cookie(name, session.token, httponly=True, samesite="Lax", path=path, domain=domain,
                            secure=cookie_secure())
        response.vary.add("Cookie")


def init_app(app: Flask) -> None:
    app.session_interface = SqliteSessionInterface()
