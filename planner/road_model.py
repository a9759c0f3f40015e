"""Drive times a person recognises, from straight-line distance alone.

Calibrated on the sourced reference drives in ``planner/data/reference_drives.yaml`` (checked by
tests/test_reference_drives.py): route-app times quoted by travel guides, published distances and the
county's own promotional claims (which the model may exceed, never undercut). Four parts:

- road distance: straight line x a detour factor that falls from hilly county roads (1.30 up to 60 km)
  to long expressway legs (1.15 from 200 km), so "68 km from the main urban area" and "280 km to Lichuan"
  both come out right;
- speed by distance band, per mode: the first kilometres on town and county roads, then national and
  provincial roads, then expressway; a coach is slower in every band;
- leaving or entering central Chongqing: the guide's "from Yuzhong via the inner ring to the toll station
  takes about 30 minutes" is a fixed time for the first ~20 km (a coach takes longer);
- parking and walking to the entrance at the end of every leg.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from catalog.model import Datum
from geo.datum import to_datum
from geo.distance import haversine_km


@dataclass(frozen=True)
class ModeProfile:
    name: str
    bands: tuple[tuple[float, float], ...]  # (road km at which the band ends, km/h), last band open-ended
    parking_min: int  # per leg: parking, walking to the entrance, boarding
    city_factor: float  # x a city's exit time (0: the mode ignores expressway access, e.g. walking)
    detour_near: float = 1.30  # road / straight line on legs up to DETOUR_NEAR_KM
    detour_far: float = 1.15  # ... from DETOUR_FAR_KM on (expressways run straighter)
    road: bool = True  # holiday traffic slows it

    @property
    def overhead_min(self) -> int:  # what a routing service's pure drive time lacks
        return self.parking_min


DETOUR_NEAR_KM, DETOUR_FAR_KM = 60.0, 200.0
INF = math.inf

MODES: dict[str, ModeProfile] = {
    "car": ModeProfile("car", ((8, 35), (20, 60), (INF, 95)), 5, 1.0),
    "taxi": ModeProfile("taxi", ((8, 35), (20, 60), (INF, 95)), 3, 1.0),
    "coach": ModeProfile("coach", ((8, 30), (20, 50), (INF, 80)), 10, 1.25),
    "cycling": ModeProfile("cycling", ((INF, 15),), 2, 0.0, 1.25, 1.25, road=False),
    "walking": ModeProfile("walking", ((INF, 4.5),), 0, 0.0, 1.30, 1.30, road=False),
}


@dataclass(frozen=True)
class CityZone:
    """A city whose centre is slow to leave: legs that start or end inside ``radius_km`` of the centre spend
    ``exit_min`` on its first (or last) ``exit_km`` of road."""

    name: str
    lat: float  # WGS-84
    lon: float
    radius_km: float
    exit_min: float
    exit_km: float


def _wgs(lat: float, lon: float) -> tuple[float, float]:
    return to_datum(lat, lon, Datum.GCJ02, Datum.WGS84)


# Central Chongqing: the catalog's start point (Yuzhong, GCJ-02). 30 min for ~20 km to the expressway toll
# station: the Lichuan guide's AMap figure (reference_drives.yaml, "city-exit").
CITY_ZONES: tuple[CityZone, ...] = (CityZone("central Chongqing", *_wgs(29.5638, 106.5505), 15.0, 30.0, 20.0),)


def detour(straight_km: np.ndarray, profile: ModeProfile) -> np.ndarray:
    share = np.clip((straight_km - DETOUR_NEAR_KM) / (DETOUR_FAR_KM - DETOUR_NEAR_KM), 0, 1)
    return profile.detour_near + (profile.detour_far - profile.detour_near) * share


def band_minutes(road_km: np.ndarray, profile: ModeProfile) -> np.ndarray:
    """Minutes to drive ``road_km`` through the mode's speed bands (the first km slowest)."""
    out = np.zeros_like(road_km, dtype=float)
    lo = 0.0
    for hi, kmh in profile.bands:
        out += np.clip(road_km - lo, 0, hi - lo) / kmh * 60
        lo = hi
    return out


def zone_of(lat_lon_rad: np.ndarray, zones: tuple[CityZone, ...] = CITY_ZONES) -> np.ndarray:
    """Index of the city zone each point lies in, -1 for none."""
    out = np.full(len(lat_lon_rad), -1, dtype=np.int64)
    for z, zone in enumerate(zones):
        zl, zo = math.radians(zone.lat), math.radians(zone.lon)
        km = haversine_km(lat_lon_rad[:, 0], lat_lon_rad[:, 1], zl, zo)
        out[(km <= zone.radius_km) & (out < 0)] = z
    return out


def road_minutes(straight_km: np.ndarray, zones: np.ndarray, profile: ModeProfile,
                 city_zones: tuple[CityZone, ...] = CITY_ZONES) -> tuple[np.ndarray, np.ndarray]:
    """(minutes door to door, road km) for a matrix of straight-line distances; ``zones`` per place."""
    road = straight_km * detour(straight_km, profile)
    extra = np.zeros_like(road)
    city_km = np.zeros_like(road)
    if profile.city_factor and len(city_zones):
        exit_min = np.array([z.exit_min for z in city_zones] + [0.0])[zones]  # index -1 -> the 0 appended
        exit_km = np.array([z.exit_km for z in city_zones] + [0.0])[zones]
        leaves = zones[:, None] != zones[None, :]  # a trip inside one city has no expressway to reach
        extra = (exit_min[:, None] + exit_min[None, :]) * leaves * profile.city_factor
        city_km = np.minimum((exit_km[:, None] + exit_km[None, :]) * leaves, road * 0.8)
    minutes = band_minutes(road - city_km, profile) + extra + profile.parking_min
    out = np.ceil(minutes - 1e-9).astype(np.int64)
    np.fill_diagonal(out, 0)
    return out, road
