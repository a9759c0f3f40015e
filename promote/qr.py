"""QR codes with segno: SVG for print, PNG at an exact pixel size, and the module matrix for the painters.

Error correction M (15 % of the code may be smudged or covered and it still reads) and one fixed mask: the
"best" of eight costs ~12 ms a code and every mask reads alike. The SVG holds only the modules (a path), never
the encoded text.
"""
from __future__ import annotations

import io
from functools import lru_cache

import segno

ERROR_LEVEL = "m"
MASK = 2
QUIET_ZONE = 4  # modules of white around the code, as the standard asks
PNG_MIN, PNG_MAX = 96, 2048  # pixel sizes a request may ask for
INK = "#2a1d17"  # the brand's ink: darker than 4.5:1 on white, reads like black to scanners


@lru_cache(maxsize=256)
def make(data: str) -> segno.QRCode:
    """The QR code of ``data`` (error level M, fixed mask), cached."""
    return segno.make(data, error=ERROR_LEVEL, micro=False, mask=MASK)


def matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """Dark (True) and light modules, without the quiet zone."""
    return tuple(tuple(bool(v) for v in row) for row in make(data).matrix)


def svg(data: str, *, title: str = "") -> bytes:
    """A scalable SVG (one module = 1 unit of its viewBox, 8 px at 100 %), quiet zone included."""
    buf = io.BytesIO()
    make(data).save(buf, kind="svg", scale=8, border=QUIET_ZONE, dark=INK, light="#ffffff", xmldecl=True,
                     svgns=True, title=title or None, nl=True)
    return buf.getvalue()


def png(data: str, size: int) -> bytes:
    """A PNG of exactly ``size`` x ``size`` pixels: whole pixels per module (sharp), centred, white around."""
    from PIL import Image

    if not PNG_MIN <= size <= PNG_MAX:
        raise ValueError(f"QR size must be {PNG_MIN}-{PNG_MAX} px")
    code = make(data)
    modules = code.symbol_size(scale=1, border=QUIET_ZONE)[0]
    scale = max(1, size // modules)
    buf = io.BytesIO()
    code.save(buf, kind="png", scale=scale, border=QUIET_ZONE, dark=INK, light="#ffffff")
    buf.seek(0)
    inner = Image.open(buf).convert("RGB")
    canvas = Image.new("RGB", (size, size), "#ffffff")
    canvas.paste(inner, ((size - inner.width) // 2, (size - inner.height) // 2))
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()
