"""QR codes of a plan decode back to its permalink: scanned from the screen, from the PNG sent in a chat,
from the SVG for print, and each stop's navigation code on the day sheet."""
import io
import re
from html import unescape

import numpy as np
import zxingcpp
from PIL import Image

from tests.plan_helpers import TRIP, query

PATH = re.compile(r'class="qrline"[^>]*d="([^"]+)"')  # the dark modules, after any white backdrop
STEP = re.compile(r"([Mmh])\s*(-?\d+(?:\.\d+)?)(?:[ ,](-?\d+(?:\.\d+)?))?")


def decode_svg(svg: str) -> str:
    """Rasterise segno's SVG (one path of horizontal runs) and read it with zxing-cpp."""
    size = int(re.search(r'width="(\d+)"', svg).group(1))
    scale = float(re.search(r"scale\((\d+(?:\.\d+)?)\)", svg).group(1)) if "scale(" in svg else 1
    n = int(size / scale)
    grid = np.full((n, n), 255, dtype=np.uint8)
    x = y = 0.0
    for op, a, b in STEP.findall(PATH.search(svg).group(1)):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            grid[int(y), int(x):int(x + float(a))] = 0
            x += float(a)
    image = np.kron(grid, np.ones((6, 6), dtype=np.uint8))
    return _read(image)


def _read(image) -> str:
    found = zxingcpp.read_barcodes(image)
    assert found, "no QR code found"
    return found[0].text


def permalink_of(html: str) -> str:
    return unescape(re.search(r'id="permalink"[^>]*value="([^"]+)"', html).group(1))


def test_page_qr_png_and_svg_all_decode_to_the_permalink(client):
    """Whichever QR code a visitor scans, it opens this same plan."""
    html = client.get(f"/plan?{query(TRIP)}").get_data(as_text=True)
    link = permalink_of(html)
    inline = re.search(r'<div class="share__qr"[^>]*>(<svg.*?</svg>)', html, re.S).group(1)
    assert decode_svg(inline) == link
    png = client.get(f"/plan/qr.png?{query(TRIP)}")
    assert png.mimetype == "image/png"
    assert _read(np.array(Image.open(io.BytesIO(png.data)).convert("L"))) == link
    svg = client.get(f"/plan/qr.svg?{query(TRIP)}")
    assert svg.mimetype == "image/svg+xml" and decode_svg(svg.get_data(as_text=True)) == link


def test_day_sheet_qr_codes_open_the_plan_and_each_stop_in_amap(client):
    """On paper: the header code opens the plan, each stop's code opens AMap at that stop."""
    html = client.get(f"/plan/print?{query(TRIP)}").get_data(as_text=True)
    head = re.search(r'<figure class="sheet__qr">(<svg.*?</svg>)', html, re.S).group(1)
    assert "/plan?" in decode_svg(head) and "v=" in decode_svg(head)
    stops = re.findall(r'<figure class="sheet__navqr">(<svg.*?</svg>)', html, re.S)
    assert len(stops) >= 3
    for svg in stops:
        assert decode_svg(svg).startswith("https://uri.amap.com/marker?")


def test_qr_of_an_invalid_plan_is_the_form_with_errors(client):
    """A broken link does not produce a code for a plan that does not exist."""
    assert client.get("/plan/qr.png?start=nowhere").status_code == 400
