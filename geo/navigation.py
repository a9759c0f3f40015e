"""Hand-off links to phone navigation apps, each given coordinates in the datum it expects.

- AMap (高德) web URI: GCJ-02 with ``coordinate=gaode``.
- Baidu web URI: BD-09 with ``coord_type=bd09ll``.
- Apple Maps: inside China its basemap is AutoNavi's, in GCJ-02, so GCJ-02 is what lands on the right spot.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from catalog.model import Datum, Location

from .datum import to_datum

APP_SOURCE = "wusheng-trails"


@dataclass(frozen=True)
class NavLink:
    app: str  # "amap" | "baidu" | "apple"
    url: str
    datum: Datum


def _in(loc: Location, datum: Datum) -> tuple[float, float]:
    lat, lon = to_datum(loc.lat, loc.lon, loc.datum, datum)
    return round(lat, 6), round(lon, 6)


def amap_marker(loc: Location, name: str) -> NavLink:
    lat, lon = _in(loc, Datum.GCJ02)
    query = urlencode({"position": f"{lon},{lat}", "name": name, "src": APP_SOURCE, "coordinate": "gaode",
                       "callnative": 1})
    return NavLink("amap", f"https://uri.amap.com/marker?{query}", Datum.GCJ02)


def baidu_marker(loc: Location, name: str) -> NavLink:
    lat, lon = _in(loc, Datum.BD09)
    query = urlencode({"location": f"{lat},{lon}", "title": name, "content": name, "output": "html",
                       "coord_type": "bd09ll", "src": f"webapp.{APP_SOURCE}"})
    return NavLink("baidu", f"https://api.map.baidu.com/marker?{query}", Datum.BD09)


def apple_marker(loc: Location, name: str) -> NavLink:
    lat, lon = _in(loc, Datum.GCJ02)
    query = urlencode({"ll": f"{lat},{lon}", "q": name})
    return NavLink("apple", f"https://maps.apple.com/?{query}", Datum.GCJ02)


def marker_links(loc: Location, name: str) -> list[NavLink]:
    return [amap_marker(loc, name), baidu_marker(loc, name), apple_marker(loc, name)]
