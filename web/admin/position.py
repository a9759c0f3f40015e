"""The position editor's facts: the typed point converted to every datum, and the map's settings.

Decision: a position is stored in the datum the editor picked (the datum of its source), like every other
position in the catalog (docs/catalog.md): numbers pasted from AMap stay exactly as AMap gave them, so they
can be checked against the source later, and the app converts per basemap when it draws. The editor sees the
WGS-84 / GCJ-02 / BD-09 equivalents beside the fields. A marker dragged on the map is converted
back from the basemap's datum into the datum picked, so one drag does not silently change a site's datum.
"""
from __future__ import annotations

from dataclasses import dataclass

from geo.datum import DATUMS, to_datum

from web.maps.basemaps import Basemap
from web.maps.map_component import basemap_for_request


@dataclass(frozen=True)
class PositionFacts:
    lat: float | None
    lon: float | None
    datum: str
    converted: dict[str, tuple[float, float]]  # datum -> (lat, lon)
    map_lat: float | None  # the point on the map, in the basemap's datum
    map_lon: float | None
    basemap: Basemap


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if -90 <= value <= 180 else None


def position_facts(fields: dict[str, str]) -> PositionFacts:
    lat, lon = _number(fields.get("location.lat", "")), _number(fields.get("location.lon", ""))
    datum = fields.get("location.datum") or "wgs84"
    datum = datum if datum in DATUMS else "wgs84"
    converted: dict[str, tuple[float, float]] = {}
    map_lat = map_lon = None
    basemap = basemap_for_request()
    if lat is not None and lon is not None and -90 <= lat <= 90:
        converted = {d: tuple(round(v, 6) for v in to_datum(lat, lon, datum, d)) for d in DATUMS}  # type: ignore
        map_lat, map_lon = converted[basemap.datum]
    return PositionFacts(lat, lon, datum, converted, map_lat, map_lon, basemap)
