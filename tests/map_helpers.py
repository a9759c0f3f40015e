"""Shared by the map component's tests: points in every datum, hostile strings, readers of folium's script."""
from __future__ import annotations

import json
import re
from pathlib import Path

from catalog.model import Datum, Location, Precision
from geo.datum import to_datum
from web.maps import basemaps, map_component

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


def configure_folium_assets():
    """folium's assets point at the app's vendored copies (no third-party host)."""
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

