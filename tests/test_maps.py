"""The map component's script: markers, lines and circles in the basemap's datum, no outside URLs, hostile text kept
out, ES5, the view.

folium's element ids are random, so these tests read the script's structure (markers, lines,
circles, data arrays) rather than comparing snapshots.
"""
from __future__ import annotations

import html as html_lib
import json
import re

import pytest
from flask import Flask

from catalog.model import Datum
from geo.distance import distance_m
from web.maps import map_component
from tests.map_helpers import (CIRCLE_RE, HOSTILE, MIXED, POLY_RE, ROOT, basemap, configure_folium_assets, data_rows,
                               expected, loc, markers, normalise)


@pytest.fixture(scope="module", autouse=True)
def _folium_configured():
    configure_folium_assets()


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
