"""The outline of Wusheng County (GCJ-02), for sketch maps drawn without tiles.

``geo/data/wusheng-county-gcj02.geojson`` (provenance in ``geo/data/SOURCE-county.md``). Rings are
``(lat, lon)`` tuples in GCJ-02: convert stops into GCJ-02 (``geo.datum.location_in``) before drawing
them over it.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

OUTLINE_FILE = Path(__file__).resolve().parent / "data" / "wusheng-county-gcj02.geojson"
DATUM = "gcj02"
# The county seat (Yankou, 沿口镇), GCJ-02: where an empty map centres and where an imported site with an
# address but no position is placed, flagged as an estimate.
COUNTY_SEAT = (30.344, 106.292)
# Where catalog positions may lie: the county and the cities trips start from (Chongqing, Nanchong, Guang'an).
# A position outside is a typo or swapped coordinates.
REGION_LAT, REGION_LON = (28, 32), (104, 108)  # whole degrees: messages quote them

Ring = tuple[tuple[float, float], ...]


@lru_cache(maxsize=1)
def county_outline(path: Path = OUTLINE_FILE) -> tuple[Ring, ...]:
    """Outer rings of every polygon of the county, each as ``(lat, lon)`` points in GCJ-02."""
    data = json.loads(path.read_text("utf-8"))
    rings: list[Ring] = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in polygons:
            rings.append(tuple((float(lat), float(lon)) for lon, lat in polygon[0]))
    return tuple(rings)


def outline_bounds() -> tuple[float, float, float, float]:
    """(south, west, north, east) of the county, GCJ-02."""
    points = [p for ring in county_outline() for p in ring]
    return (min(p[0] for p in points), min(p[1] for p in points), max(p[0] for p in points), max(p[1] for p in points))


def county_seat(datum: str = DATUM) -> tuple[float, float]:
    """The county seat's ``(lat, lon)`` in ``datum`` (the basemap's, say)."""
    from .datum import to_datum

    return to_datum(*COUNTY_SEAT, DATUM, datum)


def in_region(lat: float, lon: float) -> bool:
    """Whether a catalog position lies in the region the catalog covers (any datum: they differ by < 1 km)."""
    return REGION_LAT[0] <= lat <= REGION_LAT[1] and REGION_LON[0] <= lon <= REGION_LON[1]
