"""Markers sit where the basemap's datum puts them: measured in pixels against the tile grid, in Chromium.

Every tile request goes to a local stub PNG (``MAP_TILE_URL_OVERRIDE``); the tile images' own z/x/y and their
positions on screen are the grid. A site's WGS-84 point must be drawn at that point on OpenStreetMap and
Tianditu tiles (WGS-84 / CGCS2000), and at its GCJ-02 position on AMap tiles, which lie ~300-500 m away.
"""
from __future__ import annotations

import math
import re

import pytest

from app import create_app
from catalog.source import read_catalog
from geo.datum import location_in
from geo.distance import distance_m
from tests.browser.conftest import STUB_TILES
from tests.conftest import ROOT

SITE = next(s for s in read_catalog(ROOT / "sites.yaml").catalog.published_sites if s.id == "antai-silk-museum")
KEY = "0123456789abcdef0123456789abcdef"
ANCHOR = (14, 34)  # the pin's point in its icon box (web/maps/folium_parts.py iconAnchor)


@pytest.fixture
def browser_app():
    return create_app({"TESTING": True, "MAP_TILE_URL_OVERRIDE": STUB_TILES, "TIANDITU_KEY": KEY,
                       "MAP_BASEMAPS": "osm,amap,tianditu", "MAP_BASEMAP": "amap"})


def marker_on_tile_grid(page) -> tuple[float, float, int]:
    """The pin's point as lat/lon read off the tile grid under it (Web Mercator), and the zoom."""
    page.page.wait_for_function("() => document.querySelectorAll('img.leaflet-tile-loaded').length > 0")
    found = page.page.evaluate("""([ax, ay]) => {
        const pin = document.querySelector('.leaflet-marker-icon').getBoundingClientRect();
        const px = pin.left + ax, py = pin.top + ay;
        for (const img of document.querySelectorAll('img.leaflet-tile')) {
            const r = img.getBoundingClientRect();
            if (px >= r.left && px < r.right && py >= r.top && py < r.bottom && !/overlay=/.test(img.src)) {
                return {src: img.src, fx: (px - r.left) / r.width, fy: (py - r.top) / r.height};
            }
        }
        return null;
    }""", list(ANCHOR))
    assert found, "no tile under the marker"
    z, x, y = map(int, re.search(r"/(\d+)/(\d+)/(\d+)\.png", found["src"]).groups())
    n = 2 ** z
    lon = (x + found["fx"]) / n * 360 - 180
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * (y + found["fy"]) / n))))
    return lat, lon, z


def metres_per_pixel(lat: float, zoom: int) -> float:
    return 156543.03 * math.cos(math.radians(lat)) / 2 ** zoom


@pytest.mark.parametrize("basemap, datum", [("osm", "wgs84"), ("tianditu", "wgs84"), ("amap", "gcj02"), ("", "gcj02")])
def test_marker_sits_at_its_datum_position_on_the_tiles(page, basemap, datum):
    page.goto(f"/sites/{SITE.id}?lang=zh" + (f"&basemap={basemap}" if basemap else ""))
    page.wait_for_map()
    lat, lon, zoom = marker_on_tile_grid(page)
    expected = location_in(SITE.location, datum)
    other = location_in(SITE.location, "wgs84" if datum == "gcj02" else "gcj02")
    tolerance = 3 * metres_per_pixel(lat, zoom)  # a few pixels of rounding in the icon's placement
    assert distance_m(lat, lon, *expected) <= tolerance, (basemap, zoom, (lat, lon), expected)
    assert distance_m(*expected, *other) > 100  # the two datums are told apart at this zoom
    assert distance_m(lat, lon, *other) > distance_m(*expected, *other) / 2
    page.assert_no_third_party_requests()
    page.assert_no_console_errors()


@pytest.mark.parametrize("basemap, credit", [("amap", "高德地图"), ("tianditu", "天地图"), ("osm", "OpenStreetMap")])
def test_each_basemap_shows_the_attribution_it_requires(page, basemap, credit):
    page.goto(f"/sites/{SITE.id}?basemap={basemap}")
    page.wait_for_map()
    assert credit in page.page.locator(".leaflet-control-attribution").inner_text()
