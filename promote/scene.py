"""The plain shapes a sketch is made of, in pixel units (y down): what every painter draws (``paint_pdf``,
``paint_png``, ``paint_svg``), so the flyer, the map image and the day sheet look alike."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Shape:
    points: tuple[tuple[float, float], ...]
    fill: str | None = None
    stroke: str | None = None
    width: float = 1.0
    dash: tuple[float, ...] = ()
    closed: bool = False


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    fill: str
    stroke: str | None = None
    width: float = 0.0


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # baseline-centre for "middle", baseline-left for "start", baseline-right for "end"
    text: str
    size: float
    color: str
    anchor: str = "middle"
    bold: bool = False
    halo: str | None = None  # outline colour that keeps text legible over lines


@dataclass
class Scene:
    width: float
    height: float
    items: list = field(default_factory=list)
    background: str = "#ffffff"
