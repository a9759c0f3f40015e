"""Cache-Control for public pages, so the reverse proxy (deploy/nginx) or a CDN can answer most visits.

A public page is the same for everyone who asks with the same URL, language cookie and Accept-Language (the
app says so with Vary, web/platform/i18n.py), so a shared cache may keep it for ``PAGE_CACHE_SECONDS``. That time bounds
how late a saved edit shows through the cache. Browsers always ask again (``max-age=0``): pages are small and
gzipped, and a visitor should see an edit on reload.

nginx counts a lifetime in whole seconds from the second it stored the response, so ``s-maxage=1`` could keep
a page almost 2 s. ``X-Accel-Expires: @T`` (read by nginx only, never passed to the browser) instead ends it
after the whole second T, chosen so the page is kept strictly less than ``PAGE_CACHE_SECONDS``.
"""
from __future__ import annotations

import time

from flask import Flask, Response, request

CACHED_BLUEPRINTS = {"public"}  # home, site list, site and tour pages; other features set their own headers


def init_app(app: Flask) -> None:
    @app.after_request
    def _public_pages(response: Response) -> Response:
        seconds = int(app.config.get("PAGE_CACHE_SECONDS") or 0)
        if (request.blueprint not in CACHED_BLUEPRINTS or request.method not in ("GET", "HEAD")
                or response.status_code != 200 or "Cache-Control" in response.headers):
            return response
        if seconds <= 0 or "Set-Cookie" in response.headers:  # a remembered ?lang= choice is the visitor's own
            response.headers["Cache-Control"] = "no-cache"
            return response
        response.headers["Cache-Control"] = f"public, max-age=0, s-maxage={seconds}"
        response.headers["X-Accel-Expires"] = f"@{int(time.time()) + seconds - 1}"
        return response
