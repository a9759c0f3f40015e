"""Great-circle distances: the one haversine of the app, on geopy's mean earth radius (``great_circle``'s).

Vectorised with numpy so the planner's matrix of a 2,000-site catalog stays fast; the same function serves
single pairs. Good to 0.5 % against the ellipsoid, far below a road's detour.
"""
from __future__ import annotations

import math

import numpy as np
from geopy.distance import EARTH_RADIUS as EARTH_RADIUS_KM


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle km between points in radians: floats, or numpy arrays that broadcast (a row against a column
    gives a matrix)."""
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def pairwise_km(lat_lon_rad: np.ndarray) -> np.ndarray:
    """The n x n distances (km) between n points given as rows of (lat, lon) in radians."""
    lat, lon = lat_lon_rad[:, 0][:, None], lat_lon_rad[:, 1][:, None]
    return haversine_km(lat, lon, lat.T, lon.T)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle km between two points in degrees (one datum for both)."""
    return float(haversine_km(*map(math.radians, (lat1, lon1, lat2, lon2))))


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The same in metres."""
    return 1000 * distance_km(lat1, lon1, lat2, lon2)
