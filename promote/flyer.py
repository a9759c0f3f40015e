"""A printable A4 flyer for a tour, as PDF (reportlab): title, route sketch, stops with times and opening hours,
and a QR code to the tour page. Always one page: long texts are cut with an ellipsis, and stops that do not fit
are summed up in a line pointing to the tour page."""
from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from . import paint_pdf, qr
from .fonts import PdfFont
from .sketch import Sketch, Style, layout
from .text import clean, wrap

PAGE_W, PAGE_H = A4
MARGIN = 34.0
GOLD_SOFT, PAPER, WARN = "#f6ecc9", "#fbf7f0", "#a85d00"


@dataclass(frozen=True)
class Stop:
    number: str
    name: str
    kind: str  # palette key
    when: str  # "09:30 · 90 min"
    hours: str  # "Tue–Sun 09:00–17:00 · Mon closed"
    note: str = ""  # "Booking required · 0826-..."


@dataclass(frozen=True)
class Flyer:
    lang: str
    brand: str  # "武胜工业游 · Wusheng Industrial Trails"
    tagline: str
    title: str
    theme: str
    summary: str
    start: str  # "Starts from Chongqing city centre"
    stops_heading: str
    stops: tuple[Stop, ...]
    sketch: Sketch
    qr_url: str
    qr_caption: str
    url_text: str
    notice: str
    footer: str
    more: str  # "%(n)d more stops on the tour page" (with %(n)d)
    subject: str = ""
    hours_label: str = ""  # prefix of the hours line, e.g. "Hours"
    photo: str = ""  # path of the cover photo (a JPEG), drawn under the summary; empty: none


def render_pdf(flyer: Flyer, font: PdfFont, style: Style, *, creator: str = "Wusheng Industrial Trails") -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, pageCompression=1, invariant=1)  # invariant: same input, same bytes
    c.setTitle(clean(flyer.title))
    c.setAuthor(clean(flyer.brand))
    c.setSubject(clean(flyer.subject))
    c.setCreator(creator)
    c.setKeywords(f"lang={flyer.lang}; {font.note}")
    _Flyer(c, flyer, font.name, style).draw()
    c.showPage()
    c.save()
    return buf.getvalue()


class _Flyer:
    def __init__(self, c: Canvas, f: Flyer, font: str, style: Style):
        self.c, self.f, self.font, self.style = c, f, font, style
        self.inner = PAGE_W - 2 * MARGIN
        self.columns = 2 if len(f.stops) > 3 else 1  # four stops or more: two columns leave the map its room

    def measure(self, size: float):
        return lambda s: stringWidth(s, self.font, size)

    def text(self, x, y, value, size, color, **kw):
        paint_pdf.text(self.c, x, y, value, self.font, size, color, **kw)

    def draw(self) -> None:
        y = self.header()
        y = self.summary(y)
        if self.f.photo:
            y = self.photo(y)
        footer_top = MARGIN + 108
        stop_blocks = self.stop_blocks()
        map_h, shown = self.fit_map(y, footer_top, stop_blocks)
        self.map(y - map_h, map_h)
        self.stops(y - map_h - 18, stop_blocks[:shown], len(stop_blocks) - shown)
        self.footer(footer_top)

    # -- header band -------------------------------------------------------------------------------------
    def header(self) -> float:
        c, s = self.c, self.style
        title_size = 25.0
        lines = wrap(self.f.title, self.inner - 40, self.measure(title_size), max_lines=2)
        if len(wrap(self.f.title, self.inner - 40, self.measure(title_size))) > 2:
            title_size = 20.0
            lines = wrap(self.f.title, self.inner - 40, self.measure(title_size), max_lines=3)
        band = 66 + len(lines) * title_size * 1.22 + (30 if self.f.theme else 0)
        top = PAGE_H
        c.setFillColor(HexColor(s.red))
        c.rect(0, top - band, PAGE_W, band, stroke=0, fill=1)
        c.saveState()  # the brand's gold rings, cut off at the band's right edge
        clip = c.beginPath()
        clip.rect(0, top - band, PAGE_W, band)
        c.clipPath(clip, stroke=0, fill=0)
        c.setStrokeColor(HexColor(s.gold))
        c.setStrokeAlpha(0.45)
        c.setLineWidth(16)
        c.circle(PAGE_W - 40, top - band + 10, 78, stroke=1, fill=0)
        c.setStrokeAlpha(0.2)
        c.setLineWidth(10)
        c.circle(PAGE_W - 40, top - band + 10, 112, stroke=1, fill=0)
        c.restoreState()
        c.setFillColor(HexColor(s.gold))
        c.rect(0, top - band - 4, PAGE_W, 4, stroke=0, fill=1)
        # brand mark and name
        c.setFillColor(HexColor(s.gold))
        c.roundRect(MARGIN, top - 44, 24, 24, 6, stroke=0, fill=1)
        self.text(MARGIN + 12, top - 37.5, "武", 15, "#7d0c14", anchor="middle", bold=True)
        self.text(MARGIN + 32, top - 30, clean(self.f.brand), 10, GOLD_SOFT, bold=True)
        self.text(MARGIN + 32, top - 42, clean(self.f.tagline), 7.5, GOLD_SOFT)
        y = top - 62 - title_size
        for line in lines:
            self.text(MARGIN, y, line, title_size, "#ffffff", bold=True)
            y -= title_size * 1.22
        if self.f.theme:
            theme = clean(self.f.theme)[:40]
            w = stringWidth(theme, self.font, 9) + 16
            c.setFillColor(HexColor(s.gold))
            c.roundRect(MARGIN, top - band + 10, w, 16, 8, stroke=0, fill=1)
            self.text(MARGIN + 8, top - band + 14.5, theme, 9, "#7d0c14", bold=True)
        return top - band - 4

    def summary(self, y: float) -> float:
        lines = wrap(self.f.summary, self.inner, self.measure(10.5), max_lines=3)
        y -= 20
        for line in lines:
            self.text(MARGIN, y, line, 10.5, self.style.ink_soft)
            y -= 15
        if self.f.start:
            self.text(MARGIN, y - 1, clean(self.f.start)[:120], 9.5, self.style.red, bold=True)
            y -= 15
        return y - 4

    def photo(self, y: float, height: float = 120.0) -> float:
        """The cover photo across the page, cropped to fill its box (the middle of the picture is kept)."""
        c = self.c
        reader = ImageReader(self.f.photo)
        iw, ih = reader.getSize()
        scale = max(self.inner / iw, height / ih)
        w, h = iw * scale, ih * scale
        c.saveState()
        clip = c.beginPath()
        clip.roundRect(MARGIN, y - height, self.inner, height, 10)
        c.clipPath(clip, stroke=0, fill=0)
        c.drawImage(reader, MARGIN - (w - self.inner) / 2, y - height - (h - height) / 2, w, h)
        c.restoreState()
        return y - height - 10

    # -- map and stops -----------------------------------------------------------------------------------
    def stop_blocks(self) -> list[tuple[Stop, list[tuple[str, float, str, bool]]]]:
        """Each stop's lines: (text, size, colour, bold), wrapped to its column."""
        width = self.column_width() - 30
        blocks = []
        for stop in self.f.stops:
            lines = [(t, 11.5, self.style.ink, True) for t in wrap(stop.name, width, self.measure(11.5), 3)]
            lines += [(t, 9, self.style.ink, False) for t in wrap(stop.when, width, self.measure(9), 1)]
            hours = f"{self.f.hours_label} {stop.hours}".strip() if stop.hours else ""
            lines += [(t, 8.5, self.style.ink_soft, False) for t in wrap(hours, width, self.measure(8.5), 2)]
            lines += [(t, 8.5, WARN, False) for t in wrap(stop.note, width, self.measure(8.5), 2)]
            blocks.append((stop, lines))
        return blocks

    @staticmethod
    def block_height(lines) -> float:
        return sum(size * 1.28 for _, size, _, _ in lines) + 7

    def split(self, heights: list[float]) -> int:
        """How many stops go in the left column: the cut that makes the taller column shortest."""
        if self.columns == 1:
            return len(heights)
        return min(range(len(heights) + 1), key=lambda k: (max(sum(heights[:k]), sum(heights[k:])), -k))

    def column_width(self) -> float:
        return (self.inner - (16 if self.columns == 2 else 0)) / self.columns

    def fit_map(self, top: float, bottom: float, blocks) -> tuple[float, int]:
        """The map's height and how many stops are listed: the map gets what the stops leave, 190-330 pt."""
        room = top - bottom - 18 - 26  # gaps and the stops heading
        shown = len(blocks)
        while True:
            rows = [self.block_height(lines) for _, lines in blocks[:shown]]
            cut = self.split(rows)
            need = max(sum(rows[:cut]), sum(rows[cut:]), 0)
            if shown < len(blocks):
                need += 16
            map_h = min(330.0, room - need)
            if map_h >= 150 or shown == 0:
                return max(map_h, 120.0), shown
            shown -= 1

    def map(self, y: float, h: float) -> None:
        scene = layout(self.f.sketch, self.inner, h, self.style, unit=8.5)
        paint_pdf.draw(self.c, scene, MARGIN, y, self.font, radius=10)
        self.c.setStrokeColor(HexColor("#eadfce"))
        self.c.setLineWidth(0.8)
        self.c.roundRect(MARGIN, y, self.inner, h, 10, stroke=1, fill=0)

    def stops(self, top: float, blocks, hidden: int) -> None:
        c, s = self.c, self.style
        c.setFillColor(HexColor(s.red))
        c.roundRect(MARGIN, top - 13, 4, 14, 2, stroke=0, fill=1)
        self.text(MARGIN + 10, top - 10, clean(self.f.stops_heading), 12.5, s.red, bold=True)
        y0 = top - 28
        col_w = self.column_width()
        split = self.split([self.block_height(lines) for _, lines in blocks])
        for col, chunk in enumerate((blocks[:split], blocks[split:]) if self.columns == 2 else (blocks,)):
            x, y = MARGIN + col * (col_w + 16), y0
            for stop, lines in chunk:
                fill, fg = s.palette.get(stop.kind, s.palette.get("other", (s.ink, "#ffffff")))
                c.setFillColor(HexColor(fill))
                c.setStrokeColor(HexColor("#ffffff"))
                c.setLineWidth(1.2)
                c.circle(x + 10, y - 4, 10, stroke=1, fill=1)
                self.text(x + 10, y - 7.8, clean(stop.number)[:3], 10.5, fg, anchor="middle", bold=True)
                ly = y - 8
                for text, size, colour, bold in lines:
                    self.text(x + 28, ly, text, size, colour, bold=bold)
                    ly -= size * 1.3
                y -= self.block_height(lines)
            if col == 0 and hidden:
                self.text(x + 28, y - 6, self.f.more % {"n": hidden}, 9, s.red, bold=True)

    # -- footer band -------------------------------------------------------------------------------------
    def footer(self, top: float) -> None:
        c, s = self.c, self.style
        c.setFillColor(HexColor(GOLD_SOFT))
        c.roundRect(MARGIN - 8, MARGIN - 8, self.inner + 16, top - MARGIN + 4, 12, stroke=0, fill=1)
        size = 96.0
        qx, qy = PAGE_W - MARGIN - size, MARGIN + (top - MARGIN - 4 - size) / 2 - 4
        self.qr(qx, qy, size)
        width = self.inner - size - 18
        y = top - 22
        for line in wrap(self.f.qr_caption, width, self.measure(12), 2):
            self.text(MARGIN + 4, y, line, 12, s.red, bold=True)
            y -= 16
        self.text(MARGIN + 4, y, clean(self.f.url_text)[:90], 9.5, s.ink, bold=True)
        y -= 15
        for line in wrap(self.f.notice, width, self.measure(8.3), 3):
            self.text(MARGIN + 4, y, line, 8.3, s.ink_soft)
            y -= 11
        self.text(MARGIN + 4, MARGIN - 1, clean(self.f.footer)[:140], 6.8, s.ink_soft)

    def qr(self, x: float, y: float, size: float) -> None:
        c = self.c
        modules = qr.matrix(self.f.qr_url)
        n = len(modules)
        quiet = 2  # modules of white inside the white card (the card's margin adds the rest)
        cell = size / (n + 2 * quiet)
        c.setFillColor(HexColor("#ffffff"))
        c.roundRect(x - 4, y - 4, size + 8, size + 8, 6, stroke=0, fill=1)
        c.setFillColor(HexColor(qr.INK))
        for r, row in enumerate(modules):
            for col, dark in enumerate(row):
                if dark:
                    c.rect(x + (col + quiet) * cell, y + size - (r + quiet + 1) * cell, cell + 0.05, cell + 0.05,
                           stroke=0, fill=1)
