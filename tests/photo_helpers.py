"""Images the photo tests make with Pillow: a phone JPEG with GPS and a sideways orientation, PNG, WebP, SVG, a bomb."""
from __future__ import annotations

import io

from PIL import Image

GPS_TAG, ORIENTATION_TAG = 0x8825, 0x0112


def phone_jpeg(width: int = 1600, height: int = 1200, colour=(181, 18, 27)) -> bytes:
    """A landscape-stored JPEG whose EXIF says "rotate 90° clockwise to view" (orientation 6) and carries a GPS
    position, as phones write them. The left half is red and the right half gold, so rotation can be seen."""
    img = Image.new("RGB", (width, height), colour)
    img.paste((201, 162, 39), (width // 2, 0, width, height))
    exif = Image.Exif()
    exif[ORIENTATION_TAG] = 6
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_TAG).update({1: "N", 2: (30.0, 20.0, 1.5), 3: "E", 4: (106.0, 17.0, 2.5)})
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def image_bytes(fmt: str, size=(900, 600), mode="RGB", colour=(46, 125, 50)) -> bytes:
    img = Image.new(mode, size, colour if mode == "RGB" else (*colour, 128))
    out = io.BytesIO()
    img.save(out, fmt)
    return out.getvalue()


SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">'
       b'<script>alert(1)</script><rect width="800" height="600" fill="red"/></svg>')


def png_bomb(side: int = 20_000) -> bytes:
    """A PNG of side x side pixels (400 million): a few hundred KB on disk, 1.2 GB once decoded."""
    out = io.BytesIO()
    Image.new("1", (side, side), 0).save(out, "PNG", optimize=True)
    return out.getvalue()
