"""Draw a ``promote.scene.Scene`` with Pillow. Callers draw at a multiple of the final size and shrink the
image once at the end (``finish``): Pillow's shapes have no anti-aliasing of their own."""
from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw

from .fonts import image_font
from .scene import Dot, Label, Scene, Shape
from .text import clean

SUPERSAMPLE = 2
_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


class Pen:
    """Drawing on one Pillow image at ``scale`` pixels per layout unit, with one font file."""

    def __init__(self, image: Image.Image, scale: float, font_path: str, font_index: int = 0):
        self.image, self.scale = image, scale
        self.draw = ImageDraw.Draw(image)
        self.font_path, self.font_index = font_path, font_index

    def font(self, size: float):
        return image_font(self.font_path, self.font_index, max(6, round(size * self.scale)))

    def measure(self, value: str, size: float) -> float:
        """Width of ``value`` in layout units."""
        return self.draw.textlength(value, font=self.font(size)) / self.scale

    def text(self, x: float, y: float, value: str, size: float, color: str, *, anchor: str = "start",
             bold: bool = False, halo: str | None = None) -> None:
        s = self.scale
        font = self.font(size)
        value = clean(value)
        if halo:
            self.draw.text((x * s, y * s), value, font=font, fill=halo, anchor=_ANCHORS[anchor],
                           stroke_width=max(1, round(size * s * 0.14)), stroke_fill=halo)
        self.draw.text((x * s, y * s), value, font=font, fill=color, anchor=_ANCHORS[anchor],
                       stroke_width=max(0, round(size * s * 0.035)) if bold else 0, stroke_fill=color)

    def rect(self, x0: float, y0: float, x1: float, y1: float, fill: str, radius: float = 0,
             outline: str | None = None, width: float = 0) -> None:
        s = self.scale
        self.draw.rounded_rectangle((x0 * s, y0 * s, x1 * s, y1 * s), radius=radius * s, fill=fill, outline=outline,
                                    width=round(width * s))

    def scene(self, scene: Scene, x: float, y: float, radius: float = 8) -> None:
        """Paint ``scene`` with its top-left corner at (x, y), clipped to a rounded box."""
        s = self.scale
        layer = Image.new("RGB", (math.ceil(scene.width * s), math.ceil(scene.height * s)), scene.background)
        pen = Pen(layer, s, self.font_path, self.font_index)
        for item in scene.items:
            if isinstance(item, Shape):
                pts = [(px * s, py * s) for px, py in item.points]
                if item.closed and item.fill:
                    pen.draw.polygon(pts, fill=item.fill)
                if item.stroke:
                    ring = pts + [pts[0]] if item.closed else pts
                    for part in (_dashed(ring, [d * s for d in item.dash]) if item.dash else [ring]):
                        pen.draw.line(part, fill=item.stroke, width=max(1, round(item.width * s)), joint="curve")
                        for px, py in (part[0], part[-1]):  # round caps
                            r = item.width * s / 2
                            pen.draw.ellipse((px - r, py - r, px + r, py + r), fill=item.stroke)
            elif isinstance(item, Dot):
                r = item.r * s
                box = (item.x * s - r, item.y * s - r, item.x * s + r, item.y * s + r)
                pen.draw.ellipse(box, fill=item.fill, outline=item.stroke,
                                 width=max(1, round(item.width * s)) if item.stroke else 0)
            elif isinstance(item, Label):
                pen.text(item.x, item.y, item.text, item.size, item.color, anchor=item.anchor, bold=item.bold,
                         halo=item.halo)
        mask = Image.new("L", layer.size, 0)
        ImageDraw.Draw(mask).rounded_rectangle((0, 0, layer.width - 1, layer.height - 1), radius=radius * s, fill=255)
        self.image.paste(layer, (round(x * s), round(y * s)), mask)


def _dashed(points, dash):
    """Split a polyline into the "on" pieces of a dash pattern."""
    on, off = dash[0], dash[1] if len(dash) > 1 else dash[0]
    pieces, current, drawing, left = [], [points[0]], True, on
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        seg = math.hypot(x1 - x0, y1 - y0)
        pos = 0.0
        while seg - pos > left:
            pos += left
            pt = (x0 + (x1 - x0) * pos / seg, y0 + (y1 - y0) * pos / seg)
            if drawing:
                current.append(pt)
                pieces.append(current)
            current = [pt]
            drawing = not drawing
            left = on if drawing else off
        left -= seg - pos
        if drawing:
            current.append((x1, y1))
        else:
            current = [(x1, y1)]
    if drawing and len(current) > 1:
        pieces.append(current)
    return pieces


def finish(image: Image.Image, width: int, height: int) -> bytes:
    """Shrink the supersampled drawing to its final size; PNG bytes."""
    out = io.BytesIO()
    image.resize((width, height), Image.LANCZOS).save(out, format="PNG", optimize=True)
    return out.getvalue()
