"""Traditional Chinese (zh-Hant) for visitors from Hong Kong, Macau, Taiwan and overseas: the bureau writes
Simplified once; each text is converted with OpenCC when the catalog is read (never per request), and a
``zh_hant`` value written in the catalog overrides the conversion.

``TRADITIONAL`` says whether the text being rendered now is wanted in Traditional characters; the web layer sets
it per request, so every ``LocalizedText.get("zh")`` (pages, maps, plans, embeds) follows without passing it on.
"""
from __future__ import annotations

import logging
from contextvars import ContextVar
from functools import lru_cache

log = logging.getLogger(__name__)

TRADITIONAL: ContextVar[bool] = ContextVar("traditional", default=False)
CONFIG = "s2tw"  # standard Traditional characters (Taiwan forms), no regional vocabulary swaps


@lru_cache(maxsize=1)
def _converter():
    try:
        import opencc
    except ImportError:  # keeps the catalog readable; pages then show Simplified (requirements.txt pins opencc)
        log.warning("opencc is not installed: zh-Hant pages show Simplified Chinese")
        return None
    return opencc.OpenCC(CONFIG)


@lru_cache(maxsize=65536)
def to_hant(text: str) -> str:
    """``text`` in Traditional characters ("" stays "")."""
    if not text:
        return ""
    converter = _converter()
    return converter.convert(text) if converter else text
