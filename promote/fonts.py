"""Fonts with Chinese glyphs for the PDF and PNG painters.

PDF: the TrueType collection (Debian's fonts-wqy-microhei) is embedded as a subset, so the flyer prints the same
everywhere. Without it, reportlab's built-in CID font STSong-Light is used: it needs no file, but the PDF
reader must supply the glyphs (most do; some print shops' RIPs do not). ``PdfFont.note`` says which, for the
PDF's metadata and the log.

PNG: Pillow draws with the same collection; without it, Pillow's own font (Latin only: Chinese would show
as boxes), and a warning in the log.
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


@lru_cache(maxsize=8)
def pdf_font(path: str, index: int = 0) -> PdfFont:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    name = f"WT-CJK-{index}-{zlib.crc32(path.encode()):08x}"  # stable across processes
    try:
        if not Path(path).is_file():
            raise FileNotFoundError(path)
        font = TTFont(name, path, subfontIndex=index)
        pdfmetrics.registerFont(font)
        family = getattr(font.face, "familyName", b"") or Path(path).stem
        family = family.decode("utf-8", "replace") if isinstance(family, bytes) else str(family)
        return PdfFont(name, True, f"font: {family} ({Path(path).name}), embedded subset")
    except (OSError, TTFError) as exc:
        log.warning("CJK font %s unusable (%s): flyers fall back to %s, which the PDF reader must supply",
                    path, exc, FALLBACK_CID)
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_CID))
        return PdfFont(FALLBACK_CID, False, f"font: {FALLBACK_CID} (built-in CID font, not embedded; "
                                            f"{Path(path).name} was missing)")


@lru_cache(maxsize=64)
def image_font(path: str, index: int, size: int):
    """A Pillow font of ``size`` px."""
    from PIL import ImageFont

    try:
        # BASIC layout: Chinese and Latin need no shaping, and raqm refuses some hostile strings (bidi controls).
        return ImageFont.truetype(path, size=size, index=index, layout_engine=ImageFont.Layout.BASIC)
    except OSError as exc:
        log.warning("CJK font %s unusable (%s): map images draw Chinese as boxes", path, exc)
        return ImageFont.load_default(size=size)
