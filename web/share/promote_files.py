"""The public promotion files: QR codes, map images and flyers. Arguments checked (a wrong one is a 400 that
says what is accepted), built once per catalog version and options (``PROMOTE_CACHE_SIZE`` per process; heavy
ones also shared by every process and made a few at a time: web/platform/heavy_work.py), served with ETag/Last-Modified so a
proxy or browser revalidates cheaply."""
from __future__ import annotations

from typing import Callable

from flask import Response, current_app, request
from werkzeug.exceptions import BadRequest

from planner.field_errors import FieldErrors, flag
from promote import map_image, qr
from promote.fonts import font_problem as _font_problem, pdf_font

from web.platform import heavy_work
from web.platform.links import base_url, valid_campaign
from web.platform.conditional_get import conditional, validators
from web.maps.render_cache import RenderCache

IMAGE_DEFAULT = (1080, 720)
QR_DEFAULT = 512


class BadFileArgs(BadRequest):
    """A wrong argument; the plain-text body says which and what is accepted, in the file's language."""

    def __init__(self, name: str, code: str, **params):
        self.errors = FieldErrors({name: (code, params)})
        super().__init__()

    @property
    def description(self) -> str:  # type: ignore[override]  # worded when shown
        """In the file's ?lang=; in Chinese, then English, when the address names no language (the file's
        reader may be a partner's developer)."""
        chosen = (request.args.get("lang") or "").strip().lower()
        langs = [chosen] if chosen in ("zh", "en") else ["zh", "en"]
        return "\n".join(f"{k}: {v}" for lang in langs for k, v in self.errors.messages(lang).items())


def lang() -> str:
    value = (request.args.get("lang") or "zh").strip().lower()
    if value not in ("zh", "en"):
        raise BadFileArgs("lang", "choice", choices="zh, en")
    return value


def campaign() -> str:
    raw = request.args.get("c", "").strip()
    if raw and not valid_campaign(raw):
        raise BadFileArgs("c", "campaign")
    return raw


def whole(name: str, default: int, lo: int, hi: int) -> int:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not lo <= int(raw) <= hi:
        raise BadFileArgs(name, "int_range", lo=lo, hi=hi)
    return int(raw)


def yes_no(name: str, default: bool) -> bool:
    """A yes/no argument, written as everywhere (planner.field_errors: 1/0, yes/no, true/false, on/off)."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    value = flag(raw)
    if value is None:
        raise BadFileArgs(name, "bool")
    return value


def image_size() -> tuple[int, int]:
    w = whole("w", IMAGE_DEFAULT[0], map_image.MIN_W, map_image.MAX_W)
    h = whole("h", IMAGE_DEFAULT[1], map_image.MIN_H, map_image.MAX_H)
    if w * h > map_image.MAX_PIXELS:
        raise BadFileArgs("w, h", "pixels", n=f"{map_image.MAX_PIXELS:,}")
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


class FontMissing(heavy_work.Busy):
    """No usable Chinese font: the file would print boxes or leave the glyphs to the reader. Refused."""

    def __init__(self, problem: str):
        super().__init__(retry_after=0)
        self.description = (
            "服务器缺少中文字体，无法正确制作此文件。请管理员安装 fonts-wqy-microhei（make run 会自动安装）或设置 "
            "PROMOTE_CJK_FONT，无需重启。\nThe server has no Chinese font, so this file cannot be made correctly. "
            "Ask the administrator to install fonts-wqy-microhei (make run installs it) or to set PROMOTE_CJK_FONT; "
            f"no restart is needed.\n({problem})")


def font_problem() -> str | None:
    """What is wrong with the configured Chinese font (checked on every call: a font installed later counts)."""
    return _font_problem(*font_path())


def pdf_cjk_font():
    check_image_font()
    return pdf_font(*font_path())


def check_image_font() -> None:
    problem = font_problem()
    if problem:
        current_app.logger.warning("promotion file refused: %s", problem)
        raise FontMissing(problem)


def serve(key: tuple, build: Callable[[], bytes], mimetype: str, *, filename: str = "", revalidate: bool = False,
          download: bool = False) -> Response:
    """The file for ``key`` (built at most once per catalog version), or 304."""
    v = validators("promote-file", key, base_url())

    light = key[0] == "qr-svg" or (key[0] == "qr-png" and key[-1] <= QR_DEFAULT)

    def make() -> Response:
        body = _cache().get((v.etag,), build if light else lambda: heavy_work.shared(v.etag, build))
        response = Response(body, mimetype=mimetype)
        if filename:
            kind = "attachment" if download else "inline"
            response.headers["Content-Disposition"] = f'{kind}; filename="{filename}"'
        return response

    return conditional(v, make, max_age=int(current_app.config["EMBED_MAX_AGE"]), revalidate=revalidate)
