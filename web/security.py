"""Security headers: a Content-Security-Policy with a fresh script nonce per response, and framing rules.

Pages may allow framing by calling ``allow_framing(origins)`` (embeds); everything else is never frameable.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import Flask, Response, current_app, g, request


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def stable_nonce(seed: str) -> str:
    """Use a nonce derived from ``seed`` (a response's ETag) instead of a fresh one. A cached page keeps the
    nonce it was stored with, and a 304 refreshes the stored headers: both must carry the same nonce, or the
    browser would block the cached page's scripts. Keyed with SECRET_KEY, so it cannot be guessed without
    fetching the page (which shows it anyway, as any cacheable page with a nonce does)."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    g.csp_nonce = hmac.new(key, seed.encode(), hashlib.sha256).hexdigest()[:24]
    return g.csp_nonce


def over_https() -> bool:
    """Whether this response goes out over HTTPS, per the HTTPS setting (auto / always / off)."""
    mode = str(current_app.config.get("HTTPS", "auto")).lower()
    return mode == "always" or (mode == "auto" and request.is_secure)


def cookie_secure() -> bool:
    return bool(current_app.config.get("SESSION_COOKIE_SECURE")) or over_https()


def allow_framing(origins: list[str] | tuple[str, ...]) -> None:
    """Mark this response frameable by ``origins`` ("*" = any); the default is never frameable."""
    g.frame_ancestors = " ".join(origins) if origins else "'none'"


def _policy(app: Flask) -> str:
    tiles = " ".join(app.config.get("CSP_IMG_HOSTS", ()))
    ancestors = g.get("frame_ancestors", "'none'")
    return "; ".join((
        "default-src 'self'",
        f"script-src 'self' 'nonce-{csp_nonce()}'",
        # Leaflet positions tiles and markers with inline styles.
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: blob: {tiles}".strip(),
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        f"frame-ancestors {ancestors}",
    ))


def init_app(app: Flask) -> None:
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", _policy(app))
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        hsts = int(app.config.get("HSTS_SECONDS", 0) or 0)
        if hsts and over_https():
            response.headers.setdefault("Strict-Transport-Security", f"max-age={hsts}; includeSubDomains")
        if g.get("frame_ancestors", "'none'") == "'none'":
            response.headers.setdefault("X-Frame-Options", "DENY")
        return response
