"""The map component: markers in the basemap's datum, no outside URLs, hostile text kept out, the partial, caching.

folium's element ids are random, so these tests read the script's structure (markers, lines,
circles, data arrays) rather than comparing snapshots.
"""
from __future__ import annotations

import html as html_lib
import json
import re
import time
from pathlib import Path

import pytest
from flask import Flask, render_template_string

from catalog.model import Category, Datum, Location, Precision
from geo.datum import to_datum
from geo.distance import distance_m
from web.maps import basemaps, map_component
from web.platform import security

ROOT = Path(__file__).resolve().parents[1]
KEY = "0123456789abcdef0123456789abcdef"
CONFIG = {"MAP_BASEMAPS": "osm,amap,tianditu", "TIANDITU_KEY": KEY}
HOSTILE = [
    "${alert(1)}",
    "`",
    "</script><script>alert(1)</script>",
    "\u2028",
    '"onmouseover=alert(1) x="',
    "\\",
    "<img src=x onerror=alert(1)>",
]
NUM = r"(-?\d+(?:\.\d+)?(?:e-?\d+)?)"
MARKER_RE = re.compile(r"L\.marker\(\s*\[" + NUM + r",\s*" + NUM + r"\]")
DATA_RE = re.compile(r"var data = (\[.*?\]);", re.S)
POLY_RE = re.compile(r"L\.polyline\(\s*(\[\[.*?\]\])", re.S)
CIRCLE_RE = re.compile(r"L\.circle\(\s*\[" + NUM + r",\s*" + NUM + r"\],\s*(\{.*?\})\s*\)", re.S)
ID_RE = re.compile(r"\b([a-z_]+)_[0-9a-f]{32}\b")


@pytest.fixture(scope="module", autouse=True)
def _folium_configured():
    from web.maps import leaflet_assets

    leaflet_assets.configure_folium("/static")


def loc(lat, lon, datum=Datum.WGS84, radius=None):
    return Location(lat, lon, datum, Precision.ESTIMATE if radius else Precision.SURVEYED, radius, "test")


def basemap(name, **extra):
    return basemaps.enabled_basemaps({**CONFIG, **extra})[name]


MIXED = [  # recorded in every datum, all inside Wusheng
    map_component.MapPoint("a", loc(30.3481, 106.2912, Datum.WGS84), "silk", "1"),
    map_component.MapPoint("b", loc(30.3312, 106.3150, Datum.GCJ02), "food_factory", "2"),
    map_component.MapPoint("c", loc(30.3620, 106.3301, Datum.BD09), "museum", "3"),
]


def markers(script):
    return [(float(a), float(b)) for a, b in MARKER_RE.findall(script)]


def data_rows(script):
    return json.loads(DATA_RE.search(script).group(1))


def normalise(script):
    return ID_RE.sub(r"\1_ID", script)


def expected(points, datum):
    return [to_datum(p.location.lat, p.location.lon, p.location.datum, datum) for p in points]


@pytest.mark.parametrize("name,datum", [("osm", "wgs84"), ("amap", "gcj02"), ("tianditu", "wgs84")])
def test_markers_are_drawn_in_the_basemaps_datum(name, datum):
    """Each point is converted from the datum it was recorded in into the basemap's datum."""
    r = map_component.render_map(MIXED, basemap=basemap(name), cluster=False)
    got = markers(r.script)
    assert len(got) == 3
    for (lat, lon), (elat, elon) in zip(got, expected(MIXED, datum)):
        assert lat == pytest.approx(elat, abs=1e-9) and lon == pytest.approx(elon, abs=1e-9)
    assert set(r.marker_names) == {"a", "b", "c"}
    for key, var in r.marker_names.items():
        assert re.search(rf"var {var} = L\.marker\(", r.script)
        assert re.search(rf'var {var} = L\.marker\([^)]*"wtKey": "{key}"', r.script, re.S)


def test_same_point_moves_between_basemaps():
    """A WGS-84 point sits ~290 m south and ~370 m east... of itself on AMap: GCJ-02 differs by the shift."""
    p = [map_component.MapPoint("x", loc(30.349, 106.295), "silk")]
    osm = markers(map_component.render_map(p, basemap=basemap("osm")).script)[0]
    amap = markers(map_component.render_map(p, basemap=basemap("amap")).script)[0]
    assert osm == pytest.approx((30.349, 106.295))
    assert amap[0] - osm[0] == pytest.approx(-0.0026, abs=0.0002)
    assert amap[1] - osm[1] == pytest.approx(0.0038, abs=0.0002)


@pytest.mark.parametrize("cluster", [True, False])
def test_many_points_go_as_one_data_array_in_the_basemaps_datum(cluster):
    """From FAST_MIN points markers are built in the browser from one array, still converted per point."""
    points = [map_component.MapPoint(f"s{i}", loc(30.2 + i * 0.001, 106.2, (Datum.WGS84, Datum.GCJ02, Datum.BD09)[i % 3]), "lab")
              for i in range(map_component.FAST_MIN)]
    r = map_component.render_map(points, basemap=basemap("amap"), cluster=cluster)
    rows = data_rows(r.script)
    assert len(rows) == map_component.FAST_MIN and r.marker_names == {}
    for row, (elat, elon), p in zip(rows, expected(points, "gcj02"), points):
        assert row[:5] == [pytest.approx(elat, abs=1e-9), pytest.approx(elon, abs=1e-9), p.key, "lab", ""]
    assert ("L.markerClusterGroup" in r.script) is cluster
    assert r.clustered is cluster
    assert ("vendor/leaflet.markercluster-1.1.0/leaflet.markercluster.js" in r.js) is cluster


def test_cluster_auto_threshold():
    """cluster="auto" clusters from CLUSTER_AUTO_MIN points, and only then loads the plugin."""
    few = [map_component.MapPoint(f"s{i}", loc(30.3, 106.2 + i * 0.001), "lab") for i in range(map_component.CLUSTER_AUTO_MIN - 1)]
    more = few + [map_component.MapPoint("last", loc(30.31, 106.3), "lab")]
    assert not map_component.render_map(few, basemap=basemap("osm")).clustered
    r = map_component.render_map(more, basemap=basemap("osm"))
    assert r.clustered and "L.markerClusterGroup" in r.script and len(r.marker_names) == len(more)
    assert r.css == ("vendor/leaflet-1.9.3/leaflet.css", "vendor/leaflet.markercluster-1.1.0/MarkerCluster.css",
                     "vendor/leaflet.markercluster-1.1.0/MarkerCluster.Default.css", "css/map.css")
    assert r.js == ("vendor/leaflet-1.9.3/leaflet.js", "vendor/leaflet.markercluster-1.1.0/leaflet.markercluster.js", "js/map.js")


def test_lines_and_uncertainty_circles_are_converted():
    """Route lines and uncertainty circles use the basemap's datum; circles only where asked and known."""
    points = [map_component.MapPoint("e", loc(30.35, 106.30, Datum.GCJ02, radius=250), "heritage", show_uncertainty=True),
              map_component.MapPoint("f", loc(30.36, 106.31, Datum.WGS84, radius=80), "heritage"),
              map_component.MapPoint("g", loc(30.37, 106.32, Datum.WGS84), "heritage", show_uncertainty=True)]
    line = map_component.MapLine(tuple(p.location for p in points), "route")
    r = map_component.render_map(points, [line], basemap=basemap("osm"))
    path = json.loads(POLY_RE.search(r.script).group(1))
    for got, want in zip(path, expected(points, "wgs84")):
        assert got == [pytest.approx(want[0], abs=1e-9), pytest.approx(want[1], abs=1e-9)]
    circles = CIRCLE_RE.findall(r.script)
    assert len(circles) == 1
    lat, lon, opts = circles[0]
    assert (float(lat), float(lon)) == pytest.approx(expected(points[:1], "wgs84")[0], abs=1e-9)
    assert json.loads(opts)["radius"] == 250
    assert '"className": "wt-line wt-line--route"' in r.script


def _urls(text):
    return [u.replace("\\u0026", "&") for u in re.findall(r"https?://[^\"'\s<>]+", text)]


@pytest.mark.parametrize("name", ["osm", "amap", "tianditu"])
def test_no_outside_url_but_the_tile_templates(name):
    """Head and script name no http(s) URL except the basemap's own tile templates."""
    b = basemap(name)
    app = Flask("t", root_path=str(ROOT))
    with app.test_request_context("/"):
        for cluster in (False, True):
            r = map_component.render_map(MIXED, [map_component.MapLine(tuple(p.location for p in MIXED))], basemap=b, cluster=cluster)
            assert _urls(str(r.head)) == []
            assert set(_urls(str(r.script))) <= set(b.templates())
            assert set(b.templates()) <= set(_urls(str(r.script)))
            assert not re.search(r"jquery|bootstrap|fontawesome|awesome|\$\(", str(r.script), re.I)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_config_text_never_appears_raw(text):
    """A hostile review number (config text in the attribution) is escaped: no raw payload in the script."""
    b = basemap("tianditu", TIANDITU_REVIEW_NUMBER=f"GS(2024){text}号")
    r = map_component.render_map(MIXED, basemap=b)
    if len(text) > 1:
        assert text not in str(r.script)
    attribution = re.search(r'"attribution": ("(?:[^"\\]|\\.)*")', str(r.script)).group(1)
    received = json.loads(attribution)  # the string Leaflet gets
    assert not set(received) & set("<>\"'`$\\\u2028\u2029")
    assert html_lib.unescape(received).endswith(f"审图号：GS(2024){text}号")  # what it displays


@pytest.mark.parametrize("text", HOSTILE + ["", "a b", "x" * 101])
def test_keys_must_be_ids(text):
    """Keys are ids, never text: anything else is refused before it reaches folium."""
    with pytest.raises(ValueError):
        map_component.render_map([map_component.MapPoint(text, loc(30.3, 106.3), "silk")], basemap=basemap("osm"))


@pytest.mark.parametrize("text", HOSTILE + ["1234567"])
def test_labels_must_be_short_codes(text):
    """Pin labels are stop numbers and the like; markup or long text is refused."""
    with pytest.raises(ValueError):
        map_component.render_map([map_component.MapPoint("k", loc(30.3, 106.3), "silk", label=text)], basemap=basemap("osm"))


def test_unknown_or_hostile_kind_becomes_other():
    """The category slug becomes a CSS class: anything not a slug is drawn as "other"."""
    r = map_component.render_map([map_component.MapPoint("k", loc(30.3, 106.3), 'silk"><script>x', "起")], basemap=basemap("osm"))
    assert 'wtPin("other", "\\u8d77")' in str(r.script)


def test_keys_with_duplicates_refused():
    with pytest.raises(ValueError):
        map_component.render_map([map_component.MapPoint("k", loc(30.3, 106.3), "silk")] * 2, basemap=basemap("osm"))


@pytest.mark.parametrize("text", HOSTILE + ["plain 文本", "&amp;", "$ {x}"])
def test_js_template_escape(text):
    """HTML-escaped, then \\ ` $ (and U+2028/9) as entities: inert in HTML and in a template literal."""
    out = map_component.js_template_escape(text)
    for ch in "\\`$<>\"'\u2028\u2029":
        assert ch not in out
    assert html_lib.unescape(out) == text


def test_js_template_escape_exact():
    assert map_component.js_template_escape("a\\b`c$d<e>&\"'") == "a&#92;b&#96;c&#36;d&lt;e&gt;&amp;&quot;&#x27;"
    assert map_component.js_template_escape("${alert(1)}") == "&#36;{alert(1)}"


def test_render_is_pure_up_to_element_ids():
    """The same arguments give the same script once folium's random ids are normalised."""
    args = dict(basemap=basemap("amap"), cluster=False, height_px=300)
    a = map_component.render_map(MIXED, **args)
    b = map_component.render_map(MIXED, **args)
    assert a.map_name != b.map_name
    assert normalise(a.script) == normalise(b.script)
    assert normalise(a.html) == normalise(b.html)


def test_view_options():
    """Fit by default; a fixed zoom skips fitting; one point is centred; no point shows Wusheng."""
    osm = basemap("osm")
    assert ".fitBounds(" in map_component.render_map(MIXED, basemap=osm).script
    fixed = map_component.render_map(MIXED, basemap=osm, zoom=12, scroll_zoom=False)
    assert ".fitBounds(" not in fixed.script and '"zoom": 12' in fixed.script
    assert '"scrollWheelZoom": false' in fixed.script
    single = map_component.render_map(MIXED[:1], basemap=osm)
    assert ".fitBounds(" not in single.script and '"zoom": 15' in single.script
    empty = map_component.render_map([], basemap=osm)
    centre = re.search(r'"center": \[([\d.]+), ([\d.]+)\]', empty.script)
    assert distance_m(float(centre[1]), float(centre[2]), 30.349, 106.295) < 1500  # Wusheng's county seat (WGS-84)
    assert '"zoom": 11' in empty.script
    assert "--wt-map-h: 420px" in map_component.render_map([], basemap=osm, height_px=420).html


@pytest.mark.parametrize("n", [3, 40, 200])
def test_script_is_es5(n):
    """No ES2015+ syntax (object spread, arrows, template literals, let/const): old in-app browsers parse it."""
    points = [map_component.MapPoint(f"s{i}", loc(30.3 + i * 0.001, 106.3), "silk", str(i)) for i in range(n)]
    script = str(map_component.render_map(points, [map_component.MapLine(tuple(p.location for p in points))], basemap=basemap("amap")).script)
    assert not re.search(r"\.\.\.|=>|`|\blet\s|\bconst\s|\bclass\s", script)


def test_script_waits_for_the_dom_and_hands_over_to_map_js():
    """The inline script waits for the deferred assets, hides the frame if Leaflet never came, then attaches."""
    r = map_component.render_map(MIXED, basemap=basemap("osm"))
    s = str(r.script)
    assert "DOMContentLoaded" in s and "frame.hidden = true" in s
    assert s.rstrip().endswith("});")
    assert f"window.WTMap.attach({r.map_name}, [])" in s


def make_app(**config):
    app = Flask("maps_unit", root_path=str(ROOT))
    app.config.update(TESTING=True, **CONFIG, **config)
    security.init_app(app)
    map_component.init_app(app)
    return app


def test_init_app_adds_tile_hosts_to_the_csp():
    """Enabled tile hosts are appended to CSP_IMG_HOSTS and reach the img-src of every response."""
    app = make_app(CSP_IMG_HOSTS=("https://img.example.org",))
    assert app.config["CSP_IMG_HOSTS"][0] == "https://img.example.org"
    assert "https://tile.openstreetmap.org" in app.config["CSP_IMG_HOSTS"]

    @app.get("/")
    def index():
        return "ok"

    csp = app.test_client().get("/").headers["Content-Security-Policy"]
    img = next(part for part in csp.split("; ") if part.startswith("img-src"))
    assert "https://webrd02.is.autonavi.com" in img and "https://t3.tianditu.gov.cn" in img
    assert app.jinja_env.globals["map_palette"] is map_component.PALETTE


def test_head_uses_url_for_under_a_prefix():
    """Asset URLs come from url_for, so the app works mounted under a prefix; ours carry a content hash."""
    app = make_app()
    r = map_component.render_map(MIXED, basemap=basemap("osm"), cluster=True)
    with app.test_request_context("/", base_url="http://localhost/wusheng/"):
        head = str(r.head)
    assert '<link rel="stylesheet" href="/wusheng/static/vendor/leaflet-1.9.3/leaflet.css">' in head
    assert '<script defer src="/wusheng/static/vendor/leaflet-1.9.3/leaflet.js"></script>' in head
    assert re.search(r'src="/wusheng/static/js/map.js\?v=[0-9a-f]{10}"', head)
    assert head.index("leaflet.js") < head.index("leaflet.markercluster.js") < head.index("map.js")


PAGE = '{% from "_map.html" import map_block %}{{ map_block(rendered, entries, label="地图", ordered=true) }}'


def test_partial_escapes_entries_and_uses_the_nonce():
    """The partial autoescapes every entry, puts the script under the response's nonce, starts hidden."""
    app = make_app()

    @app.get("/")
    def page():
        r = map_component.render_map(MIXED, basemap=basemap("osm"))
        entries = [{"key": p.key, "title": HOSTILE[i], "subtitle": HOSTILE[-1 - i], "href": "javascript:alert(1)" if i == 0 else f"/s/{i}",
                    "badge": str(i + 1), "kind": p.kind} for i, p in enumerate(MIXED)]
        return render_template_string(PAGE, rendered=r, entries=entries)

    resp = app.test_client().get("/")
    body = resp.get_data(as_text=True)
    nonce = re.search(r"'nonce-([^']+)'", resp.headers["Content-Security-Policy"]).group(1)
    scripts = re.findall(r"<script([^>]*)>", body)
    inline = [attrs for attrs in scripts if "src=" not in attrs]
    assert inline == [f' nonce="{nonce}"']
    for text in ("</script><script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"onmouseover=alert(1) x="'):
        assert text not in body  # markup is escaped in the HTML
    script = re.search(r"<script nonce=[^>]*>(.*?)</script>", body, re.S).group(1)
    for text in HOSTILE:
        if text != "\\":  # the script has backslashes of its own
            assert text not in script  # and no entry text reaches the script at all
    assert "javascript:" not in body
    assert body.count('data-map-key="') == 3
    assert re.search(r'<div class="wt-map__frame" data-wt-map-frame role="region" aria-label="地图" hidden>', body)
    assert '<ol class="wt-map__list"' in body and 'href="#map_' in body


def test_partial_can_be_included_with_variables():
    """{% include "_map.html" %} with rendered/entries in the context works as well as the macro."""
    app = make_app()
    with app.test_request_context("/"):
        r = map_component.render_map(MIXED, basemap=basemap("osm"))
        out = render_template_string('{% include "_map.html" %}', rendered=r, entries=[{"key": "a", "title": "T"}],
                                     map_options={"include_assets": False})
    assert 'data-map-key="a"' in out and "leaflet.js" not in out and r.map_name in out


def _luminance(hex_colour):
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_palette_covers_categories_and_labels_are_legible():
    """Every catalog category has a colour; each pin label has at least 4.5:1 contrast on its pin."""
    assert {c.value for c in Category} <= set(map_component.PALETTE)
    assert map_component.PALETTE["food_factory"][0] == "#C8102E" and map_component.PALETTE["silk"][0] == "#C9A227"
    for kind, (bg, fg) in map_component.PALETTE.items():
        hi, lo = sorted((_luminance(bg), _luminance(fg)), reverse=True)
        assert (hi + 0.05) / (lo + 0.05) >= 4.5, kind


def test_css_matches_the_palette():
    """static/css/map.css has one rule per palette entry with the same colours (pins, badges, legends)."""
    css = (ROOT / "static" / "css" / "map.css").read_text()
    for kind, (bg, fg) in map_component.PALETTE.items():
        assert f".wt-kind--{kind}, .wt-pin--{kind} {{ --wt-pin: {bg}; --wt-pin-fg: {fg}; }}" in css


def test_map_js_never_uses_innerhtml():
    """map.js builds tooltips and popups with textContent and cloned nodes only."""
    js = (ROOT / "static" / "js" / "map.js").read_text()
    code = re.sub(r"/\*.*?\*/", "", js, flags=re.S)
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function", code)
    assert not re.search(r"=>|`|\blet\s|\bconst\s|\bclass\s|\.\.\.", code)  # ES5, like the inline script


def test_render_cache_is_an_lru():
    """The cache renders once per key, counts hits, and evicts the least recently used entry."""
    cache = map_component.RenderCache(maxsize=2)
    calls = []

    def factory(tag):
        return lambda: calls.append(tag) or tag

    osm = basemap("osm")
    k1 = map_component.cache_key("v1", osm, MIXED, cluster=False)
    assert k1 == map_component.cache_key("v1", osm, list(MIXED), cluster=False)
    assert k1 != map_component.cache_key("v2", osm, MIXED, cluster=False)
    assert cache.get(k1, factory("a")) == "a" and cache.get(k1, factory("x")) == "a"
    cache.get("k2", factory("b"))
    cache.get(k1, factory("x"))  # k1 is now the most recent
    cache.get("k3", factory("c"))  # evicts k2
    assert calls == ["a", "b", "c"] and len(cache) == 2 and cache.hits == 2
    cache.get("k2", factory("b2"))
    assert calls[-1] == "b2"


def test_two_thousand_points_render_fast():
    """2,000 clustered points render in well under a second (the browser builds the markers)."""
    points = [map_component.MapPoint(f"s{i}", loc(30.2 + (i % 40) * 0.008, 106.15 + (i // 40) * 0.006), "silk") for i in range(2000)]
    start = time.perf_counter()
    r = map_component.render_map(points, basemap=basemap("amap"))
    assert time.perf_counter() - start < 2.0
    assert len(data_rows(r.script)) == 2000


@pytest.mark.parametrize("name", ["osm", "amap", "tianditu"])
def test_bundled_catalog_renders_on_every_basemap(name):
    """The shipped sites.yaml (sites and start points, recorded in GCJ-02) draws on each basemap."""
    from catalog.source import read_catalog

    cat = read_catalog(ROOT / "sites.yaml").catalog
    points = [map_component.MapPoint(s.id, s.location, s.category.value, show_uncertainty=s.location.is_estimate) for s in cat.sites]
    points += [map_component.MapPoint(p.id, p.location, "start", label="起") for p in cat.start_points]
    b = basemap(name)
    r = map_component.render_map(points, basemap=b, cluster=False)
    drawn = markers(r.script)
    assert len(drawn) == len(points)
    for (lat, lon), want in zip(drawn, expected(points, b.datum)):
        assert (lat, lon) == pytest.approx(want, abs=1e-9)
