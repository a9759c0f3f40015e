"""The marks around a sketch's places: a far start point shown at the frame's edge, the north arrow and the
scale bar."""
from __future__ import annotations

import math

from .scene import Dot, Label, Scene, Shape


def off_frame_start(scene, proj, start, name: str, first, width, height, u, style) -> None:
    """A dashed leg from the frame's edge, in the direction of a far start point, to the first stop; an arrowhead
    on it points the way the trip goes (into the map) and the start's name stands at the edge."""
    sx, sy = proj(start.lat, start.lon)
    fx, fy = first
    dx, dy = sx - fx, sy - fy
    length = math.hypot(dx, dy) or 1.0
    dx, dy = dx / length, dy / length
    margin = 2.4 * u
    limits = []  # how far from the first stop, along the direction, to the edge of the inner box
    if dx:
        limits.append(((width - margin if dx > 0 else margin) - fx) / dx)
    if dy:
        limits.append(((height - margin if dy > 0 else margin) - fy) / dy)
    reach = max(0.0, min((t for t in limits if t >= 0), default=0.0))
    edge = (fx + dx * reach, fy + dy * reach)
    scene.items.append(Shape((edge, first), stroke=style.red, width=u * 0.32, dash=(u * 0.8, u * 0.6)))
    tip = (fx + dx * reach * 0.45, fy + dy * reach * 0.45)  # pointing from the edge towards the first stop
    head = u * 1.1
    left = (tip[0] + dx * head - dy * head * 0.6, tip[1] + dy * head + dx * head * 0.6)
    right = (tip[0] + dx * head + dy * head * 0.6, tip[1] + dy * head - dx * head * 0.6)
    scene.items.append(Shape((tip, left, right), fill=style.red, closed=True))
    scene.items.append(Dot(edge[0], edge[1], u * 0.45, style.red, stroke=style.halo, width=u * 0.15))
    if name:
        if abs(dy) >= abs(dx):  # top or bottom edge: the name beside the end, towards the middle
            anchor = "end" if edge[0] > width / 2 else "start"
            x = edge[0] + (-u if anchor == "end" else u)
            y = edge[1] + u * 0.4
        else:  # left or right edge: the name above it
            anchor = "end" if dx > 0 else "start"
            x, y = edge[0], edge[1] - u * 1.1
        scene.items.append(Label(x, y, name, u * 1.05, style.red, anchor=anchor, bold=True, halo=style.halo))


def north_arrow(scene: Scene, x: float, y: float, u: float, letter: str, style) -> None:
    h = u * 2.4
    scene.items.append(Shape(((x, y - h / 2), (x + u * 0.75, y + h / 2), (x, y + h / 4)), fill=style.ink,
                             closed=True))
    scene.items.append(Shape(((x, y - h / 2), (x - u * 0.75, y + h / 2), (x, y + h / 4)), fill=style.land,
                             stroke=style.ink, width=max(0.8, u * 0.1), closed=True))
    scene.items.append(Label(x, y + h / 2 + u * 1.25, letter, u * 1.0, style.ink, bold=True, halo=style.halo))


def nice_km(target: float) -> float:
    """1, 2 or 5 times a power of ten, at most ``target`` (and at least a tenth of a kilometre)."""
    if target <= 0.1:
        return 0.1
    power = 10 ** math.floor(math.log10(target))
    for step in (5, 2, 1):
        if step * power <= target:
            return step * power
    return power


def scale_bar(scene, proj, right: float, bottom: float, max_px: float, u: float, km_word: str, style) -> None:
    km = nice_km(max_px * proj.km_per_px())
    length = km / proj.km_per_px()
    left, h = right - length, u * 0.45
    top = bottom - h
    halves = ((left, left + length / 2, style.ink), (left + length / 2, right, style.land))
    for x0, x1, fill in halves:
        scene.items.append(Shape(((x0, top), (x1, top), (x1, bottom), (x0, bottom)), fill=fill, stroke=style.ink,
                                 width=max(0.8, u * 0.1), closed=True))
    text = f"{km:g} {km_word}"
    scene.items.append(Label(left, top - u * 0.5, "0", u * 0.95, style.ink, halo=style.halo))
    scene.items.append(Label(right, top - u * 0.5, text, u * 0.95, style.ink, anchor="end", halo=style.halo))
