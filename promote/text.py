"""Text for drawing: made inert (no control characters) and wrapped to a width, for Chinese and English alike.

Catalog text reaches the PDF and PNG painters only through ``clean``: line and paragraph separators
(U+2028/U+2029), tabs and other control characters become spaces, so hostile text is drawn as the characters
it is and can never move the pen or break a line where the layout did not plan one. Nothing here interprets
markup: ``<b>`` is four characters.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Callable

_SPACES = re.compile(r"\s+")


def clean(text: object) -> str:
    chars = []
    for ch in str(text or ""):
        cat = unicodedata.category(ch)
        chars.append(" " if cat in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn") else ch)
    return _SPACES.sub(" ", "".join(chars)).strip()


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _tokens(text: str) -> list[str]:
    """Words (runs of narrow characters), single wide (CJK) characters, and single spaces."""
    out: list[str] = []
    word = ""
    for ch in text:
        if ch == " " or _is_wide(ch):
            if word:
                out.append(word)
                word = ""
            out.append(ch)
        else:
            word += ch
    if word:
        out.append(word)
    return out


def wrap(text: str, width: float, measure: Callable[[str], float], max_lines: int = 0, ellipsis: str = "…") -> list[str]:
    """Greedy lines no wider than ``width`` (``measure`` gives a string's width); Chinese breaks between any two
    characters, English between words (a word wider than the line is broken). With ``max_lines``, the last
    line ends with ``ellipsis`` when text was left out."""
    text = clean(text)
    if not text:
        return []
    lines: list[str] = []
    line = ""
    for token in _tokens(text):
        candidate = line + token
        if measure(candidate) <= width or not line.strip():
            if measure(candidate) > width:  # a single token wider than the line: break it by characters
                for ch in token:
                    if measure(line + ch) > width and line:
                        lines.append(line.rstrip())
                        line = ""
                    line += ch
                continue
            line = candidate
        else:
            lines.append(line.rstrip())
            line = "" if token == " " else token
    if line.strip():
        lines.append(line.rstrip())
    if max_lines and len(lines) > max_lines:
        kept = lines[:max_lines]
        last = kept[-1]
        while last and measure(last + ellipsis) > width:
            last = last[:-1]
        kept[-1] = last.rstrip() + ellipsis
        return kept
    return lines


def fit(text: str, width: float, measure: Callable[[str], float], ellipsis: str = "…") -> str:
    """One line, cut with ``ellipsis`` when too wide."""
    lines = wrap(text, width, measure, max_lines=1, ellipsis=ellipsis)
    return lines[0] if lines else ""
