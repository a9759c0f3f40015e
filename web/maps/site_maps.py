"""Maps of catalog sites for the public pages: points, the list beside the map, cached renders."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from flask import url_for

from catalog.model import Catalog, Site, StartPoint

from web.platform.i18n import current_lang
from .basemaps import Basemap
from web.public.photo_view import popup_photo
from .map_component import MapLine, MapPoint, RenderedMap, basemap_for_request, cache_key, map_cache, render_map


@dataclass(frozen=True)
class MapEntry:
    key: str
    title: str
    subtitle: str
    href: str
    badge: str
    kind: str
    photo: str = ""  # the cover's smallest JPEG, for the popup (static/js/map.js)
    thumb: str = ""  # a picture beside the entry in long lists: the cover, or the theme's illustration
    thumb_art: bool = False


def sites_map(catalog: Catalog, sites: Sequence[Site], *, numbered: bool = False, route: bool = False,
              start: StartPoint | None = None, height_px: int = 420, basemap: Basemap | None = None,
              zoom: int | None = None, scroll_zoom: bool = True) -> tuple[RenderedMap, list[MapEntry]]:
    """A map of ``sites`` (numbered and joined by a line for tours) and its equivalent text list.

    ``basemap`` defaults to the request's (``?basemap=``); ``zoom`` fixes the zoom instead of fitting the
    points; ``scroll_zoom=False`` leaves the mouse wheel to the page (embeds in other sites' pages)."""
    lang = current_lang()
    basemap = basemap or basemap_for_request()
    href = url_for("public.site", site_id="SITE-ID")  # one url_for, not one per site (2,000-site catalogs)
    seen: dict[str, int] = {}
    points, entries = [], []
    if start is not None:
        points.append(MapPoint(f"start:{start.id}", start.location, "start", label="0" if numbered else ""))
        entries.append(MapEntry(f"start:{start.id}", start.name.get(lang), "", "", "", "start"))
    for i, site in enumerate(sites, start=1):
        key = site.id if site.id not in seen else f"{site.id}.{i}"  # a tour may pass a site twice
        seen[site.id] = i
        label = str(i) if numbered else ""
        points.append(MapPoint(key, site.location, site.category.value, label=label,
                               show_uncertainty=site.location.is_estimate and len(sites) == 1))
        entries.append(MapEntry(key, site.name.get(lang), site.short.get(lang),
                                href.replace("SITE-ID", site.id), label, site.category.value,
                                popup_photo(site)))
    path = ([start.location] if start is not None else []) + [s.location for s in sites]
    lines = (MapLine(tuple(path), "route"),) if route and len(path) > 1 else ()
    # Park facilities share one estimated point: the map fans their pins out around it (web/maps/spread.py), so
    # each is seen and tapped without first opening a cluster; large catalogs cluster (and spiderfy) as ever.
    options = {"height_px": height_px, "cluster": "auto", "zoom": zoom, "scroll_zoom": scroll_zoom}
    key = cache_key(catalog.version, basemap, points, lines, **options)
    rendered = map_cache().get(key, lambda: render_map(points, lines, basemap=basemap, **options))
    return rendered, entries
