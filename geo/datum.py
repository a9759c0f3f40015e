"""Coordinate datums used by Chinese web maps: WGS-84, GCJ-02 ("Mars") and BD-09 (Baidu).

Pure functions; no Flask, no folium. Latitudes and longitudes are decimal degrees and every
function takes and returns ``(lat, lon)`` in that order.

* ``wgs_to_gcj`` is the standard public GCJ-02 algorithm (Krasovsky ellipsoid constants and the
  well-known polynomial-plus-sine offsets); ``gcj_to_bd`` is Baidu's published offset.
* The inverses (``gcj_to_wgs``, ``bd_to_gcj``) solve the forward transform by fixed-point
  iteration, to about a millimetre, instead of subtracting the offset once (which is off by
  metres, up to ~20 m).
* Outside China (the usual bounding box) every transform returns its input unchanged: the offsets
  are only applied inside the country.

Tianditu's CGCS2000 agrees with WGS-84 to within centimetres, so it is treated as ``wgs84``.
"""
from __future__ import annotations

import math
from functools import lru_cache
from enum import Enum
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:  # the catalog model is only needed for type hints
    from catalog.model import Location

WGS84 = "wgs84"
GCJ02 = "gcj02"
BD09 = "bd09"
DATUMS = (WGS84, GCJ02, BD09)

_A = 6378245.0  # Krasovsky 1940 semi-major axis, as used by GCJ-02
_EE = 0.00669342162296594323  # its first eccentricity squared
_X_PI = math.pi * 3000.0 / 180.0

# Inverses stop when the forward image is this close (degrees, ~0.1 mm), or after this many steps.
_TOLERANCE_DEG = 1e-9
_MAX_ITERATIONS = 30

DatumLike = Union[str, Enum]  # a datum name, or an Enum whose value is one (catalog.model.Datum)


def out_of_china(lat: float, lon: float) -> bool:
    """True outside the rough bounding box of China, where no offset is applied."""
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _offset(lat: float, lon: float) -> tuple[float, float]:
    """GCJ-02 minus WGS-84 at a WGS-84 point, in degrees (lat, lon)."""
    x, y = lon - 105.0, lat - 35.0
    wave = (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    d_lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    d_lat += wave
    d_lat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    d_lat += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    d_lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    d_lon += wave
    d_lon += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    d_lon += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0

    rad_lat = math.radians(lat)
    magic = 1.0 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return d_lat, d_lon


def wgs_to_gcj(lat: float, lon: float) -> tuple[float, float]:
    """WGS-84 to GCJ-02 (the forward "Mars" transform)."""
    if out_of_china(lat, lon):
        return lat, lon
    d_lat, d_lon = _offset(lat, lon)
    return lat + d_lat, lon + d_lon


def gcj_to_bd(lat: float, lon: float) -> tuple[float, float]:
    """GCJ-02 to BD-09 (Baidu's forward offset)."""
    if out_of_china(lat, lon):
        return lat, lon
    z = math.hypot(lon, lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * _X_PI)
    return z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065


def _bd_to_gcj_once(lat: float, lon: float) -> tuple[float, float]:
    """Baidu's published one-step inverse: a good first guess, centimetres off."""
    x, y = lon - 0.0065, lat - 0.006
    z = math.hypot(x, y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return z * math.sin(theta), z * math.cos(theta)


def _invert(forward, lat: float, lon: float, guess: tuple[float, float]) -> tuple[float, float]:
    """Solve ``forward(p) == (lat, lon)`` for p by fixed-point iteration from ``guess``.

    The offsets change slowly with position (their Jacobian is close to the identity), so each
    step removes almost all of the remaining error: three or four steps reach the tolerance.
    """
    g_lat, g_lon = guess
    for _ in range(_MAX_ITERATIONS):
        f_lat, f_lon = forward(g_lat, g_lon)
        e_lat, e_lon = f_lat - lat, f_lon - lon
        g_lat, g_lon = g_lat - e_lat, g_lon - e_lon
        if abs(e_lat) < _TOLERANCE_DEG and abs(e_lon) < _TOLERANCE_DEG:
            break
    return g_lat, g_lon


def gcj_to_wgs(lat: float, lon: float) -> tuple[float, float]:
    """GCJ-02 to WGS-84, exact to about a millimetre (iterates ``wgs_to_gcj``)."""
    if out_of_china(lat, lon):
        return lat, lon
    d_lat, d_lon = _offset(lat, lon)
    return _invert(wgs_to_gcj, lat, lon, (lat - d_lat, lon - d_lon))


def bd_to_gcj(lat: float, lon: float) -> tuple[float, float]:
    """BD-09 to GCJ-02, exact to about a millimetre (iterates ``gcj_to_bd``)."""
    if out_of_china(lat, lon):
        return lat, lon
    return _invert(gcj_to_bd, lat, lon, _bd_to_gcj_once(lat, lon))


def wgs_to_bd(lat: float, lon: float) -> tuple[float, float]:
    return gcj_to_bd(*wgs_to_gcj(lat, lon))


def bd_to_wgs(lat: float, lon: float) -> tuple[float, float]:
    return gcj_to_wgs(*bd_to_gcj(lat, lon))


_STEPS = {
    (WGS84, GCJ02): wgs_to_gcj,
    (GCJ02, WGS84): gcj_to_wgs,
    (GCJ02, BD09): gcj_to_bd,
    (BD09, GCJ02): bd_to_gcj,
    (WGS84, BD09): wgs_to_bd,
    (BD09, WGS84): bd_to_wgs,
}


def datum_name(datum: DatumLike) -> str:
    """Normalise ``"GCJ02"``, ``"gcj-02"``, ``Datum.GCJ02`` ... to one of ``DATUMS``."""
    raw = getattr(datum, "value", datum)
    name = str(raw).strip().lower().replace("-", "").replace("_", "")
    if name in ("cgcs2000", "wgs84"):
        return WGS84
    if name not in DATUMS:
        raise ValueError(f"unknown datum {datum!r}; expected one of {', '.join(DATUMS)}")
    return name


def to_datum(lat: float, lon: float, from_datum: DatumLike, to_datum: DatumLike) -> tuple[float, float]:
    """Convert a point between any two of WGS-84, GCJ-02 and BD-09."""
    src, dst = datum_name(from_datum), datum_name(to_datum)
    if src == dst:
        return float(lat), float(lon)
    return _STEPS[(src, dst)](float(lat), float(lon))


@lru_cache(maxsize=8192)
def location_in(location: "Location", datum: DatumLike) -> tuple[float, float]:
    """The ``(lat, lon)`` of a catalog ``Location`` in ``datum`` (e.g. the basemap's).

    Cached: the inverse transforms iterate, and a planned day converts each stop for the map, every
    export and three navigation apps."""
    return to_datum(location.lat, location.lon, location.datum, datum)


def convert_location(location: "Location", datum: DatumLike) -> "Location":
    """A copy of ``location`` moved into ``datum``; precision, radius and source are kept."""
    from dataclasses import replace

    lat, lon = location_in(location, datum)
    target = datum_name(datum)
    enum_type = type(location.datum)
    new_datum = enum_type(target) if enum_type is not str else target
    return replace(location, lat=lat, lon=lon, datum=new_datum)
