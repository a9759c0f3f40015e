"""Draw a ``promote.scene.Scene`` as an inline SVG element: the day sheet's route sketch, printed by the browser.

Every string from a scene (labels, the title) is escaped; colours and numbers come from the layout.
"""
from __future__ import annotations

from html import escape

from .scene import Dot, Label, Scene, Shape

_FONT = "system-ui, 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif"


def _n(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _paint(fill: str | None, stroke: str | None, width: float) -> str:
    out = f' fill="{escape(fill)}"' if fill else ' fill="none"'
    if stroke:
        out += f' stroke="{escape(stroke)}" stroke-width="{_n(width)}" stroke-linecap="round" stroke-linejoin="round"'
    return out


def _item(item) -> str:
    if isinstance(item, Shape):
        pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in item.points)
        dash = f' stroke-dasharray="{" ".join(_n(d) for d in item.dash)}"' if item.dash and item.stroke else ""
        tag = "polygon" if item.closed else "polyline"
        return f'<{tag} points="{pts}"{_paint(item.fill if item.closed else None, item.stroke, item.width)}{dash}/>'
    if isinstance(item, Dot):
        return f'<circle cx="{_n(item.x)}" cy="{_n(item.y)}" r="{_n(item.r)}"{_paint(item.fill, item.stroke, item.width)}/>'
    if isinstance(item, Label):
        halo = (f' stroke="{escape(item.halo)}" stroke-width="{_n(item.size * 0.28)}" paint-order="stroke"'
                f' stroke-linejoin="round"') if item.halo else ""
        weight = ' font-weight="700"' if item.bold else ""
        return (f'<text x="{_n(item.x)}" y="{_n(item.y)}" font-size="{_n(item.size)}" text-anchor="{item.anchor}"'
                f' fill="{escape(item.color)}"{weight}{halo}>{escape(item.text)}</text>')
    raise TypeError(f"not a scene item: {item!r}")


def svg(scene: Scene, *, title: str = "", css_class: str = "sketch", radius: float = 10) -> str:
    """The scene as one ``<svg>`` element scaled by its viewBox (the page's CSS sets its size)."""
    w, h = _n(scene.width), _n(scene.height)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="{escape(css_class)}" viewBox="0 0 {w} {h}" role="img"'
             f' aria-label="{escape(title)}" font-family="{escape(_FONT)}">',
             f'<rect width="{w}" height="{h}" rx="{_n(radius)}" fill="{escape(scene.background)}"/>']
    parts.extend(_item(item) for item in scene.items)
    parts.append("</svg>")
    return "".join(parts)
