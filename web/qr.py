"""QR codes (segno) of permalinks and navigation links: SVG for pages and print, PNG for chat apps.

The SVG carries only the module geometry (a path), never the encoded text, so it is safe inline.
"""
from __future__ import annotations

import io
from functools import lru_cache

from markupsafe import Markup

# One QR code maker for the whole app (error level M, one fixed mask: see promote/qr.py).
from promote.qr import INK, make


@lru_cache(maxsize=256)
def svg(data: str, scale: int = 4, border: int = 2) -> str:
    buf = io.BytesIO()
    make(data).save(buf, kind="svg", scale=scale, border=border, xmldecl=False, svgns=True, nl=False, dark=INK)
    return buf.getvalue().decode("ascii")


def inline_svg(data: str, scale: int = 3) -> Markup:
    return Markup(svg(data, scale))  # noqa: S704 (segno output: a path of the modules, no text)


@lru_cache(maxsize=64)
def png(data: str, scale: int = 8, border: int = 4) -> bytes:
    buf = io.BytesIO()
    make(data).save(buf, kind="png", scale=scale, border=border)
    return buf.getvalue()
