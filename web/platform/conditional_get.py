"""Conditional GET for responses that follow only the catalog, the code and the URL (embeds, oEmbed, QR codes,
map images, flyers), so browsers, reverse proxies and CDNs can keep them and revalidate with a cheap 304.

The ETag is weak (``W/"..."``): gzip and identity bodies are the same page, and a weak tag is left alone by
Flask-Compress and nginx (which would rewrite a strong one). It hashes the catalog version, the code's build
version, and whatever the caller adds (route, options, language, base URL). Last-Modified is the catalog file's
modification time. The 304 is answered before anything is rendered.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Callable

from flask import Response, request
from werkzeug.http import is_resource_modified

from .live_catalog import get_catalog, get_source

ROOT = Path(__file__).resolve().parent.parent.parent
# What shapes these responses besides the catalog: a deploy that changes any of it changes every ETag, and
# every worker process of one deploy computes the same value.
_BUILD_GLOBS = ("templates/**/*.html", "static/css/*.css", "static/js/*.js", "translations/*/LC_MESSAGES/*.po",
                "promote/**/*.py", "web/**/*.py", "routes/**/*.py", "geo/**/*.py", "geo/data/*")


@lru_cache(maxsize=1)
def build_version() -> str:
    digest = hashlib.sha256()
    for pattern in _BUILD_GLOBS:
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file():
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Validators:
    etag: str  # the opaque part; sent weak
    last_modified: datetime | None


def validators(*parts: object) -> Validators:
    """Validators for a response built from the current catalog plus ``parts`` (anything with a stable repr)."""
    raw = repr((get_catalog().version, build_version(), parts)).encode()
    mtime = get_source().loaded_mtime
    modified = datetime.fromtimestamp(int(mtime), timezone.utc) if mtime else None
    return Validators(hashlib.sha256(raw).hexdigest()[:32], modified)


def not_modified(v: Validators) -> bool:
    """Does the client (or proxy) already hold this response? Werkzeug's RFC 9110 check (weak comparison,
    If-None-Match wins over If-Modified-Since), asked before anything is rendered."""
    return not is_resource_modified(request.environ, etag=v.etag, last_modified=v.last_modified)


def cache_control(max_age: int, *, revalidate: bool = False) -> str:
    """``public`` so shared caches may store it; ``no-cache`` (revalidate: store, but ask every time) where every
    fetch must reach the app, e.g. a counted download."""
    return "public, no-cache" if revalidate else f"public, max-age={int(max_age)}"


def apply(response: Response, v: Validators, *, max_age: int, revalidate: bool = False) -> Response:
    response.set_etag(v.etag, weak=True)
    if v.last_modified:
        response.last_modified = v.last_modified
    response.headers["Cache-Control"] = cache_control(max_age, revalidate=revalidate)
    return response


def conditional(v: Validators, make: Callable[[], Response], *, max_age: int, revalidate: bool = False) -> Response:
    """304 when the client holds ``v``; else ``make()`` with the validators and Cache-Control set."""
    if request.method in ("GET", "HEAD") and not_modified(v):
        return apply(Response(status=304), v, max_age=max_age, revalidate=revalidate)
    return apply(make(), v, max_age=max_age, revalidate=revalidate)
