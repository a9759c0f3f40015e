"""The day sheet's route sketch: the same layout as the flyer, drawn as inline SVG that prints without tiles."""
import re

from promote import paint_svg
from promote.sketch import Pin, Sketch, Style, layout

STYLE = Style(palette={"visit": ("#c8102e", "#ffffff"), "start": ("#1a1a1a", "#ffffff")})


def test_every_stop_is_a_numbered_pin_on_one_route_line():
    pins = (Pin(30.35, 106.28, "起", "start"), Pin(30.30, 106.30, "1", "visit"), Pin(30.25, 106.20, "2", "visit"))
    out = paint_svg.svg(layout(Sketch(pins, (), route=True), 640, 360, STYLE, unit=11), title="2026-12-04")
    assert out.startswith("<svg") and 'class="sketch"' in out and 'aria-label="2026-12-04"' in out
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", out)
    assert {"起", "1", "2"} <= set(labels)
    assert out.count('stroke="#b5121b"') >= 1  # the route in the brand red joins them


def test_labels_and_title_are_escaped():
    hostile = "<script>alert(1)</script>"
    out = paint_svg.svg(layout(Sketch((Pin(30.3, 106.3, hostile, "visit"),), ()), 640, 360, STYLE), title=hostile)
    assert "<script" not in out and "&lt;script&gt;" in out
