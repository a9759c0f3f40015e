"""The bureau's admin under /admin: every view declares the role it needs (web.auth.requires)."""
from __future__ import annotations

from flask import Blueprint, Response

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.after_request
def _never_cached(response: Response) -> Response:
    # Admin pages carry private data and CSRF tokens: never stored by a browser or a proxy. They are also never
    # framed: web.security sends frame-ancestors 'none' unless a view opts in, and no admin view does.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


from . import auth, channels, data, history, people, photos, position, sites, tours  # noqa: E402,F401  (views register on bp)


@bp.app_template_test("match")
def _match(value: str, pattern: str) -> bool:
    """``names|select('match', regex)``: form fields whose name matches (hours grid rows, tour slots)."""
    import re

    return re.match(pattern, value) is not None
