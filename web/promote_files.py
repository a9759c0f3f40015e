"""The public promotion files: QR codes, map images and flyers. Arguments checked (a wrong one is a 400 that
says what is accepted), built once per catalog version and options (``PROMOTE_CACHE_SIZE`` per process; heavy
ones also shared by every process and made a few at a time: web/heavy.py), served with ETag/Last-Modified so a
proxy or browser revalidates cheaply."""
from __future__ import annotations

from typing import Callable

from flask import Response, current_app, request
from werkzeug.exceptions import BadRequest

from promote import map_image, qr
from promote.fonts import image_font, pdf_font

from . import heavy
from .campaign import base_url, valid_campaign
from .http_cache import conditional, validators
from .mapcache import RenderCache

IMAGE_DEFAULT = (1080, 720)
QR_DEFAULT = 512


class BadFileArgs(BadRequest):
    """A wrong argument; the plain-text body says which and what is accepted."""


def _fail(message: str):
    raise BadFileArgs(message)


def lang() -> str:
    value = (request.args.get("lang") or "zh").strip().lower()
    if value not in ("zh", "en"):
        _fail("lang: use zh or en")
    return value


def campaign() -> str:
    raw = request.args.get("c", "").strip()
    if raw and not valid_campaign(raw):
        _fail("c: a campaign tag is 1-40 lowercase letters, digits and hyphens")
    return raw


def whole(name: str, default: int, lo: int, hi: int) -> int:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not lo <= int(raw) <= hi:
        _fail(f"{name}: a whole number from {lo} to {hi}")
    return int(raw)


def flag(name: str, default: bool) -> bool:
    raw = request.args.get(name, "").strip().lower()
    if not raw:
        return default
    if raw not in ("0", "1"):
        _fail(f"{name}: 0 or 1")
    return raw == "1"


def image_size() -> tuple[int, int]:
    w = whole("w", IMAGE_DEFAULT[0], map_image.MIN_W, map_image.MAX_W)
    h = whole("h", IMAGE_DEFAULT[1], map_image.MIN_H, map_image.MAX_H)
    if w * h > map_image.MAX_PIXELS:
        _fail(f"w, h: at most {map_image.MAX_PIXELS:,} pixels in all (for example 1080 x 2000)")
    return w, h


def qr_size() -> int:
    return whole("size", QR_DEFAULT, qr.PNG_MIN, qr.PNG_MAX)


def _cache() -> RenderCache:
    ext = current_app.extensions
    if "promote_files" not in ext:
        ext["promote_files"] = RenderCache(int(current_app.config["PROMOTE_CACHE_SIZE"]))
    return ext["promote_files"]


def font_path() -> tuple[str, int]:
    return str(current_app.config["PROMOTE_CJK_FONT"]), int(current_app.config["PROMOTE_CJK_FONT_INDEX"])


def pdf_cjk_font():
    return pdf_font(*font_path())


def check_image_font() -> None:
    image_font(*font_path(), 12)  # logs once when the font is missing


def serve(key: tuple, build: Callable[[], bytes], mimetype: str, *, filename: str = "", revalidate: bool = False,
          download: bool = False) -> Response:
    """The file for ``key`` (built at most once per catalog version), or 304."""
    v = validators("promote-file", key, base_url())

    light = key[0] == "qr-svg" or (key[0] == "qr-png" and key[-1] <= QR_DEFAULT)

    def make() -> Response:
        body = _cache().get((v.etag,), build if light else lambda: heavy.shared(v.etag, build))
        response = Response(body, mimetype=mimetype)
        if filename:
            kind = "attachment" if download else "inline"
            response.headers["Content-Disposition"] = f'{kind}; filename="{filename}"'
        return response

    return conditional(v, make, max_age=int(current_app.config["EMBED_MAX_AGE"]), revalidate=revalidate)
