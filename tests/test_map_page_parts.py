"""The map component in a page: CSP and URLs under a prefix, the partial (escaped, with the nonce), palette and
CSS, map.js without innerHTML, the render cache, and the bundled catalog on every basemap."""
from __future__ import annotations

import re
import time

import pytest
from flask import Flask, render_template_string

from catalog.model import Category
from web.maps import map_component
from web.platform import security
from tests.map_helpers import (CONFIG, HOSTILE, MIXED, ROOT, basemap, configure_folium_assets, data_rows, expected,
                               loc, markers)


@pytest.fixture(scope="module", autouse=True)
def _folium_configured():
    configure_folium_assets()


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
