"""QR codes with segno, the one QR maker of the app: SVG for pages and print, PNG for chat apps and flyers,
and the module matrix for the painters.

Error correction M (15 % of the code may be smudged or covered and it still reads) and one fixed mask: the
"best" of eight costs ~12 ms a code and every mask reads alike. Every code carries the standard's quiet zone of
four white modules and the brand's ink on white, so it reads on paper, on a dark screen and next to other ink
alike. The SVG holds only the modules (a path), never the encoded text, so it is safe inline.
"""
from __future__ import annotations

import io
from functools import lru_cache

import segno
from markupsafe import Markup

ERROR_LEVEL = "m"
MASK = 2
QUIET_ZONE = 4  # modules of white around the code, as the standard asks
PNG_MIN, PNG_MAX = 96, 2048  # pixel sizes a request may ask for
PNG_SCALE = 8  # pixels a module when no size is asked (the planner's chat PNG)
INK = "#2a1d17"  # the brand's ink: darker than 4.5:1 on white, reads like black to scanners
PAPER = "#ffffff"


@lru_cache(maxsize=256)
def make(data: str) -> segno.QRCode:
    """The QR code of ``data`` (error level M, fixed mask), cached."""
    return segno.make(data, error=ERROR_LEVEL, micro=False, mask=MASK)


def matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """Dark (True) and light modules, without the quiet zone."""
    return tuple(tuple(bool(v) for v in row) for row in make(data).matrix)


@lru_cache(maxsize=256)
def _svg(data: str, scale: int, title: str, standalone: bool) -> bytes:
    buf = io.BytesIO()
    make(data).save(buf, kind="svg", scale=scale, border=QUIET_ZONE, dark=INK, light=PAPER, xmldecl=standalone,
                    svgns=True, title=title or None, nl=standalone)
    return buf.getvalue()


def svg(data: str, *, title: str = "", scale: int = 8) -> bytes:
    """A scalable SVG file (one module = ``scale`` px at 100 %), quiet zone included."""
    return _svg(data, scale, title, True)


def inline_svg(data: str, scale: int = 3) -> Markup:
    """The same code as an ``<svg>`` element to put in a page."""
    return Markup(_svg(data, scale, "", False).decode("ascii"))  # noqa: S704 (a path of the modules, no text)


@lru_cache(maxsize=64)
def png(data: str, size: int | None = None) -> bytes:
    """A PNG of exactly ``size`` x ``size`` pixels (whole pixels per module, centred, white around), or at
    ``PNG_SCALE`` pixels a module when no size is asked."""
    from PIL import Image

    code = make(data)
    if size is None:
        size = code.symbol_size(scale=PNG_SCALE, border=QUIET_ZONE)[0]
    if not PNG_MIN <= size <= PNG_MAX:
        raise ValueError(f"QR size must be {PNG_MIN}-{PNG_MAX} px")
    modules = code.symbol_size(scale=1, border=QUIET_ZONE)[0]
    scale = max(1, size // modules)
    buf = io.BytesIO()
    code.save(buf, kind="png", scale=scale, border=QUIET_ZONE, dark=INK, light=PAPER)
    buf.seek(0)
    inner = Image.open(buf).convert("RGB")
    canvas = Image.new("RGB", (size, size), PAPER)
    canvas.paste(inner, ((size - inner.width) // 2, (size - inner.height) // 2))
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()
