"""Travel times between places.

The default estimate is the road model (planner/road_model.py) over great-circle distances (geopy's earth
radius, vectorised with numpy so a 2,000-site catalog stays fast): detour by distance, speed bands from
county road to expressway, leaving central Chongqing, parking. The bureau's measured drive times in the
catalog beat the estimate. A routing service (OSRM's /table, or Valhalla: planner/routing.py) can replace
the estimate; when it fails the estimate is used and the caller gets a warning.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Mapping, Protocol, Sequence

import numpy as np
from cachetools import LRUCache

from catalog.model import Datum, Location, TravelOverride
from geo.datum import to_datum
from geo.distance import distance_km, pairwise_km

from .road_model import MODES, ModeProfile, road_minutes, zone_of

__all__ = ["MODES", "ModeProfile", "Place", "Matrix", "TravelTimes", "EstimatedTravelTimes",
           "MatrixCache", "slowed", "great_circle_km", "straight_km"]




@dataclass(frozen=True)
class Place:
    key: str  # a site or start point id, or "coords:lat,lon"
    location: Location


@dataclass(frozen=True)
class Matrix:
    keys: tuple[str, ...]
    minutes: np.ndarray  # int, [i, j] = minutes from keys[i] to keys[j]
    km: np.ndarray  # road km estimate
    source: str  # "estimate" | "osrm" | "valhalla"
    warnings: tuple[str, ...] = ()
    notes: tuple = ()  # Reasons the plan shows about its road times (holiday traffic)

    def index(self, key: str) -> int:
        return self.keys.index(key)


class TravelTimes(Protocol):
    def matrix(self, places: Sequence[Place], mode: str) -> Matrix: ...


def wgs84_array(places: Sequence[Place]) -> np.ndarray:
    pts = [to_datum(p.location.lat, p.location.lon, p.location.datum, Datum.WGS84) for p in places]
    return np.radians(np.array(pts, dtype=float).reshape(-1, 2))


def great_circle_km(places: Sequence[Place]) -> np.ndarray:
    """Pairwise great-circle distances (km) on geopy's mean earth radius."""
    return pairwise_km(wgs84_array(places))


@dataclass
class EstimatedTravelTimes:
    """The road model over great-circle distances, with the catalog's measured times applied on top."""

    overrides: Sequence[TravelOverride] = ()
    modes: Mapping[str, ModeProfile] = field(default_factory=lambda: dict(MODES))

    def matrix(self, places: Sequence[Place], mode: str) -> Matrix:
        rad = wgs84_array(places)
        minutes, road = road_minutes(pairwise_km(rad), zone_of(rad), self.modes[mode])
        keys = tuple(p.key for p in places)
        apply_overrides(keys, minutes, road, self.overrides, mode)
        return Matrix(keys, minutes, road, "estimate")


def apply_overrides(keys: Sequence[str], minutes: np.ndarray, km: np.ndarray,
                    overrides: Sequence[TravelOverride], mode: str) -> None:
    where = {k: i for i, k in enumerate(keys)}
    for o in overrides:
        if o.basis != "measured" or o.mode != mode or o.origin not in where or o.destination not in where:
            continue
        pairs = [(where[o.origin], where[o.destination])]
        if o.both_ways:
            pairs.append((where[o.destination], where[o.origin]))
        for i, j in pairs:
            minutes[i, j] = o.minutes
            if o.km is not None:
                km[i, j] = o.km


def slowed(matrix: Matrix, factor: float, parking_min: int, note=None) -> Matrix:
    """The same matrix with the driving part of each leg (not parking) ``factor`` times longer."""
    drive = np.maximum(matrix.minutes - parking_min, 0)
    minutes = np.where(matrix.minutes > 0, np.ceil(drive * factor - 1e-9).astype(np.int64) + parking_min, 0)
    return Matrix(matrix.keys, minutes, matrix.km, matrix.source, matrix.warnings,
                  matrix.notes + ((note,) if note is not None else ()))


class MatrixCache:
    """Matrices per (catalog version, mode, places): the same request twice costs nothing the second time.
    Shared by a worker's request threads, hence the lock."""

    def __init__(self, size: int = 64):
        self.size = size
        self._items: LRUCache[tuple, Matrix] = LRUCache(maxsize=size)
        self._lock = threading.Lock()

    def get(self, travel: TravelTimes, version: str, places: Sequence[Place], mode: str) -> Matrix:
        key = (version, mode, id(travel), tuple((p.key, p.location.lat, p.location.lon) for p in places))
        with self._lock:
            hit = self._items.get(key)
        if hit is not None:
            return hit
        hit = travel.matrix(places, mode)  # outside the lock: a routing service may take a second
        if not hit.warnings:  # don't remember a fallback: the service may be back next time
            with self._lock:
                self._items[key] = hit
        return hit


def straight_km(a: Location, b: Location) -> float:
    """Great-circle km between two locations, whatever datums they were recorded in."""
    return distance_km(*to_datum(a.lat, a.lon, a.datum, Datum.WGS84), *to_datum(b.lat, b.lon, b.datum, Datum.WGS84))
