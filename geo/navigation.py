"""Hand-off links to phone navigation apps, each given coordinates in the datum it expects.

- AMap (高德) web URI: GCJ-02 with ``coordinate=gaode``. Its navigation URI takes one ``via`` point at most,
  so a whole day with more stops is handed over leg by leg.
- Baidu web URI: BD-09 with ``coord_type=bd09ll``; its direction URI goes from one place to one place.
- Apple Maps: inside China its basemap is AutoNavi's, in GCJ-02, so GCJ-02 is what lands on the right spot;
  ``saddr``/``daddr`` directions go from one place to one place.
``native=False`` (inside WeChat, which blocks app schemes) asks the web pages not to try opening the app.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from catalog.model import Datum, Location

from .datum import location_in

APP_SOURCE = "wusheng-trails"


@dataclass(frozen=True)
class NavLink:
    app: str  # "amap" | "baidu" | "apple"
    url: str
    datum: Datum


def _in(loc: Location, datum: Datum) -> tuple[float, float]:
    lat, lon = location_in(loc, datum)
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


def marker_links(loc: Location, name: str, native: bool = True) -> list[NavLink]:
    links = [amap_marker(loc, name), baidu_marker(loc, name), apple_marker(loc, name)]
    if not native:
        links[0] = NavLink("amap", links[0].url.replace("callnative=1", "callnative=0"), Datum.GCJ02)
    return links


AMAP_MAX_VIA = 1  # uri.amap.com/navigation takes a single via point
# our travel mode -> AMap, Baidu and Apple Maps names for it
ROUTE_MODES = {
    "car": ("car", "driving", "d"), "taxi": ("car", "driving", "d"), "coach": ("car", "driving", "d"),
    "cycling": ("ride", "riding", "d"), "walking": ("walk", "walking", "w"),
}

Place = tuple[Location, str]  # where, and the name to show for it


def _label(name: str) -> str:
    """A place name inside a composite parameter: its separators (, and |) would split the value."""
    return " ".join(name.replace(",", " ").replace("|", " ").replace("，", " ").split())[:40]


def _amap_point(place: Place) -> str:
    lat, lon = _in(place[0], Datum.GCJ02)
    return f"{lon},{lat},{_label(place[1])}"


def amap_route(origin: Place, destination: Place, via: tuple[Place, ...] = (), mode: str = "car",
               native: bool = True) -> NavLink | None:
    """AMap directions; None when there are more via points than its web URI takes."""
    if len(via) > AMAP_MAX_VIA:
        return None
    params = {"from": _amap_point(origin), "to": _amap_point(destination)}
    if via:
        params["via"] = _amap_point(via[0])
    params.update(mode=ROUTE_MODES.get(mode, ROUTE_MODES["car"])[0], src=APP_SOURCE, coordinate="gaode",
                  callnative=1 if native else 0)
    return NavLink("amap", f"https://uri.amap.com/navigation?{urlencode(params)}", Datum.GCJ02)


def baidu_route(origin: Place, destination: Place, mode: str = "car") -> NavLink:
    def point(place: Place) -> str:
        lat, lon = _in(place[0], Datum.BD09)
        return f"latlng:{lat},{lon}|name:{_label(place[1])}"

    params = {"origin": point(origin), "destination": point(destination),
              "mode": ROUTE_MODES.get(mode, ROUTE_MODES["car"])[1], "region": "武胜县", "output": "html",
              "coord_type": "bd09ll", "src": f"webapp.{APP_SOURCE}"}
    return NavLink("baidu", f"https://api.map.baidu.com/direction?{urlencode(params)}", Datum.BD09)


def apple_route(origin: Place, destination: Place, mode: str = "car") -> NavLink:
    (slat, slon), (dlat, dlon) = _in(origin[0], Datum.GCJ02), _in(destination[0], Datum.GCJ02)
    params = {"saddr": f"{slat},{slon}", "daddr": f"{dlat},{dlon}",
              "dirflg": ROUTE_MODES.get(mode, ROUTE_MODES["car"])[2]}
    return NavLink("apple", f"https://maps.apple.com/?{urlencode(params)}", Datum.GCJ02)


def route_links(origin: Place, destination: Place, mode: str = "car", native: bool = True) -> list[NavLink]:
    """Directions for one leg in each app."""
    return [amap_route(origin, destination, mode=mode, native=native), baidu_route(origin, destination, mode),
            apple_route(origin, destination, mode)]
