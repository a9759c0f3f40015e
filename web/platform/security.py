"""Security headers: a Content-Security-Policy with a fresh script nonce per response (script hashes instead on
responses that shared caches keep, see ``_script_sources``), and framing rules.

Pages may allow framing by calling ``allow_framing(origins)`` (embeds); everything else is never frameable.
"""
from __future__ import annotations

import base64
import hashlib
import re
import secrets

from flask import Flask, Response, current_app, g, request


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


# a script element without a src attribute (data-src and the like do not count)
_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*(?<![\w-])src\s*=)[^>]*>(.*?)</script\s*>", re.S | re.I)


def script_hashes(html: str) -> list[str]:
    """CSP hash sources of the inline scripts of ``html``, as a browser computes them: over the element's text
    after the parser has turned CR LF and CR into LF."""
    out = []
    for body in _INLINE_SCRIPT.findall(html):
        text = body.replace("\r\n", "\n").replace("\r", "\n")
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
        out.append(f"'sha256-{digest}'")
    return sorted(set(out))


def over_https() -> bool:
    """Whether this response goes out over HTTPS, per the HTTPS setting (auto / always / off)."""
    mode = str(current_app.config.get("HTTPS", "auto")).lower()
    return mode == "always" or (mode == "auto" and request.is_secure)


def cookie_secure() -> bool:
    return bool(current_app.config.get("SESSION_COOKIE_SECURE")) or over_https()


def allow_framing(origins: list[str] | tuple[str, ...]) -> None:
    """Mark this response frameable by ``origins`` ("*" = any); the default is never frameable."""
    g.frame_ancestors = " ".join(origins) if origins else "'none'"


def _policy(app: Flask, scripts: str) -> str:
    tiles = " ".join(app.config.get("CSP_IMG_HOSTS", ()))
    ancestors = g.get("frame_ancestors", "'none'")
    return "; ".join((
        "default-src 'self'",
        f"script-src {scripts}",
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


def _script_sources(response: Response) -> str | None:
    """script-src for this response; None: send no policy.

    A fresh nonce for what only this visitor gets. Where shared caches may keep the response (``Cache-Control:
    public``: public pages, embeds), a nonce in the stored bytes would be the same for everyone served that copy,
    for as long as it lives; the inline scripts are allowed by their SHA-256 instead, which admits exactly the
    scripts the app wrote, however long the copy is kept. A 304 of such a response then carries no policy, so the
    stored one, which matches the stored body, stays in force."""
    if "public" not in response.headers.get("Cache-Control", ""):
        return f"'self' 'nonce-{csp_nonce()}'"
    if response.status_code == 304:
        return None
    if response.direct_passthrough or response.mimetype != "text/html":
        return "'self'"
    return " ".join(["'self'", *script_hashes(response.get_data(as_text=True))])


def init_app(app: Flask) -> None:
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def _headers(response: Response) -> Response:
        if "Content-Security-Policy" not in response.headers:
            scripts = _script_sources(response)
            if scripts is not None:
                response.headers["Content-Security-Policy"] = _policy(app, scripts)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        hsts = int(app.config.get("HSTS_SECONDS", 0) or 0)
        if hsts and over_https():
            response.headers.setdefault("Strict-Transport-Security", f"max-age={hsts}; includeSubDomains")
        if g.get("frame_ancestors", "'none'") == "'none'":
            response.headers.setdefault("X-Frame-Options", "DENY")
        return response
