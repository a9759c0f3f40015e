"""Look and input rules of the map component: category colours, line styles, the escaping rule, and
the checks that keep text out of folium (keys are ids, labels short codes, kinds slugs).

``PALETTE`` is exported to templates (Jinja global ``map_palette``) so the page legend uses the same
colours as the pins; ``static/css/map.css`` repeats them (a test keeps the two in sync).
"""
from __future__ import annotations

import re

# Category slug -> (pin colour, label colour). Hotpot red and silk gold lead; every label colour has
# at least 4.5:1 contrast on its pin (tested). The page legend reuses this (Jinja global map_palette).
PALETTE: dict[str, tuple[str, str]] = {
    "food_factory": ("#C8102E", "#FFFFFF"),  # hotpot red
    "silk": ("#C9A227", "#1A1A1A"),  # silk gold
    "brewery": ("#8A4B0F", "#FFFFFF"),
    "museum": ("#1F4E99", "#FFFFFF"),
    "showroom": ("#6B3FA0", "#FFFFFF"),
    "tasting": ("#B34700", "#FFFFFF"),
    "lab": ("#00796B", "#FFFFFF"),
    "park_facility": ("#546E7A", "#FFFFFF"),
    "heritage": ("#2E7D32", "#FFFFFF"),
    "transport": ("#37474F", "#FFFFFF"),
    "restaurant": ("#AD1457", "#FFFFFF"),
    "start": ("#1A1A1A", "#FFFFFF"),  # a trip's start point
    "other": ("#616161", "#FFFFFF"),
}
BRAND_RED = "#C8102E"
BRAND_GOLD = "#C9A227"

LINE_STYLES: dict[str, dict] = {
    "route": {"color": BRAND_RED, "weight": 4, "opacity": 0.85},
    "leg": {"color": BRAND_RED, "weight": 3, "opacity": 0.8, "dash_array": "6 6"},
    "outline": {"color": BRAND_GOLD, "weight": 2, "opacity": 0.9, "dash_array": "2 4"},
}

_SLUG = re.compile(r"^[a-z0-9_]{1,32}$")
_KEY = re.compile(r"^[\w.:-]{1,100}$")
_LABEL = re.compile(r"^[\w#+.·-]{0,6}$")


def js_template_escape(text: object) -> str:
    """Make a string inert in HTML *and* inside a JavaScript template literal.

    HTML-escape (``& < > " '``), then replace the characters that still act inside
    `` `...` `` — backslash, backtick, dollar — with ``&#92;`` ``&#96;`` ``&#36;`` (see lessons.md:
    folium's Popup/Tooltip put text in template literals, where ``${...}`` runs). U+2028/2029
    become ``&#8232;``/``&#8233;``. The result displays as the original text wherever Leaflet
    treats it as HTML (attributions, DivIcon html).
    """
    s = str(text)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#x27;")
    return (s.replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")
             .replace("\u2028", "&#8232;").replace("\u2029", "&#8233;"))


def slug(kind: str) -> str:
    kind = str(kind).strip().lower()
    return kind if _SLUG.match(kind) else "other"


def check_key(key: str) -> str:
    if not isinstance(key, str) or not _KEY.match(key):
        raise ValueError(f"map keys are ids (letters, digits, _ . : -), not text: {key!r}")
    return key


def check_label(label: str) -> str:
    label = str(label)
    if not _LABEL.match(label):
        raise ValueError(f"pin labels are short codes such as stop numbers (up to 6 letters or digits): {label!r}")
    return js_template_escape(label)  # a no-op on valid labels; kept so no unchecked string reaches folium
