"""A clean vector sketch of places and a route over the county outline, for paper and images (no tiles).

``layout`` turns geography into a ``Scene`` of plain shapes in pixel units (y down); ``paint_pdf`` and
``paint_png`` draw the same scene, so the flyer and the WeChat image look alike.

* Every coordinate must be in one datum: the county outline is GCJ-02, so callers convert stops into GCJ-02
  (``geo.datum.location_in``) first; mixing datums would misplace pins by ~400 m.
* Projection: equirectangular, longitude scaled by cos(mid-latitude), north up; true to well under 1 % over a
  county.
* The frame shows the county and every stop. A start point far outside it (a tour from Chongqing, 80 km away)
  would shrink the county to a dot, so it is drawn as an arrow at the frame's edge pointing towards it, with its
  name.
* Stops at one spot (several park facilities share an estimated point) are fanned out in a small ring, each
  joined to the true spot by a leader line, so every number stays readable.
* Pins carry short labels only (stop numbers); names go in the list beside the map. A single place may carry
  its name (``Sketch.caption``), drawn with a halo.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

from .scene import Dot, Label, Scene, Shape
from .sketch_marks import north_arrow, off_frame_start, scale_bar

Ring = Sequence[tuple[float, float]]  # (lat, lon)

EARTH_KM_PER_DEG = 111.32


@dataclass(frozen=True)
class Pin:
    lat: float
    lon: float
    label: str  # "1", "2" ... or "" (a plain dot)
    kind: str  # palette key: category slug, or "start"


@dataclass(frozen=True)
class Sketch:
    pins: tuple[Pin, ...]
    outline: tuple[Ring, ...]
    route: bool = False  # join the pins (after the start) in order
    start: Pin | None = None
    start_name: str = ""
    caption: str = ""  # a name drawn beside a single pin
    region_label: str = ""  # e.g. "武胜县 Wusheng County"
    north: str = "N"
    km: str = "km"


@dataclass(frozen=True)
class Style:
    palette: Mapping[str, tuple[str, str]]  # kind -> (pin colour, label colour)
    red: str = "#b5121b"
    gold: str = "#c9a227"
    ink: str = "#2a1d17"
    ink_soft: str = "#6b5a50"
    sea: str = "#efe8dc"  # outside the county
    land: str = "#fffdf7"
    halo: str = "#ffffff"


# -- layout -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Projection:
    west: float
    north: float
    kx: float  # px per degree of longitude
    ky: float  # px per degree of latitude
    ox: float
    oy: float

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        return self.ox + (lon - self.west) * self.kx, self.oy + (self.north - lat) * self.ky

    def km_per_px(self) -> float:
        return EARTH_KM_PER_DEG / self.ky


def _bounds(points: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return min(lats), min(lons), max(lats), max(lons)


def _projection(bounds, width: float, height: float, pad: float) -> _Projection:
    s, w, n, e = bounds
    mid = math.radians((s + n) / 2)
    span_x = max((e - w) * math.cos(mid), 1e-3)
    span_y = max(n - s, 1e-3)
    k = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
    kx, ky = k * math.cos(mid), k
    ox = (width - (e - w) * kx) / 2
    oy = (height - (n - s) * ky) / 2
    return _Projection(w, n, kx, ky, ox, oy)


def _grow(bounds, ratio: float) -> tuple[float, float, float, float]:
    s, w, n, e = bounds
    dy, dx = (n - s) * ratio, (e - w) * ratio
    return s - dy, w - dx, n + dy, e + dx


def _inside(bounds, lat: float, lon: float) -> bool:
    s, w, n, e = bounds
    return s <= lat <= n and w <= lon <= e


def layout(sketch: Sketch, width: float, height: float, style: Style, *, unit: float | None = None) -> Scene:
    """The scene for ``sketch`` in a ``width`` x ``height`` box. ``unit``: the pin radius (sets every size)."""
    u = unit or max(7.0, min(width, height) / 42)
    scene = Scene(width, height, background=style.sea)
    framed = [(p.lat, p.lon) for p in sketch.pins] + [pt for ring in sketch.outline for pt in ring]
    if not framed:
        return scene
    frame = _bounds(framed)
    start = sketch.start
    start_inside = start is not None and _inside(_grow(frame, 0.15), start.lat, start.lon)
    if start is not None and start_inside:
        frame = _bounds(framed + [(start.lat, start.lon)])
    if len(sketch.pins) == 1 and not sketch.outline:
        frame = _grow(frame, 0.0)
    proj = _projection(_grow(frame, 0.04), width, height, pad=3.2 * u)

    for ring in sketch.outline:
        scene.items.append(Shape(tuple(proj(*p) for p in ring), fill=style.land, stroke=style.gold,
                                 width=max(1.2, u * 0.28), closed=True))
    if sketch.region_label and sketch.outline:
        scene.items.append(Label(1.4 * u, height - 1.3 * u, sketch.region_label, u * 1.15, style.ink_soft,
                                 anchor="start", halo=style.sea))

    placed = [proj(p.lat, p.lon) for p in sketch.pins]
    start_xy = proj(start.lat, start.lon) if start is not None else None
    path = ([start_xy] if start_xy is not None and start_inside and sketch.route else []) + (
        placed if sketch.route else [])
    path = [pt for i, pt in enumerate(path) if i == 0 or _dist(pt, path[i - 1]) > 0.5]
    if start is not None and not start_inside and placed:
        off_frame_start(scene, proj, start, sketch.start_name, placed[0], width, height, u, style)
    if len(path) >= 2:
        scene.items.append(Shape(tuple(path), stroke=style.halo, width=u * 0.75))  # casing
        scene.items.append(Shape(tuple(path), stroke=style.red, width=u * 0.42))

    everything = list(zip(sketch.pins, placed))
    if start is not None and start_inside and start_xy is not None:
        everything.insert(0, (start, start_xy))
    for group in _groups([xy for _, xy in everything], u * 1.6):
        members = [everything[i] for i in group]
        centre = members[0][1]
        if len(members) == 1:
            _pin(scene, members[0][0], centre, u, style)
            continue
        ring_r = u * (1.35 + 0.28 * len(members))
        scene.items.append(Dot(centre[0], centre[1], u * 0.35, style.ink))
        for k, (pin, _xy) in enumerate(members):
            angle = -math.pi / 2 + 2 * math.pi * k / len(members)
            at = (centre[0] + ring_r * math.cos(angle), centre[1] + ring_r * math.sin(angle))
            scene.items.append(Shape((centre, at), stroke=style.ink, width=max(0.8, u * 0.12)))
            _pin(scene, pin, at, u, style)

    if sketch.caption and placed:
        x, y = placed[0]
        anchor = "start" if x < width * 0.62 else "end"
        dx = u * 1.5 if anchor == "start" else -u * 1.5
        scene.items.append(Label(x + dx, y + u * 0.45, sketch.caption, u * 1.3, style.ink, anchor=anchor,
                                 bold=True, halo=style.halo))
    north_arrow(scene, width - 2.2 * u, 2.2 * u, u, sketch.north, style)
    scale_bar(scene, proj, width - 1.4 * u, height - 1.4 * u, width * 0.26, u, sketch.km, style)
    return scene


def _dist(a, b) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def _groups(points: list[tuple[float, float]], within: float) -> list[list[int]]:
    """Indices of points closer than ``within`` px to the first of their group, in order."""
    groups: list[list[int]] = []
    for i, pt in enumerate(points):
        for g in groups:
            if _dist(points[g[0]], pt) < within:
                g.append(i)
                break
        else:
            groups.append([i])
    return groups


def _pin(scene: Scene, pin: Pin, at: tuple[float, float], u: float, style: Style) -> None:
    fill, fg = style.palette.get(pin.kind, style.palette.get("other", (style.ink, "#ffffff")))
    x, y = at
    scene.items.append(Dot(x + u * 0.1, y + u * 0.16, u * 1.02, "#d8cdbd"))  # soft shadow
    scene.items.append(Dot(x, y, u, fill, stroke="#ffffff", width=max(1.0, u * 0.2)))
    if pin.label:
        size = u * (1.05 if len(pin.label) < 2 else 0.85)
        scene.items.append(Label(x, y + size * 0.36, pin.label, size, fg, bold=True))
