"""Options of an embed, read from its URL and checked on the server (anyone can edit an iframe's URL).

Every option has a safe default; a value that is present but wrong is an error (the page answers 400 and
says which option and what it accepts) rather than silently ignored, so whoever pastes the snippet sees the
mistake. Unknown parameters (``utm_*``, ``from=`` added by WeChat ...) are ignored.

=========  ===========================================  ===========================
option     accepts                                      default
=========  ===========================================  ===========================
lang       zh, en                                       zh
basemap    an enabled basemap (MAP_BASEMAPS)            MAP_BASEMAP
zoom       5-18 (at most the basemap's maximum)         fit the places
scroll     1/0 (yes/no): mouse-wheel zoom               0: the wheel scrolls the page
list       1/0: the list of places under the map        1
theme      a theme id (``/embed/map`` only)             all
category   a category slug (``/embed/map`` only)        all
c          a campaign tag (``web.campaign``)            none
=========  ===========================================  ===========================
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from flask_babel import gettext as _

from catalog.model import Catalog, Category

from .campaign import valid_campaign

ZOOM_MIN, ZOOM_MAX = 5, 18
_TRUE = ("1", "yes", "true", "on")
_FALSE = ("0", "no", "false", "off")


@dataclass(frozen=True)
class EmbedOptions:
    lang: str = "zh"
    basemap: str = ""
    zoom: int | None = None
    scroll: bool = False
    show_list: bool = True
    theme: str = ""
    category: str = ""
    campaign: str = ""

    def params(self, default_basemap: str = "") -> dict[str, str]:
        """The non-default options as URL parameters, in a fixed order (one URL per embed: cache-friendly)."""
        out = {"lang": self.lang if self.lang != "zh" else "",
               "basemap": self.basemap if self.basemap != default_basemap else "",
               "zoom": "" if self.zoom is None else str(self.zoom), "scroll": "1" if self.scroll else "",
               "list": "" if self.show_list else "0", "theme": self.theme, "category": self.category,
               "c": self.campaign}
        return {k: v for k, v in out.items() if v}


class OptionsError(ValueError):
    """Every wrong option at once: name -> message (in the request's language)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _flag(args: Mapping[str, str], name: str, default: bool, errors: dict[str, str]) -> bool:
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    errors[name] = _("Use 1 (yes) or 0 (no).")
    return default


def parse_options(args: Mapping[str, str], catalog: Catalog, *, basemaps: dict[str, int], default_basemap: str,
                  filters: bool) -> EmbedOptions:
    """Check the URL's options. ``basemaps``: enabled name -> its maximum zoom. ``filters``: whether theme and
    category apply (the all-sites map) or are refused (a tour or site is already one thing)."""
    errors: dict[str, str] = {}
    lang = (args.get("lang") or "zh").strip().lower()
    if lang not in ("zh", "en", "zh-hant"):
        errors["lang"] = _("Use zh or en.")
        lang = "zh"
    basemap = (args.get("basemap") or default_basemap).strip().lower()
    if basemap not in basemaps:
        errors["basemap"] = _("Use one of: %(choices)s.", choices=", ".join(basemaps))
        basemap = default_basemap
    zoom = None
    if args.get("zoom"):
        top = min(ZOOM_MAX, basemaps.get(basemap, ZOOM_MAX))
        raw = args["zoom"].strip()
        if raw.isdigit() and ZOOM_MIN <= int(raw) <= top:
            zoom = int(raw)
        else:
            errors["zoom"] = _("Use a whole number from %(lo)d to %(hi)d.", lo=ZOOM_MIN, hi=top)
    scroll = _flag(args, "scroll", False, errors)
    show_list = _flag(args, "list", True, errors)
    theme = (args.get("theme") or "").strip()
    category = (args.get("category") or "").strip()
    if (theme or category) and not filters:
        for name in ("theme", "category"):
            if args.get(name):
                errors[name] = _("Only the map of all places can be filtered.")
        theme = category = ""
    if theme and catalog.theme(theme) is None:
        errors["theme"] = _("Use one of: %(choices)s.", choices=", ".join(t.id for t in catalog.themes))
        theme = ""
    if category and category not in {c.value for c in Category}:
        errors["category"] = _("Use one of: %(choices)s.", choices=", ".join(c.value for c in Category))
        category = ""
    campaign = ""
    if args.get("c"):
        campaign = valid_campaign(args["c"].strip()) or ""
        if not campaign:
            errors["c"] = _("A campaign tag is 1 to 40 lowercase letters, digits and hyphens, e.g. spring-fair.")
    if errors:
        raise OptionsError(errors)
    return EmbedOptions(lang, basemap, zoom, scroll, show_list, theme, category, campaign)
