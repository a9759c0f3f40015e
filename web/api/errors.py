"""The API's one error shape, ``{"error": {"code", "message", "fields"?}}``, its request guards (body size,
JSON only, a JSON object of known fields) and a per-client rate limit for planning.

Every error the API can answer goes through ``error_response``: HTTP errors raised anywhere under
/api/ (see routes/errors.py), validation errors with ``fields``, and 429 with Retry-After.
"""
from __future__ import annotations

import json
import threading
import time
from collections import deque

from flask import current_app, jsonify, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, TooManyRequests

from planner.field_errors import FieldErrors

CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large",
         415: "unsupported_media_type", 422: "invalid_fields", 429: "too_many_requests", 500: "server_error",
         503: "busy"}


def messages() -> dict[int, str]:
    return {
        400: _("The request is not valid JSON."),
        404: _("There is no such resource."),
        405: _("This address does not accept that method."),
        413: _("The request body is larger than we accept."),
        415: _("Send the body as JSON (Content-Type: application/json)."),
        422: _("Some fields are not valid."),
        429: _("Too many requests: please wait a moment and try again."),
        500: _("Something went wrong on our side."),
    }


def error_response(status: int, message: str | None = None, fields: dict | None = None, headers: dict | None = None):
    body: dict = {"code": CODES.get(status, "error"), "message": message or messages().get(status, messages()[500])}
    if fields:
        body["fields"] = fields
    response = jsonify({"error": body})
    response.status_code = status
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def from_http(exc: HTTPException):
    headers = {k: v for k, v in exc.get_headers() if k.lower() in ("allow", "retry-after")}
    return error_response(exc.code or 500, None, None, headers)


class ApiError(Exception):
    def __init__(self, status: int, message: str | None = None, fields: dict | None = None):
        super().__init__(message or str(status))
        self.status, self.message, self.fields = status, message, fields

    @classmethod
    def bad_fields(cls, status: int, errors: FieldErrors, message: str | None = None) -> "ApiError":
        """Field errors (planner.field_errors) as the API's ``fields``, in the request's language."""
        from web.platform.i18n import current_lang

        return cls(status, message, errors.as_api(current_lang()))


def json_object(allowed: tuple[str, ...]) -> dict:
    """The body as a JSON object whose keys are all in ``allowed``, or an ApiError (400, 413, 415, 422)."""
    if request.mimetype != "application/json" and not request.mimetype.endswith("+json"):
        raise ApiError(415)
    raw = request.get_data(cache=True)  # 413 from max_content_length when the body is too large
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiError(400) from None
    if not isinstance(body, dict):
        raise ApiError(422, _("The body must be a JSON object of trip fields."))
    unknown = [k for k in body if k not in allowed]
    if unknown:
        raise ApiError.bad_fields(422, FieldErrors({str(k)[:60]: ("unknown_field", {}) for k in unknown[:20]}))
    return body


class RateLimit:
    """At most ``per_minute`` requests per client address in any 60 s, per process (0 = no limit)."""

    def __init__(self, per_minute: int, clock=time.monotonic):
        self.per_minute, self.clock = per_minute, clock
        self._hits: dict[str, deque] = {}
        self._lock = threading.Lock()

    def check(self, client: str) -> None:
        if self.per_minute <= 0:
            return
        now = self.clock()
        with self._lock:
            hits = self._hits.setdefault(client, deque())
            while hits and now - hits[0] >= 60:
                hits.popleft()
            if len(hits) >= self.per_minute:
                raise TooManyRequests(retry_after=max(1, int(60 - (now - hits[0])) + 1))
            hits.append(now)
            if len(self._hits) > 10_000:  # forget idle clients rather than grow without bound
                for key in [k for k, v in self._hits.items() if not v or now - v[-1] >= 60]:
                    del self._hits[key]


def rate_limit():
    """The API's plan limit, shared by every process using the app's shared store (web/platform/shared_limit.py)."""
    from web.platform.db import shared_store
    from web.platform.shared_limit import SharedRateLimit

    ext = current_app.extensions
    if "wusheng_api_rate" not in ext:
        per_minute = int(current_app.config.get("API_PLAN_RATE_PER_MINUTE", 0))
        ext["wusheng_api_rate"] = SharedRateLimit(shared_store(), per_minute, fallback=RateLimit(per_minute))
    return ext["wusheng_api_rate"]
