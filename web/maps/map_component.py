"""The map component: folium maps drawn from geometry only, with vendored assets and datum conversion.

A page hands ``render_map`` points and lines (geometry, category slugs, short non-user labels) and
gets back a ``RenderedMap`` whose parts ``templates/_map.html`` places: the map ``<div>``, the
script (inside ``<script nonce=...>``), and the asset tags. No catalog or request text enters a
folium template: names, tooltips and popups come from the page's text list, which
``static/js/map.js`` reads with ``textContent`` / cloned nodes and links to the markers by key.

``render_map`` is pure, so callers may cache its result (``RenderCache``); folium is slow
(~1 ms a marker), so from ``FAST_MIN`` points the markers go as one JSON array built in the browser.

Wiring (``create_app``): ``security.init_app(app); maps.init_app(app)``. In a view::

    basemap = basemap_for_request()  # ?basemap= if enabled, else MAP_BASEMAP
    points = [MapPoint(site.id, site.location, site.category.value, show_uncertainty=site.location.is_estimate)
              for site in sites]
    rendered = map_cache().get(cache_key(catalog.version, basemap, points),
                               lambda: render_map(points, basemap=basemap))
    entries = [{"key": s.id, "title": s.name.get(lang), "subtitle": s.short.get(lang),
                "href": url_for("public.site", site_id=s.id), "badge": "", "kind": s.category.value} for s in sites]

and in the template::

    {% from "_map.html" import map_block %}
    {{ map_block(rendered, entries, label=_("地图"), list_label=_("地点")) }}
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

import folium
from folium.plugins import FastMarkerCluster, MarkerCluster
from folium.template import tojavascript
from folium.utilities import JsCode
from markupsafe import Markup

from catalog.model import Location
from geo.county import county_seat
from geo.datum import location_in
from web.maps import leaflet_assets
from web.maps.basemaps import Basemap, choose_basemap, enabled_basemaps, load_settings, tile_hosts
from web.maps.render_cache import RenderCache, cache_key
from web.maps.folium_parts import _PIN_JS, FitBounds, Map, _PinArray, chained, script_pieces
from web.maps.spread import spread_offsets
from web.maps.style import BRAND_GOLD, BRAND_RED, LINE_STYLES, PALETTE, check_key, check_label, js_template_escape, slug

__all__ = [
    "MapPoint", "MapLine", "RenderedMap", "render_map", "RenderCache", "cache_key", "js_template_escape",
    "PALETTE", "LINE_STYLES", "BRAND_RED", "BRAND_GOLD", "basemap_for_request", "init_app", "map_cache",
]

CLUSTER_AUTO_MIN = 30  # cluster="auto" clusters from this many points
TASK_MS = 8  # drawing a map yields to the page after this many ms (x4 on a slow phone: under 50 ms)
FAST_MIN = 60  # from this many points, markers are built in the browser from one data array


@dataclass(frozen=True)
class MapPoint:
    """One pin. No catalog text here: only geometry and non-user labels."""

    key: str  # stable id (site id / "stop-3"); links the marker to its list entry (data-map-key)
    location: Location  # as recorded, in any datum
    kind: str  # category slug -> CSS class / colour of the pin
    label: str = ""  # short label drawn on the pin, e.g. a stop number
    show_uncertainty: bool = False  # draw a circle of location.radius_m (for estimates)


@dataclass(frozen=True)
class MapLine:
    points: tuple[Location, ...]
    kind: str = "route"  # "route", "leg", "outline"


@dataclass(frozen=True)
class RenderedMap:
    html: Markup  # the map container <div>
    script: Markup  # JS for <script nonce="{{ csp_nonce() }}">
    map_name: str  # folium's JS variable and element id of the map
    marker_names: Mapping[str, str]  # key -> folium JS variable (empty for browser-built markers)
    basemap: str
    css: tuple[str, ...]  # static filenames, in order
    js: tuple[str, ...]
    point_count: int = 0
    clustered: bool = False

    @property
    def head(self) -> Markup:
        """``<link>`` and ``<script defer src>`` tags for our copies (``url_for``: needs an app context)."""
        return leaflet_assets.tags(self.css, self.js)

    @property
    def css_tags(self) -> Markup:
        return leaflet_assets.tags(self.css, ())

    @property
    def js_tags(self) -> Markup:
        return leaflet_assets.tags((), self.js)


def _js(value: object) -> str:
    """A JSON literal safe inside <script> (folium's escaping: < > & ' as \\u escapes; ASCII only)."""
    return tojavascript(value)


def _bounds(coords: Sequence[tuple[float, float]]) -> list[list[float]]:
    lats = [c[0] for c in coords]
    lons = [c[1] for c in coords]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def render_map(
    points: Iterable[MapPoint],
    lines: Iterable[MapLine] = (),
    *,
    basemap: Basemap,
    height_px: int = 420,
    cluster: bool | str = "auto",
    zoom: int | None = None,
    scroll_zoom: bool = True,
    fit: bool = True,
) -> RenderedMap:
    """Draw points and lines on ``basemap``, each converted from its recorded datum into the basemap's.

    ``cluster``: True, False or "auto" (from ``CLUSTER_AUTO_MIN`` points). ``zoom`` fixes the zoom
    (centred on the points) instead of fitting them. Pure: the same arguments give the same map,
    apart from folium's random element ids.
    """
    points = tuple(points)
    lines = tuple(lines)
    keys = [check_key(p.key) for p in points]
    if len(set(keys)) != len(keys):
        raise ValueError("map point keys must be unique")
    labels = [check_label(p.label) for p in points]
    clustered = len(points) >= CLUSTER_AUTO_MIN if cluster == "auto" else bool(cluster)
    datum = basemap.datum
    pins = [(location_in(p.location, datum), p) for p in points]
    paths = [([location_in(loc, datum) for loc in line.points], line) for line in lines]
    coords = [c for c, _ in pins] + [c for path, _ in paths for c in path]

    if coords:
        (s, w), (n, e) = _bounds(coords)
        center = ((s + n) / 2, (w + e) / 2)
    else:
        center = county_seat(datum)
    if zoom is None:
        zoom_start = 11 if not coords else 15
    else:
        zoom_start = int(zoom)

    m = Map(location=center, zoom_start=zoom_start, tiles=None, max_zoom=basemap.max_zoom,
            scroll_wheel_zoom=bool(scroll_zoom), zoom_control=True)
    # a cluster group spiderfies pins that share a point itself; unclustered, they are fanned out
    offsets = [(0, 0)] * len(pins) if clustered else spread_offsets([c for c, _ in pins], [p.key for _, p in pins])
    if fit and zoom is None and len(set(coords)) > 1:
        reach = max((max(abs(dx), abs(dy)) for dx, dy in offsets), default=0)
        FitBounds(_bounds(coords), padding=24 + (reach + 34 if reach else 0)).add_to(m)  # + a pin's height
    _add_tiles(m, basemap)
    _add_shapes(m, pins, paths)
    marker_names, group_name = _add_pins(m, pins, labels, offsets, clustered=clustered, fast=len(points) >= FAST_MIN)

    m.render()
    fig = m.get_root()
    css, js = [], []
    for child in fig.header._children.values():
        url = getattr(child, "url", None)
        if url:
            name = leaflet_assets.static_file_for(url)
            (js if name.endswith(".js") else css).append(name)
    css.append(leaflet_assets.MAP_CSS)
    js.append(leaflet_assets.MAP_JS)

    map_name = m.get_name()
    script = _wrap(map_name, script_pieces(fig), group_name, "L.markerClusterGroup" if clustered else "L.map")
    html = Markup(
        f'<div class="wt-map__canvas" id="{map_name}" style="--wt-map-h: {int(height_px)}px"></div>'
    )
    return RenderedMap(
        html=html, script=script, map_name=map_name, marker_names=marker_names,
        basemap=basemap.name, css=tuple(dict.fromkeys(css)), js=tuple(dict.fromkeys(js)),
        point_count=len(points), clustered=clustered,
    )


def _add_tiles(m: Map, basemap: Basemap) -> None:
    attribution = js_template_escape(basemap.attribution)  # config text: HTML, inert in any JS context
    for i, template in enumerate(basemap.templates()):
        folium.TileLayer(
            tiles=template, attr=attribution, name=f"tiles{i}", overlay=i > 0, control=False,
            max_zoom=basemap.max_zoom, max_native_zoom=basemap.max_zoom, subdomains=basemap.subdomains or "abc",
        ).add_to(m)


def _add_shapes(m: Map, pins: list, paths: list) -> None:
    for path, line in paths:
        if len(path) >= 2:
            kind = slug(line.kind)
            style = LINE_STYLES.get(kind, LINE_STYLES["route"])
            folium.PolyLine(path, interactive=False, class_name=f"wt-line wt-line--{kind}", **style).add_to(m)
    for (lat, lon), p in pins:
        if p.show_uncertainty and p.location.radius_m:
            colour = PALETTE.get(slug(p.kind), PALETTE["other"])[0]
            folium.Circle((lat, lon), radius=float(p.location.radius_m), color=colour, weight=1, opacity=0.6,
                          fill=True, fill_color=colour, fill_opacity=0.12, interactive=False,
                          class_name="wt-uncertainty").add_to(m)


def _add_pins(m: Map, pins: list, labels: list[str], offsets: list[tuple[int, int]], *, clustered: bool,
              fast: bool) -> tuple[dict[str, str], str]:
    """Markers, one folium element each, or (``fast``) one JSON array the browser turns into markers."""
    marker_names: dict[str, str] = {}
    if fast:
        rows = [[lat, lon, p.key, slug(p.kind), label, dx, dy]
                for ((lat, lon), p), label, (dx, dy) in zip(pins, labels, offsets)]
        if clustered:
            group = FastMarkerCluster(rows, callback="wtMarker", name="pins", control=False,
                                      chunked_loading=True, show_coverage_on_hover=False)
        else:
            group = _PinArray(rows)
        group.add_to(m)
        return marker_names, group.get_name()
    parent, group_name = m, ""
    if clustered:
        parent = MarkerCluster(name="pins", control=False, show_coverage_on_hover=False).add_to(m)
        group_name = parent.get_name()
    for ((lat, lon), p), label, (dx, dy) in zip(pins, labels, offsets):
        marker = folium.Marker((lat, lon), keyboard=True, rise_on_hover=True, wt_key=p.key)
        offset = f", {int(dx)}, {int(dy)}" if dx or dy else ""
        marker.options["icon"] = JsCode(f"wtPin({_js(slug(p.kind))}, {_js(label)}{offset})")
        marker.add_to(parent)
        marker_names[p.key] = marker.get_name()
    return marker_names, group_name


def _wrap(map_name: str, pieces: list[str], group_name: str, needs: str) -> Markup:
    """Show the frame now; once the deferred assets are in and the page has painted, draw the map a piece at a
    time (a new task whenever the current one has run TASK_MS), or hide the frame if Leaflet never came; then
    hand the map to static/js/map.js. Small tasks keep the page answering taps while a map is drawn."""
    return Markup(
        "(function (run) {\n"
        f"  var el = document.getElementById({_js(map_name)});\n"
        "  var frame = el && el.closest ? el.closest('[data-wt-map-frame]') : null;\n"
        "  var clock = window.performance && performance.now ? performance : Date, since = 0, started = false;\n"
        "  if (frame) { frame.hidden = false; }\n"
        "  function next(fn) {\n"
        f"    if (clock.now() - since < {TASK_MS}) {{ fn(); return; }}\n"
        "    setTimeout(function () { since = clock.now(); fn(); }, 0);\n"
        "  }\n"
        "  function go() {\n"
        "    if (started) { return; }\n"
        "    started = true;\n"
        f"    if (!window.L || !{needs}) {{ if (frame) {{ frame.hidden = true; frame.setAttribute('data-wt-map-failed', ''); }} return; }}\n"
        "    since = clock.now();\n"
        "    run(next);\n"
        "  }\n"
        "  function afterPaint() {\n"
        "    if (window.requestAnimationFrame) { requestAnimationFrame(function () { setTimeout(go, 0); }); }\n"
        "    setTimeout(go, 1000);  // no frames come while the page is hidden: draw anyway\n"
        "  }\n"
        "  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', afterPaint); } else { afterPaint(); }\n"
        "})(function (next) {\n"
        f"{_PIN_JS}\n"
        + chained(pieces, f"if (window.WTMap) {{ window.WTMap.attach({map_name}, [{group_name}]); }}")
        + "\n});"
    )


def basemap_for_request(requested: str | None = None) -> Basemap:
    """The basemap for this request: ``?basemap=`` when enabled, else the configured default."""
    from flask import current_app, request

    if requested is None:
        requested = request.args.get("basemap")
    return choose_basemap(current_app.config, requested)


def init_app(app) -> None:
    """Load map settings, point folium at our assets, add tile hosts to the CSP, expose the palette."""
    load_settings(app.config)
    enabled_basemaps(app.config)  # fail at start-up, not on the first map, when misconfigured
    leaflet_assets.configure_folium(app.static_url_path or "/static")
    hosts = tuple(app.config.get("CSP_IMG_HOSTS", ()))
    app.config["CSP_IMG_HOSTS"] = hosts + tuple(h for h in tile_hosts(app.config) if h not in hosts)
    app.jinja_env.globals.update(map_palette=PALETTE, map_line_styles=LINE_STYLES)
    app.extensions["wusheng_maps"] = {"cache": RenderCache()}


def map_cache() -> RenderCache:
    """The app's shared ``RenderCache`` (created by ``init_app``)."""
    from flask import current_app

    return current_app.extensions["wusheng_maps"]["cache"]
