"""Where the planner plans: the county (geo/county.py) and the catalog's own places, not constants.

Typed coordinates are accepted within ``REACH_KM`` of the box around the county's outline and every start
point and published site of the catalog (a visitor may start from a hotel in Chongqing or Chengdu); a trip
of several days without a chosen base sleeps in the county: the start point with lodging inside its outline
nearest to its middle.
"""
from __future__ import annotations

import math
from functools import lru_cache

from catalog.model import Catalog, StartPoint
from geo.county import DATUM, county_outline, outline_bounds
from geo.datum import location_in

REACH_KM = 200  # a day trip's drive each way, about three hours
KM_PER_DEGREE = 111.2

Box = tuple[float, float, float, float]  # south, west, north, east


@lru_cache(maxsize=1)
def _county_box() -> Box:
    return outline_bounds()


def _catalog_box(catalog: Catalog) -> Box:
    south, west, north, east = _county_box()
    places = [p.location for p in catalog.start_points] + [s.location for s in catalog.published_sites]
    lats = [south, north] + [loc.lat for loc in places]
    lons = [west, east] + [loc.lon for loc in places]
    return min(lats), min(lons), max(lats), max(lons)


def plannable_box(catalog: Catalog) -> Box:
    """The box within which typed coordinates are planned for."""
    south, west, north, east = _catalog_box(catalog)
    dlat = REACH_KM / KM_PER_DEGREE
    dlon = REACH_KM / (KM_PER_DEGREE * math.cos(math.radians(max(abs(south), abs(north)))))
    return south - dlat, west - dlon, north + dlat, east + dlon


def in_area(catalog: Catalog, lat: float, lon: float) -> bool:
    south, west, north, east = plannable_box(catalog)
    return south <= lat <= north and west <= lon <= east


def _inside(lat: float, lon: float) -> bool:
    """Whether (lat, lon), GCJ-02, is inside the county's outline (ray casting over every ring)."""
    inside = False
    for ring in county_outline():
        for (lat1, lon1), (lat2, lon2) in zip(ring, ring[1:] + ring[:1]):
            if (lat1 > lat) != (lat2 > lat) and lon < lon1 + (lat - lat1) * (lon2 - lon1) / (lat2 - lat1):
                inside = not inside
    return inside


def county_lodging(catalog: Catalog) -> StartPoint | None:
    """The default overnight base: a start point with lodging inside the county, the one nearest its middle;
    else the first start point with lodging; None when no start point has any."""
    south, west, north, east = _county_box()
    middle = ((south + north) / 2, (west + east) / 2)
    lodging = [p for p in catalog.start_points if p.lodging]
    inside = [(location_in(p.location, DATUM), p) for p in lodging]
    inside = [(pos, p) for pos, p in inside if _inside(*pos)]
    if inside:
        return min(inside, key=lambda item: (item[0][0] - middle[0]) ** 2 + (item[0][1] - middle[1]) ** 2)[1]
    return lodging[0] if lodging else None
