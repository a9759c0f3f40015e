"""Options of an embed, read from its URL and checked on the server (anyone can edit an iframe's URL).

Every option has a safe default; yes/no is written as everywhere (planner.field_errors: 1/0, yes/no, y/n,
true/false, on/off); a value that is present but wrong is an error (the page answers 400 and
says which option and what it accepts) rather than silently ignored, so whoever pastes the snippet sees the
mistake. Unknown parameters (``utm_*``, ``from=`` added by WeChat ...) are ignored.

=========  ===========================================  ===========================
option     accepts                                      default
=========  ===========================================  ===========================
lang       zh, en                                       zh
basemap    an enabled basemap (MAP_BASEMAPS)            MAP_BASEMAP
zoom       5-18 (at most the basemap's maximum)         fit the places
scroll     1/0 (or yes/no ...): mouse-wheel zoom        0: the wheel scrolls the page
list       1/0 (or yes/no ...): the list under the map  1
theme      a theme id (``/embed/map`` only)             all
category   a category slug (``/embed/map`` only)        all
c          a campaign tag (``web.platform.links``)            none
=========  ===========================================  ===========================
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from catalog.model import Catalog, Category
from planner.field_errors import Collector, FieldErrors, flag

from web.platform.links import valid_campaign
from web.platform.i18n import current_lang

ZOOM_MIN, ZOOM_MAX = 5, 18


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


class OptionsError(FieldErrors):
    """Every wrong option at once (planner.field_errors: codes, worded in the page's language)."""

    @property
    def errors(self) -> dict[str, str]:
        return self.messages(current_lang())


def _flag(args: Mapping[str, str], name: str, default: bool, bad: Collector) -> bool:
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    value = flag(raw)
    if value is None:
        bad.fail(name, "bool")
        return default
    return value


def _choices(values) -> str:
    return ", ".join(values)


def parse_options(args: Mapping[str, str], catalog: Catalog, *, basemaps: dict[str, int], default_basemap: str,
                  filters: bool) -> EmbedOptions:
    """Check the URL's options. ``basemaps``: enabled name -> its maximum zoom. ``filters``: whether theme and
    category apply (the all-sites map) or are refused (a tour or site is already one thing)."""
    bad = Collector()
    lang = (args.get("lang") or "zh").strip().lower()
    if lang not in ("zh", "en", "zh-hant"):
        bad.fail("lang", "choice", choices="zh, en")
        lang = "zh"
    basemap = (args.get("basemap") or default_basemap).strip().lower()
    if basemap not in basemaps:
        bad.fail("basemap", "choice", choices=_choices(basemaps))
        basemap = default_basemap
    zoom = None
    if args.get("zoom"):
        top = min(ZOOM_MAX, basemaps.get(basemap, ZOOM_MAX))
        raw = args["zoom"].strip()
        if raw.isdigit() and ZOOM_MIN <= int(raw) <= top:
            zoom = int(raw)
        else:
            bad.fail("zoom", "int_range", lo=ZOOM_MIN, hi=top)
    scroll = _flag(args, "scroll", False, bad)
    show_list = _flag(args, "list", True, bad)
    theme = (args.get("theme") or "").strip()
    category = (args.get("category") or "").strip()
    if (theme or category) and not filters:
        for name in ("theme", "category"):
            if args.get(name):
                bad.fail(name, "not_filterable")
        theme = category = ""
    if theme and catalog.theme(theme) is None:
        bad.fail("theme", "choice", choices=_choices(t.id for t in catalog.themes))
        theme = ""
    if category and category not in {c.value for c in Category}:
        bad.fail("category", "choice", choices=_choices(c.value for c in Category))
        category = ""
    campaign = ""
    if args.get("c"):
        campaign = valid_campaign(args["c"].strip()) or ""
        if not campaign:
            bad.fail("c", "campaign")
    bad.raise_any(OptionsError)
    return EmbedOptions(lang, basemap, zoom, scroll, show_list, theme, category, campaign)
