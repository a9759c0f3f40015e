"""Stored photos, one file per size and format. A photo's URL names its content hash, so the bytes behind a
URL never change: browsers and proxies may keep them for a year without asking again."""
from __future__ import annotations

from flask import Blueprint, abort, send_file

from catalog.photos import FILE
from web.public.photo_view import photo_store

bp = Blueprint("photos", __name__)

IMMUTABLE = "public, max-age=31536000, immutable"
MIMETYPES = {"jpg": "image/jpeg", "webp": "image/webp"}


@bp.get("/photos/<file>/<int:width>.<ext>")
def photo(file: str, width: int, ext: str):
    if not FILE.match(file) or ext not in MIMETYPES:
        abort(404)
    path = photo_store().path(file, f"{width}.{ext}")
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=MIMETYPES[ext], conditional=True, etag=True, max_age=31536000)
    response.headers["Cache-Control"] = IMMUTABLE
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
