"""The map component: folium maps drawn from geometry only, with vendored assets and datum conversion.

A page hands ``render_map`` points and lines (geometry, category slugs, short non-user labels) and
gets back a ``RenderedMap`` whose parts ``templates/_map.html`` places: the map ``<div>``, the
script (inside ``<script nonce=...>``), and the asset tags. No catalog or request text enters a
folium template: names, tooltips and popups come from the page's text list, which
``static/js/map.js`` reads with ``textContent`` / cloned nodes and links to the markers by key.

``render_map`` is pure, so callers may cache its result (``RenderCache``); folium is slow
(~1 ms a marker).
"""
from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Callable, Hashable, Iterable, Mapping, Sequence

import folium
from folium.plugins import FastMarkerCluster, MarkerCluster
from branca.element import MacroElement
from folium.template import Template, tojavascript
from folium.utilities import JsCode
from markupsafe import Markup

from catalog.model import Location
from geo.datum import location_in
from web import assets
from web.basemaps import Basemap, choose_basemap, enabled_basemaps, load_settings, tile_hosts

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

WUSHENG_CENTER = (30.349, 106.295)  # county seat, WGS-84
CLUSTER_AUTO_MIN = 30  # cluster="auto" clusters from this many points
FAST_MIN = 150  # from this many points, markers are built in the browser from one data array

_SLUG = re.compile(r"^[a-z0-9_]{1,32}$")
_KEY = re.compile(r"^[\w.:-]{1,100}$")
_LABEL = re.compile(r"^[\w#+.·-]{0,6}$")

# Leaflet pin icon: a DivIcon whose label is set with textContent, and a marker from a data row
# [lat, lon, key, kind, label] (the browser-built path for many points). Static code, no data.
_PIN_JS = """function wtPin(kind, label) {
    var span = document.createElement("span");
    span.className = "wt-pin__label";
    span.textContent = label;
    return L.divIcon({className: "wt-pin wt-pin--" + kind, html: span,
                      iconSize: [28, 28], iconAnchor: [14, 34], popupAnchor: [0, -30], tooltipAnchor: [0, -30]});
}
function wtMarker(row) {
    return L.marker([row[0], row[1]], {icon: wtPin(row[3], row[4]), keyboard: true, riseOnHover: true, wtKey: row[2]});
}"""


class _PinArray(MacroElement):
    """Many unclustered pins, built in the browser from one JSON array (``wtMarker``), in a feature group."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function () {
                var data = {{ this.data|tojson }};
                var group = L.featureGroup();
                for (var i = 0; i < data.length; i++) { group.addLayer(wtMarker(data[i])); }
                group.addTo({{ this._parent.get_name() }});
                return group;
            })();
        {% endmacro %}""")

    def __init__(self, data: list):
        super().__init__()
        self._name = "PinArray"
        self.data = data


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
        return assets.tags(self.css, self.js)

    @property
    def css_tags(self) -> Markup:
        return assets.tags(self.css, ())

    @property
    def js_tags(self) -> Markup:
        return assets.tags((), self.js)


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


def _slug(kind: str) -> str:
    kind = str(kind).strip().lower()
    return kind if _SLUG.match(kind) else "other"


def _check_key(key: str) -> str:
    if not isinstance(key, str) or not _KEY.match(key):
        raise ValueError(f"map keys are ids (letters, digits, _ . : -), not text: {key!r}")
    return key


def _check_label(label: str) -> str:
    label = str(label)
    if not _LABEL.match(label):
        raise ValueError(f"pin labels are short codes such as stop numbers (up to 6 letters or digits): {label!r}")
    return js_template_escape(label)  # a no-op on valid labels; kept so no unchecked string reaches folium


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
    keys = [_check_key(p.key) for p in points]
    if len(set(keys)) != len(keys):
        raise ValueError("map point keys must be unique")
    labels = [_check_label(p.label) for p in points]
    clustered = len(points) >= CLUSTER_AUTO_MIN if cluster == "auto" else bool(cluster)
    fast = len(points) >= FAST_MIN
    datum = basemap.datum
    pins = [(location_in(p.location, datum), p) for p in points]
    paths = [([location_in(loc, datum) for loc in line.points], line) for line in lines]
    coords = [c for c, _ in pins] + [c for path, _ in paths for c in path]

    if coords:
        (s, w), (n, e) = _bounds(coords)
        center = ((s + n) / 2, (w + e) / 2)
    else:
        center = WUSHENG_CENTER
    if zoom is None:
        zoom_start = 11 if not coords else 15
    else:
        zoom_start = int(zoom)

    m = folium.Map(location=center, zoom_start=zoom_start, tiles=None, max_zoom=basemap.max_zoom,
                   scroll_wheel_zoom=bool(scroll_zoom), zoom_control=True)
    attribution = js_template_escape(basemap.attribution)
    for i, template in enumerate(basemap.templates()):
        folium.TileLayer(
            tiles=template, attr=attribution, name=f"tiles{i}", overlay=i > 0, control=False,
            max_zoom=basemap.max_zoom, max_native_zoom=basemap.max_zoom,
            subdomains=basemap.subdomains or "abc",
        ).add_to(m)

    for path, line in paths:
        if len(path) >= 2:
            style = LINE_STYLES.get(_slug(line.kind), LINE_STYLES["route"])
            folium.PolyLine(path, interactive=False, class_name=f"wt-line wt-line--{_slug(line.kind)}", **style).add_to(m)

    for (lat, lon), p in pins:
        radius = p.location.radius_m
        if p.show_uncertainty and radius:
            colour = PALETTE.get(_slug(p.kind), PALETTE["other"])[0]
            folium.Circle((lat, lon), radius=float(radius), color=colour, weight=1, opacity=0.6,
                          fill=True, fill_color=colour, fill_opacity=0.12, interactive=False,
                          class_name="wt-uncertainty").add_to(m)

    marker_names: dict[str, str] = {}
    group_name = ""
    if fast:
        rows = [[lat, lon, p.key, _slug(p.kind), label] for ((lat, lon), p), label in zip(pins, labels)]
        if clustered:
            group = FastMarkerCluster(rows, callback="wtMarker", name="pins", control=False,
                                      chunked_loading=True, show_coverage_on_hover=False)
        else:
            group = _PinArray(rows)
        group.add_to(m)
        group_name = group.get_name()
    else:
        parent = m
        if clustered:
            parent = MarkerCluster(name="pins", control=False, show_coverage_on_hover=False)
            parent.add_to(m)
            group_name = parent.get_name()
        for ((lat, lon), p), label in zip(pins, labels):
            marker = folium.Marker((lat, lon), keyboard=True, rise_on_hover=True, wt_key=p.key)
            marker.options["icon"] = JsCode(f"wtPin({_js(_slug(p.kind))}, {_js(label)})")
            marker.add_to(parent)
            marker_names[p.key] = marker.get_name()

    if fit and zoom is None and len(set(coords)) > 1:
        m.fit_bounds(_bounds(coords), padding=(24, 24), max_zoom=16)

    m.render()
    fig = m.get_root()
    css, js = [], []
    for child in fig.header._children.values():
        url = getattr(child, "url", None)
        if url:
            name = assets.static_file_for(url)
            (js if name.endswith(".js") else css).append(name)
    css.append(assets.MAP_CSS)
    js.append(assets.MAP_JS)

    map_name = m.get_name()
    body = fig.script.render()
    needs = "L.markerClusterGroup" if clustered else "L.map"
    script = (
        "(function (run) {\n"
        f"  var el = document.getElementById({_js(map_name)});\n"
        "  var frame = el && el.closest ? el.closest('[data-wt-map-frame]') : null;\n"
        "  if (frame) { frame.hidden = false; }\n"
        "  function go() {\n"
        f"    if (!window.L || !{needs}) {{ if (frame) {{ frame.hidden = true; }} return; }}\n"
        "    run();\n"
        "  }\n"
        "  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', go); } else { go(); }\n"
        "})(function () {\n"
        f"{_PIN_JS}\n{body}\n"
        f"if (window.WTMap) {{ window.WTMap.attach({map_name}, [{group_name}]); }}\n"
        "});"
    )
    html = Markup(
        f'<div class="wt-map__canvas" id="{map_name}" style="--wt-map-h: {int(height_px)}px"></div>'
    )
    return RenderedMap(
        html=html, script=Markup(script), map_name=map_name, marker_names=marker_names,
        basemap=basemap.name, css=tuple(dict.fromkeys(css)), js=tuple(dict.fromkeys(js)),
        point_count=len(points), clustered=clustered,
    )


class RenderCache:
    """A small thread-safe LRU for rendered maps.

    Key it by (catalog version, basemap name, options, and the points/lines themselves, which are
    hashable): ``cache.get(key, lambda: render_map(...))``. One cached map has fixed element ids,
    so show it at most once per page.
    """

    def __init__(self, maxsize: int = 64):
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, RenderedMap] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable, factory: Callable[[], RenderedMap]) -> RenderedMap:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                self.hits += 1
                return self._data[key]
        value = factory()  # outside the lock: rendering is slow, a duplicate render is harmless
        with self._lock:
            self.misses += 1
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


def cache_key(version: str, basemap: Basemap, points: Iterable[MapPoint], lines: Iterable[MapLine] = (), **options) -> tuple:
    """A cache key for ``render_map(points, lines, basemap=basemap, **options)`` under catalog ``version``."""
    return (version, basemap, tuple(points), tuple(lines), tuple(sorted(options.items())))


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
    assets.configure_folium(app.static_url_path or "/static")
    hosts = tuple(app.config.get("CSP_IMG_HOSTS", ()))
    app.config["CSP_IMG_HOSTS"] = hosts + tuple(h for h in tile_hosts(app.config) if h not in hosts)
    app.jinja_env.globals.update(map_palette=PALETTE, map_line_styles=LINE_STYLES)
    app.extensions["wusheng_maps"] = {"cache": RenderCache()}


def map_cache() -> RenderCache:
    """The app's shared ``RenderCache`` (created by ``init_app``)."""
    from flask import current_app

    return current_app.extensions["wusheng_maps"]["cache"]
