"""Road-routing services for travel times, in one client shape: ``RoutedTravelTimes`` asks a service for
(seconds, metres) between every pair of places and falls back to the estimate (planner/travel.py), with a
warning, on any failure. Two services: an OSRM-compatible ``/table``, and Valhalla's ``/sources_to_targets``,
the router the deployment recipe runs (deploy/router.py: its Linux build is packaged on PyPI as pyvalhalla,
while OSRM is neither on PyPI as a binary nor in Debian 12). ``ENGINES`` names them for the ROUTING_ENGINE
setting.
"""
from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass
from typing import ClassVar, Mapping, Sequence

import numpy as np

from .travel import EstimatedTravelTimes, Matrix, Place, apply_overrides, wgs84_array


@dataclass
class RoutedTravelTimes:
    """A road-routing service's drive times; any failure falls back to the estimate, with a warning.
    Subclasses ask their service for (seconds, metres) between every pair of places."""

    base_url: str
    fallback: EstimatedTravelTimes
    timeout_s: float = 1.5
    source: ClassVar[str] = "router"
    service_modes: ClassVar[Mapping[str, str]] = {}  # our travel mode -> the service's profile or costing
    default_mode: ClassVar[str] = ""

    def service_mode(self, mode: str) -> str:
        return self.service_modes.get(mode, self.default_mode)

    def matrix(self, places: Sequence[Place], mode: str) -> Matrix:
        try:
            seconds, metres = self._table(places, mode)
            if seconds.shape != (len(places), len(places)) or not np.isfinite(seconds).all():
                raise ValueError("incomplete table")
        except Exception as exc:  # the service is optional: any failure means "use the estimate"
            est = self.fallback.matrix(places, mode)
            return Matrix(est.keys, est.minutes, est.km, est.source,
                          (f"routing service unavailable ({type(exc).__name__}); travel times are estimates",))
        overhead = self.fallback.modes[mode].overhead_min
        minutes = np.ceil(seconds / 60).astype(np.int64) + overhead
        np.fill_diagonal(minutes, 0)
        keys = tuple(p.key for p in places)
        km = metres / 1000
        apply_overrides(keys, minutes, km, self.fallback.overrides, mode)
        return Matrix(keys, minutes, km, self.source)

    def _table(self, places: Sequence[Place], mode: str) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError

    def _get_json(self, url: str, body: dict | None = None) -> dict:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"} if data else {})
        with urllib.request.urlopen(req, timeout=self.timeout_s) as resp:  # noqa: S310 (configured URL)
            return json.loads(resp.read(5_000_000))


@dataclass
class OsrmTravelTimes(RoutedTravelTimes):
    """An OSRM-compatible /table service."""

    source = "osrm"
    service_modes = {"car": "driving", "taxi": "driving", "coach": "driving", "cycling": "cycling", "walking": "foot"}
    default_mode = "driving"

    def _table(self, places: Sequence[Place], mode: str) -> tuple[np.ndarray, np.ndarray]:
        coords = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in np.degrees(wgs84_array(places)))
        body = self._get_json(f"{self.base_url.rstrip('/')}/table/v1/{self.service_mode(mode)}/{coords}"
                              "?annotations=duration,distance")
        if body.get("code") != "Ok":
            raise ValueError(body.get("code", "no code"))
        seconds = np.array(body["durations"], dtype=float)
        metres = np.array(body.get("distances") or np.zeros_like(seconds), dtype=float)
        return seconds, metres


@dataclass
class ValhallaTravelTimes(RoutedTravelTimes):
    """Valhalla's matrix API: a POST of sources and targets with a costing model, answered with seconds and
    kilometres per pair."""

    source = "valhalla"
    service_modes = {"car": "auto", "taxi": "taxi", "coach": "bus", "cycling": "bicycle", "walking": "pedestrian"}
    default_mode = "auto"

    def _table(self, places: Sequence[Place], mode: str) -> tuple[np.ndarray, np.ndarray]:
        points = [{"lat": round(float(lat), 6), "lon": round(float(lon), 6)}
                  for lat, lon in np.degrees(wgs84_array(places))]
        body = self._get_json(f"{self.base_url.rstrip('/')}/sources_to_targets",
                              {"sources": points, "targets": points, "costing": self.service_mode(mode),
                               "units": "kilometers"})
        rows = body["sources_to_targets"]
        n = len(places)
        seconds, metres = np.full((n, n), np.nan), np.full((n, n), np.nan)
        for row in rows:
            for cell in row:
                i, j = cell["from_index"], cell["to_index"]
                if cell.get("time") is not None:  # null: no road between them in the graph
                    seconds[i, j] = float(cell["time"])
                    metres[i, j] = float(cell.get("distance") or 0.0) * 1000
        np.fill_diagonal(seconds, 0.0)
        np.fill_diagonal(metres, 0.0)
        return seconds, metres


ENGINES: Mapping[str, type[RoutedTravelTimes]] = {"osrm": OsrmTravelTimes, "valhalla": ValhallaTravelTimes}
