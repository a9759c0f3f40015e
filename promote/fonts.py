"""Fonts with Chinese glyphs for the PDF and PNG painters.

PDF: the TrueType collection (Debian's fonts-wqy-microhei, which `make run` installs) is embedded as a subset,
so the flyer prints the same everywhere. PNG: Pillow draws with the same collection.

Without a usable font the web layer refuses to make the file (``font_problem``): reportlab's built-in CID font
STSong-Light would leave the glyphs to the PDF reader (some print shops' RIPs print nothing) and Pillow's own
font draws Chinese as boxes. The check is a ``stat`` per request, so a font installed while the app runs is
used from the next request on; only a font that loaded is kept (by path, index and modification time).
``pdf_font`` still falls back to STSong-Light for callers that accept it, and says so in ``PdfFont.note``.
"""
from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

FALLBACK_CID = "STSong-Light"


@dataclass(frozen=True)
class PdfFont:
    name: str  # registered reportlab font name
    embedded: bool
    note: str  # for the PDF's metadata: which font, and whether it is embedded


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        st = Path(path).stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def font_problem(path: str, index: int = 0) -> str | None:
    """None when ``path`` is a font file that loads; else what is wrong (for the log and staff)."""
    stamp = _stamp(path)
    if stamp is None:
        return f"{path} is missing"
    return _load_problem(path, index, stamp)


@lru_cache(maxsize=8)
def _load_problem(path: str, index: int, stamp: tuple[int, int]) -> str | None:
    from PIL import ImageFont

    try:
        ImageFont.truetype(path, size=12, index=index, layout_engine=ImageFont.Layout.BASIC)
    except OSError as exc:
        return f"{path} cannot be read as a font ({exc})"
    return None


def pdf_font(path: str, index: int = 0) -> PdfFont:
    """The embedded font, or the STSong-Light fallback (not cached: a font installed later is picked up)."""
    stamp = _stamp(path)
    if stamp is not None:
        try:
            return _embedded_pdf_font(path, index, stamp)
        except (OSError, ValueError) as exc:
            log.warning("CJK font %s unusable (%s)", path, exc)
    return _fallback_pdf_font(path)


@lru_cache(maxsize=8)
def _embedded_pdf_font(path: str, index: int, stamp: tuple[int, int]) -> PdfFont:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    name = f"WT-CJK-{index}-{zlib.crc32(path.encode()):08x}-{stamp[0] % 100000:05d}"  # stable across processes
    try:
        font = TTFont(name, path, subfontIndex=index)
    except TTFError as exc:
        raise ValueError(str(exc)) from None
    pdfmetrics.registerFont(font)
    family = getattr(font.face, "familyName", b"") or Path(path).stem
    family = family.decode("utf-8", "replace") if isinstance(family, bytes) else str(family)
    return PdfFont(name, True, f"font: {family} ({Path(path).name}), embedded subset")


def _fallback_pdf_font(path: str) -> PdfFont:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    log.warning("CJK font %s missing: flyers fall back to %s, which the PDF reader must supply", path, FALLBACK_CID)
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_CID))
    return PdfFont(FALLBACK_CID, False, f"font: {FALLBACK_CID} (built-in CID font, not embedded; "
                                        f"{Path(path).name} was missing)")


def image_font(path: str, index: int, size: int):
    """A Pillow font of ``size`` px (Pillow's own, Latin only, when the file is unusable: check ``font_problem``
    first)."""
    return _image_font(path, index, size, _stamp(path))


@lru_cache(maxsize=64)
def _image_font(path: str, index: int, size: int, stamp: tuple[int, int] | None):
    from PIL import ImageFont

    try:
        # BASIC layout: Chinese and Latin need no shaping, and raqm refuses some hostile strings (bidi controls).
        return ImageFont.truetype(path, size=size, index=index, layout_engine=ImageFont.Layout.BASIC)
    except OSError as exc:
        log.warning("CJK font %s unusable (%s): map images draw Chinese as boxes", path, exc)
        return ImageFont.load_default(size=size)
