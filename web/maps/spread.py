"""Markers that share one point (sites placed at one estimated position) fanned out on a small ring, in
screen pixels, so each can be seen and tapped at every zoom. The marker keeps its true position (routes,
uncertainty circles and the hand-off links use it); only its icon is drawn off-centre. Deterministic: the
same points give the same ring, in key order."""
from __future__ import annotations

import math
from typing import Sequence

TAP_PX = 30  # distance between neighbours on the ring: a pin is 28 px wide
MIN_RADIUS_PX = 18
SAME_POINT_DEG = 1e-5  # about a metre


def spread_offsets(coords: Sequence[tuple[float, float]], keys: Sequence[str]) -> list[tuple[int, int]]:
    """(dx, dy) screen offsets per point: (0, 0) for a point alone, a ring position for shared points."""
    groups: dict[tuple[int, int], list[int]] = {}
    for i, (lat, lon) in enumerate(coords):
        groups.setdefault((round(lat / SAME_POINT_DEG), round(lon / SAME_POINT_DEG)), []).append(i)
    out = [(0, 0)] * len(coords)
    for members in groups.values():
        n = len(members)
        if n < 2:
            continue
        radius = max(MIN_RADIUS_PX, n * TAP_PX / (2 * math.pi))
        for rank, i in enumerate(sorted(members, key=lambda j: keys[j])):
            angle = -math.pi / 2 + 2 * math.pi * rank / n  # the first at the top, then clockwise
            out[i] = (round(radius * math.cos(angle)), round(radius * math.sin(angle)))
    return out
