"""Valhalla's matrix API (``/sources_to_targets``) behind the same TravelTimes protocol as OSRM's /table.

Valhalla is the router the deployment recipe runs (deploy/router.py): its Linux build is packaged on PyPI
(pyvalhalla), while OSRM is neither on PyPI as a binary nor in Debian 12. Its API differs from OSRM's: a
POST of sources and targets with a costing model, answered with seconds and kilometres per pair.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

from .travel import Place, RoutedTravelTimes, wgs84_array


@dataclass
class ValhallaTravelTimes(RoutedTravelTimes):
    source = "valhalla"
    costings: Mapping[str, str] = field(default_factory=lambda: {
        "car": "auto", "taxi": "taxi", "coach": "bus", "cycling": "bicycle", "walking": "pedestrian"})

    def _table(self, places: Sequence[Place], mode: str) -> tuple[np.ndarray, np.ndarray]:
        points = [{"lat": round(float(lat), 6), "lon": round(float(lon), 6)}
                  for lat, lon in np.degrees(wgs84_array(places))]
        body = self._get_json(f"{self.base_url.rstrip('/')}/sources_to_targets",
                              {"sources": points, "targets": points, "costing": self.costings.get(mode, "auto"),
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
