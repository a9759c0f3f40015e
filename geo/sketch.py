"""A route sketch as inline SVG: stops as numbered dots joined by straight legs, no tiles, no network.

For paper (the day sheet) and anywhere a tiled map cannot load. Points are projected equirectangularly
(longitude scaled by cos(latitude)), which is true to within a fraction of a percent over a county.
Labels are short codes chosen by the caller (stop numbers), escaped all the same.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class SketchPoint:
    lat: float  # any one datum for all points (the shape is what matters)
    lon: float
    label: str  # "1", "S", ...
    kind: str  # css modifier: "start" | "visit" | "lunch"


def sketch_svg(points: list[SketchPoint], *, width: int = 640, height: int = 360, pad: int = 28,
               title: str = "") -> str:
    if not points:
        return ""
    mid = math.radians(sum(p.lat for p in points) / len(points))
    xs = [p.lon * math.cos(mid) for p in points]
    ys = [-p.lat for p in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-4)
    scale = min((width - 2 * pad) / span, (height - 2 * pad) / span)
    ox = pad + ((width - 2 * pad) - (max(xs) - min(xs)) * scale) / 2
    oy = pad + ((height - 2 * pad) - (max(ys) - min(ys)) * scale) / 2
    coords = [(ox + (x - min(xs)) * scale, oy + (y - min(ys)) * scale) for x, y in zip(xs, ys)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="sketch" viewBox="0 0 {width} {height}" role="img"'
             f' aria-label="{escape(title)}">',
             f'<rect class="sketch__bg" width="{width}" height="{height}" rx="10"/>',
             f'<polyline class="sketch__route" points="{path}"/>']
    drawn: dict[tuple[int, int], int] = {}
    for (x, y), p in zip(coords, points):
        spot = (round(x), round(y))
        shift = drawn.get(spot, 0)  # stops at one place: fan the labels out to the right
        drawn[spot] = shift + 1
        cx = x + shift * 22
        parts.append(f'<g class="sketch__stop sketch__stop--{escape(p.kind)}"><circle cx="{cx:.1f}" cy="{y:.1f}" r="11"/>'
                     f'<text x="{cx:.1f}" y="{y + 4:.1f}" text-anchor="middle">{escape(p.label)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)
