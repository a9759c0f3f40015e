"""Find sites by Chinese, English or pinyin: `maoge`, `毛哥`, `mgsp` and `Maoge Food` all find 毛哥食品."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from .model import Site

_SEP = re.compile(r"[\s\-_·・,，.。、/()（）'\"“”]+")


def _fold(text: str) -> str:
    return _SEP.sub("", unicodedata.normalize("NFKC", text).casefold())


@lru_cache(maxsize=4096)
def _pinyin_keys(text: str) -> tuple[str, str]:
    syllables = [s for s in lazy_pinyin(text, errors="ignore") if s.strip()]
    full = _fold("".join(syllables))
    initials = _fold("".join(s[0] for s in syllables if s))
    return full, initials


def search_keys(site: Site) -> tuple[str, ...]:
    keys = []
    for text in (site.name.zh, site.name.en, site.short.zh, site.short.en, site.address.zh, site.id):
        keys.append(_fold(text))
    full, initials = _pinyin_keys(site.name.zh)
    keys.extend([full, initials, *_pinyin_keys(site.address.zh)])
    return tuple(k for k in keys if k)


def matches(site: Site, query: str) -> bool:
    """Every word of the query appears in one of the site's keys (in any script)."""
    words = [w for w in (_fold(part) for part in query.split()) if w]
    if not words:
        return True
    keys = search_keys(site)
    return all(any(w in k for k in keys) for w in words)


def rank(site: Site, query: str) -> int:
    """Lower is better: names before descriptions."""
    q = _fold(query)
    name_keys = (_fold(site.name.zh), _fold(site.name.en), *_pinyin_keys(site.name.zh))
    return 0 if any(k.startswith(q) for k in name_keys) else 1 if any(q in k for k in name_keys) else 2
