"""Log in (throttled per address and per account), log out, keep a session alive while someone types."""
from __future__ import annotations

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from accounts import audit, sessions, throttle, users
from web.platform.auth import client_address, current_user, public_view, requires, safe_next
from web.platform.db import get_db

from . import bp


def _policy() -> throttle.Policy:
    c = current_app.config
    return throttle.Policy(address_free=c["LOGIN_ADDRESS_FREE_FAILURES"], account_free=c["LOGIN_ACCOUNT_FREE_FAILURES"],
                           account_max_wait=c["LOGIN_ACCOUNT_MAX_WAIT"])


def _form(error: str = "", status: int = 200, headers: dict | None = None):
    nxt = safe_next(request.values.get("next"), "")
    return render_template("admin/login.html", error=error, next=nxt,
                           name=request.form.get("name", "")[:80]), status, headers or {}


@bp.get("/login")
@public_view
def login():
    if current_user() is not None:
        return redirect(safe_next(request.args.get("next"), url_for("admin.index")))
    return _form()


@bp.post("/login")
@public_view
def login_post():
    name = request.form.get("name", "").strip()[:80]
    password = request.form.get("password", "")[:1000]
    conn, address = get_db(), client_address()
    wait = throttle.retry_after(conn, name, address)
    if wait:
        audit.record(conn, name or "?", "login_throttled", name, f"wait {wait}s", address)
        return _form(_("Too many failed attempts. Try again in %(n)d seconds.", n=wait), 429,
                     {"Retry-After": str(wait)})
    user = users.authenticate(conn, name, password) if name and password else None
    if user is None:
        throttle.failed(conn, name, address, _policy())
        audit.record(conn, name or "?", "login_failed", name, "", address)
        return _form(_("That name and password do not match an active account."), 401)
    throttle.succeeded(conn, user.id, user.name, address)
    c = current_app.config
    sessions.purge(conn, idle=c["SESSION_IDLE_MINUTES"] * 60, absolute=c["SESSION_ABSOLUTE_HOURS"] * 3600)
    session.log_in(user.id)  # type: ignore[attr-defined]  (a new session id: fixation is useless)
    audit.record(conn, user.name, "login", user.name, "", address)
    return redirect(safe_next(request.form.get("next"), url_for("admin.index")), 303)


@bp.post("/logout")
@requires("editor")
def logout():
    user = current_user()
    audit.record(get_db(), user.name if user else "?", "logout", "", "", client_address())
    session.end()  # type: ignore[attr-defined]  (deletes the server record)
    return redirect(url_for("admin.login"), 303)


@bp.get("/ping")
@requires("editor")
def ping():
    """Called by the editor page while someone is typing, so a long edit does not hit the idle time-out."""
    return "", 204
