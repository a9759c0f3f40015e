"""A static map image (PNG) of a tour or a site, for WeChat articles (no iframes there): a title band, the same
route sketch as the flyer, the numbered list of places and, optionally, a QR code (WeChat readers can long-press
a QR code in an image to open it)."""
from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageOps

from . import qr
from .paint_png import SUPERSAMPLE, Pen, finish
from .sketch import Sketch, Style, layout
from .text import clean, fit, wrap

MIN_W, MAX_W = 320, 2000
MIN_H, MAX_H = 240, 2000
MAX_PIXELS = 2_400_000  # 1080 x 2000 (a long WeChat image) fits; 2000 x 2000 took seconds of a worker's time


@dataclass(frozen=True)
class Item:
    number: str
    name: str
    kind: str


@dataclass(frozen=True)
class MapImage:
    brand: str
    title: str
    subtitle: str
    items: tuple[Item, ...]
    sketch: Sketch
    qr_url: str = ""  # empty: no QR code
    qr_caption: str = ""
    url_text: str = ""
    photo: str = ""  # path of the cover photo (a JPEG), shown under the title band on tall enough images


def render_png(m: MapImage, width: int, height: int, style: Style, font_path: str, font_index: int = 0) -> bytes:
    if not (MIN_W <= width <= MAX_W and MIN_H <= height <= MAX_H) or width * height > MAX_PIXELS:
        raise ValueError("image size out of range")
    image = Image.new("RGB", (width * SUPERSAMPLE, height * SUPERSAMPLE), "#fbf7f0")
    pen = Pen(image, SUPERSAMPLE, font_path, font_index)
    u = max(9.0, min(width, height) / 40)  # the layout unit: text and pins grow with the image
    band = _band(pen, m, width, u, style)
    gap = u
    if m.photo and height - band >= 360:
        strip = min((height - band) * 0.32, width * 0.45)
        _photo(image, m.photo, (gap, band + gap, width - gap, band + gap + strip), SUPERSAMPLE)
        band += strip + gap
    has_list = len(m.items) > 1
    qr_size = min(6.5 * u, width * 0.3) if m.qr_url else 0.0
    if width >= height * 1.15 and width >= 560 and has_list:  # landscape: the list beside the map
        list_w = max(width * 0.34, 12 * u)
        map_box = (gap, band + gap, width - list_w - 2 * gap, height - gap)
        _list(pen, m, (width - list_w - gap, band + gap, width - gap, height - gap), u, style, qr_size, "below")
    elif has_list:  # portrait: the list under the map, the QR code at its right
        rows = min(len(m.items), 8)
        list_h = max(rows * u * 2.2 + u * 1.4, qr_size + u * 4.2 if qr_size else 0)
        map_box = (gap, band + gap, width - gap, height - list_h - 2 * gap)
        _list(pen, m, (gap, height - list_h - gap, width - gap, height - gap), u, style, qr_size, "right")
    else:  # one place: the map alone, the QR code in its corner
        map_box = (gap, band + gap, width - gap, height - gap)
    x0, y0, x1, y1 = map_box
    if y1 - y0 > 4 * u and x1 - x0 > 4 * u:
        scene = layout(m.sketch, x1 - x0, y1 - y0, style, unit=u * 0.9)
        pen.scene(scene, x0, y0, radius=u * 0.8)
        if not has_list and qr_size:  # top left: the north arrow, scale bar and region name hold the others
            qx, qy = x0 + u, y0 + u
            pen.rect(qx - u * 0.4, qy - u * 0.4, qx + qr_size + u * 0.4, qy + qr_size + u * 2.2, "#ffffff",
                     radius=u * 0.5)
            _qr(pen, m.qr_url, qx, qy, qr_size)
            pen.text(qx + qr_size / 2, qy + qr_size + u * 1.3, fit(m.qr_caption, qr_size + u * 0.6,
                                                                   lambda t: pen.measure(t, u * 0.75)),
                     u * 0.75, style.red, anchor="middle", bold=True)
    return finish(image, width, height)


def _band(pen: Pen, m: MapImage, width: int, u: float, style: Style) -> float:
    mark = u * 2.2
    left, right = u * 2 + mark, width - u
    title_size, sub_size, brand_size = u * 1.5, u * 0.9, u * 0.75
    lines = wrap(m.title, right - left, lambda t: pen.measure(t, title_size), max_lines=2)
    h = u * 0.9 + brand_size * 1.4 + len(lines) * title_size * 1.2 + (sub_size * 1.45 if m.subtitle else 0) + u * 0.7
    pen.rect(0, 0, width, h, style.red)
    pen.rect(0, h, width, h + u * 0.3, style.gold)
    pen.rect(u, (h - mark) / 2, u + mark, (h + mark) / 2, style.gold, radius=u * 0.5)
    pen.text(u + mark / 2, h / 2 + mark * 0.24, "武", mark * 0.66, "#7d0c14", anchor="middle", bold=True)
    y = u * 0.9 + brand_size
    pen.text(left, y, fit(m.brand, right - left, lambda t: pen.measure(t, brand_size)), brand_size, "#f6ecc9")
    y += brand_size * 0.4 + title_size
    for line in lines:
        pen.text(left, y, line, title_size, "#ffffff", bold=True)
        y += title_size * 1.2
    if m.subtitle:
        pen.text(left, y - title_size * 0.2 + sub_size * 0.5, fit(m.subtitle, right - left,
                                                                    lambda t: pen.measure(t, sub_size)),
                 sub_size, "#f6ecc9")
    return h + u * 0.3


def _list(pen: Pen, m: MapImage, box, u: float, style: Style, qr_size: float, qr_at: str) -> None:
    """The numbered places in a white card; the QR code with its caption below them or at their right."""
    x0, y0, x1, y1 = box
    pen.rect(x0, y0, x1, y1, "#ffffff", radius=u * 0.8, outline="#eadfce", width=max(1.0, u * 0.08))
    right = x1 - (qr_size + u * 1.6 if qr_size and qr_at == "right" else 0)
    bottom = y1 - (qr_size + u * 4.0 if qr_size and qr_at == "below" else u * 0.6)
    size, r = u * 0.95, u * 0.8
    y, shown = y0 + u * 1.0, 0
    for item in m.items:
        lines = wrap(item.name, right - x0 - 3.6 * u, lambda t: pen.measure(t, size), max_lines=2)
        need = max(2 * r + u * 0.5, len(lines) * size * 1.3 + u * 0.6)
        if y + need > bottom:
            break
        fill, fg = style.palette.get(item.kind, style.palette.get("other", (style.ink, "#ffffff")))
        cx, cy = x0 + u * 1.4, y + r * 0.9
        pen.draw.ellipse(((cx - r) * pen.scale, (cy - r) * pen.scale, (cx + r) * pen.scale, (cy + r) * pen.scale),
                         fill=fill)
        pen.text(cx, cy + size * 0.33, clean(item.number)[:3], size * 0.9, fg, anchor="middle", bold=True)
        ly = y + size * 1.05
        for line in lines:
            pen.text(x0 + 2.8 * u, ly, line, size, style.ink, bold=True)
            ly += size * 1.3
        y += need
        shown += 1
    if shown < len(m.items):
        pen.text(x0 + 2.8 * u, min(y + size, bottom), f"+{len(m.items) - shown}", size, style.red, bold=True)
    if not qr_size:
        return
    if qr_at == "right":
        qx, qy = x1 - qr_size - u * 0.8, y0 + u * 0.8
        caption_x, caption_w, cy = qx, qr_size, qy + qr_size + u * 1.2
    else:
        qx, qy = x1 - qr_size - u * 0.6, y1 - qr_size - u * 0.6
        caption_x, caption_w, cy = x0 + u * 0.8, qx - x0 - 1.6 * u, qy + size
    _qr(pen, m.qr_url, qx, qy, qr_size)
    small = size * 0.8
    for line in wrap(m.qr_caption, caption_w, lambda t: pen.measure(t, small), max_lines=2):
        pen.text(caption_x, cy, line, small, style.red, bold=True)
        cy += small * 1.25
    if m.url_text and qr_at == "below":
        pen.text(caption_x, cy + small * 0.2, fit(m.url_text, caption_w, lambda t: pen.measure(t, small * 0.85)),
                 small * 0.85, style.ink_soft)


def _photo(image: Image.Image, path: str, box, scale: float) -> None:
    """The cover photo cropped to fill ``box`` (layout units), with rounded corners."""
    x0, y0, x1, y1 = (round(v * scale) for v in box)
    with Image.open(path) as src:
        picture = ImageOps.fit(src.convert("RGB"), (x1 - x0, y1 - y0), Image.Resampling.LANCZOS)
    mask = Image.new("L", picture.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, *picture.size), radius=round(12 * scale), fill=255)
    image.paste(picture, (x0, y0), mask)


def _qr(pen: Pen, data: str, x: float, y: float, size: float) -> None:
    modules = qr.matrix(data)
    quiet = 3
    n = len(modules) + 2 * quiet
    cell = size / n
    pen.rect(x, y, x + size, y + size, "#ffffff")
    s = pen.scale
    for r, row in enumerate(modules):
        for c, dark in enumerate(row):
            if dark:
                left, top = x + (c + quiet) * cell, y + (r + quiet) * cell
                pen.draw.rectangle((round(left * s), round(top * s), round((left + cell) * s) - 1,
                                    round((top + cell) * s) - 1), fill=qr.INK)
