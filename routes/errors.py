"""Error pages in the visitor's language; JSON in one shape under /api/."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

bp = Blueprint("errors", __name__)


def _texts(code: int) -> tuple[str, str]:
    return {
        400: (_("That request is not valid"), _("Something in the address or form is wrong.")),
        404: (_("Page not found"), _("There is no such page or place. It may have been renamed or archived.")),
        405: (_("Not allowed"), _("This address does not accept that kind of request.")),
        413: (_("Too large"), _("What you sent is larger than we accept.")),
        429: (_("Too many requests"), _("Please wait a moment and try again.")),
        401: (_("Please log in"), _("Your session has ended. Log in again; then use your browser's Back button to "
                                    "find your form.")),
        403: (_("Not allowed"), _("Your account may not do this. Ask an administrator.")),
    }.get(code, (_("Something went wrong"), _("We could not show this page. Please try again later.")))


def wants_json() -> bool:
    return request.path.startswith("/api/")


@bp.app_errorhandler(HTTPException)
def http_error(exc: HTTPException):
    code = exc.code or 500
    title, message = _texts(code)
    if wants_json():  # the API's one error shape (web/api/errors.py), Allow and Retry-After kept
        from web.api.errors import from_http

        return from_http(exc)
    response = render_template("errors/error.html", code=code, title=title, message=message)
    return response, code, _retry_headers(exc)


@bp.app_errorhandler(CSRFError)
def csrf_refused(exc: CSRFError):
    """A state-changing request without this session's CSRF token: refused, and said plainly."""
    title = _("This form has expired")
    message = _("The form was open too long, or it came from another site. Reload the page and try again; "
                "nothing was changed.")
    return render_template("errors/error.html", code=400, title=title, message=message), 400


@bp.app_errorhandler(Exception)
def unexpected(exc: Exception):
    if isinstance(exc, HTTPException):
        return http_error(exc)
    from flask import current_app

    current_app.logger.exception("unhandled error on %s", request.path)
    return http_error(InternalServerError())


def _retry_headers(exc: HTTPException) -> dict:
    retry = getattr(exc, "retry_after", None)
    return {"Retry-After": str(retry)} if retry else {}
