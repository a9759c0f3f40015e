"""QR codes (segno) of permalinks and navigation links: SVG for pages and print, PNG for chat apps.

The SVG carries only the module geometry (a path), never the encoded text, so it is safe inline.
"""
from __future__ import annotations

import io
from functools import lru_cache

import segno
from markupsafe import Markup

ERROR_LEVEL = "m"  # 15% of the code may be smudged (print, phone screens) and it still reads
# A fixed mask pattern: choosing the "best" of the eight costs ~12 ms a code (the page has one, the day sheet
# one per stop); every mask is valid and scanners read them alike (tests decode ours with zxing-cpp).
MASK = 2


@lru_cache(maxsize=256)
def svg(data: str, scale: int = 4, border: int = 2) -> str:
    buf = io.BytesIO()
    segno.make(data, error=ERROR_LEVEL, micro=False, mask=MASK).save(
        buf, kind="svg", scale=scale, border=border, xmldecl=False, svgns=True, nl=False, dark="#2a1d17")
    return buf.getvalue().decode("ascii")


def inline_svg(data: str, scale: int = 3) -> Markup:
    return Markup(svg(data, scale))  # noqa: S704 (segno output: a path of the modules, no text)


@lru_cache(maxsize=64)
def png(data: str, scale: int = 8, border: int = 4) -> bytes:
    buf = io.BytesIO()
    segno.make(data, error=ERROR_LEVEL, micro=False, mask=MASK).save(buf, kind="png", scale=scale, border=border)
    return buf.getvalue()
