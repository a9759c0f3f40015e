"""The ``photos`` list of a site or a tour: read and checked like every other field (``catalog.validation``).

Each item names an uploaded picture by its content hash (the admin's photos page writes these lists; the
files themselves live outside the catalog, see ``storage.photos``). Pure: no Flask.
"""
from __future__ import annotations

import re
from typing import Any

from .fields import Walker, join
from .model import Photo

FILE = re.compile(r"^[0-9a-f]{20}$")  # storage.photos.HASH_CHARS hex characters of a SHA-256
PHOTO_KEYS = ("file", "caption", "credit", "licence")
MAX_PHOTOS = 30


def parse_photos(w: Walker, raw: Any, path: str, line: int | None) -> tuple[Photo, ...]:
    items = w.seq(raw, path, line)
    if len(items) > MAX_PHOTOS:
        w.problem(path, "too_many", line, max=MAX_PHOTOS)
    out: list[Photo] = []
    seen: set[str] = set()
    for item, p, ln in w.items(items, path):
        d = w.mapping(item, p, ln, allowed=PHOTO_KEYS)
        file = w.text(*w.field(d, "file", p), required=True, max_len=64)
        if file and not FILE.match(file):
            w.problem(join(p, "file"), "photo_file", ln)
        elif file in seen:
            w.problem(join(p, "file"), "duplicate_photo", ln)
        seen.add(file)
        out.append(Photo(file=file, caption=w.localized(*w.field(d, "caption", p)),
                         credit=w.text(*w.field(d, "credit", p), max_len=200),
                         licence=w.text(*w.field(d, "licence", p), max_len=200)))
    return tuple(out)
