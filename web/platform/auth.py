"""Who is asking, and may they: the logged-in user, role checks on every admin view, CSRF, safe ``next``.

Every admin view is wrapped by ``requires(role)``; a test walks the URL map and fails on any admin endpoint
without it, so a new route cannot forget the check.
"""
from __future__ import annotations

import re
from functools import wraps
from typing import Callable
from urllib.parse import unquote, urlsplit

from flask import Flask, abort, current_app, g, redirect, request, session, url_for
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from accounts import users
from accounts.users import User

from .db import get_db

csrf = CSRFProtect()
# Printable ASCII path characters only: no whitespace or control characters (Werkzeug strips a tab, which turns
# "/\t/evil.example" into "//evil.example"), no backslash (browsers read it as "/"), no "@" or ":" tricks.
_SAFE_PATH = re.compile(r"^/[A-Za-z0-9\-._~!$&'()*+,;=%/]*(\?[A-Za-z0-9\-._~!$&'()*+,;=%/?:@]*)?$")


def current_user() -> User | None:
    if "user" not in g:
        uid = getattr(session, "user_id", None)
        user = users.get(get_db(), uid) if uid else None
        g.user = None if user is None or user.disabled else user
    return g.user


def client_address() -> str:
    return request.remote_addr or "unknown"


def requires(role: str) -> Callable:
    """Allow the view to users with ``role`` (or stronger); anonymous users go to the login page."""
    if role not in users.ROLES:
        raise ValueError(role)

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            user = current_user()
            if user is None:
                if request.method == "GET":
                    return redirect(url_for("admin.login", next=request.full_path.rstrip("?")))
                abort(401)
            if not user.can(role):
                abort(403)
            return view(*args, **kwargs)

        wrapper.required_role = role  # type: ignore[attr-defined]
        return wrapper

    return decorate


def public_view(view: Callable) -> Callable:
    """Mark an admin-blueprint view that needs no login (the login page itself)."""
    view.required_role = None  # type: ignore[attr-defined]
    return view


def safe_next(target: str | None, default: str) -> str:
    """``target`` if it is one of our own paths, else ``default``. Strict: anything odd is refused."""
    if not target or len(target) > 1000 or not _SAFE_PATH.match(target):
        return default
    decoded = unquote(target)
    if decoded.startswith(("//", "/\\")) or "\\" in decoded or any(ord(c) < 33 or ord(c) == 127 for c in decoded):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return default
    adapter = current_app.url_map.bind("localhost")
    try:
        adapter.match(parts.path, method="GET")
    except RequestRedirect:
        return default
    except HTTPException:
        return default
    return target


def init_app(app: Flask) -> None:
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # the token lives as long as the (time-limited) session
    app.config.setdefault("WTF_CSRF_SSL_STRICT", True)
    csrf.init_app(app)
    if app.config.get("PROXY_FIX"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = max(1, int(app.config.get("PROXY_FIX_HOPS") or 1))  # proxies in front, each adding one address
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    app.jinja_env.globals["current_user"] = current_user
