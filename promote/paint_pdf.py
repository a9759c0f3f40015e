"""Draw a ``promote.scene.Scene`` on a reportlab canvas (PDF points; the scene's y axis points down)."""
from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .scene import Dot, Label, Scene, Shape
from .text import clean


def text(c: Canvas, x: float, y: float, value: str, font: str, size: float, color: str, *, anchor: str = "start",
         bold: bool = False, halo: str | None = None) -> None:
    """One line of text at baseline (x, y) in PDF coordinates. Bold is drawn as fill plus a thin stroke of the
    same colour (the CJK font has no bold face); a halo is a wide stroke in ``halo`` underneath."""
    value = clean(value)
    width = stringWidth(value, font, size)
    if anchor == "middle":
        x -= width / 2
    elif anchor == "end":
        x -= width
    passes = ([(1, HexColor(halo), size * 0.22)] if halo else []) + [(2 if bold else 0, HexColor(color), size * 0.045)]
    for mode, colour, line in passes:
        c.saveState()
        c.setFillColor(colour)
        c.setStrokeColor(colour)
        c.setLineWidth(line)
        c.setLineJoin(1)
        t = c.beginText()
        t.setTextRenderMode(mode)
        t.setFont(font, size)
        t.setTextOrigin(x, y)
        t.textOut(value)
        c.drawText(t)
        c.restoreState()


def draw(c: Canvas, scene: Scene, x: float, y: float, font: str, *, radius: float = 8) -> None:
    """Paint ``scene`` with its top-left corner at PDF point (x, y + scene.height), clipped to a rounded box."""
    top = y + scene.height

    def at(p):
        return x + p[0], top - p[1]

    c.saveState()
    clip = c.beginPath()
    clip.roundRect(x, y, scene.width, scene.height, radius)
    c.clipPath(clip, stroke=0, fill=0)
    c.setFillColor(HexColor(scene.background))
    c.rect(x, y, scene.width, scene.height, stroke=0, fill=1)
    for item in scene.items:
        if isinstance(item, Shape):
            path = c.beginPath()
            first, *rest = [at(p) for p in item.points]
            path.moveTo(*first)
            for p in rest:
                path.lineTo(*p)
            if item.closed:
                path.close()
            c.saveState()
            c.setLineJoin(1)
            c.setLineCap(1)
            if item.dash:
                c.setDash(list(item.dash))
            if item.fill:
                c.setFillColor(HexColor(item.fill))
            if item.stroke:
                c.setStrokeColor(HexColor(item.stroke))
                c.setLineWidth(item.width)
            c.drawPath(path, stroke=1 if item.stroke else 0, fill=1 if item.fill else 0)
            c.restoreState()
        elif isinstance(item, Dot):
            c.saveState()
            c.setFillColor(HexColor(item.fill))
            if item.stroke:
                c.setStrokeColor(HexColor(item.stroke))
                c.setLineWidth(item.width)
            c.circle(*at((item.x, item.y)), item.r, stroke=1 if item.stroke else 0, fill=1)
            c.restoreState()
        elif isinstance(item, Label):
            px, py = at((item.x, item.y))
            text(c, px, py, item.text, font, item.size, item.color, anchor=item.anchor, bold=item.bold,
                 halo=item.halo)
    c.restoreState()
