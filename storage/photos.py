"""Uploaded photos: checked, made safe, resized once, stored under their content hash. Pure: no Flask.

An upload is trusted for nothing. Its type is what Pillow finds in the bytes (JPEG, PNG or WebP; SVG, GIF,
HEIC and anything else are refused), its size and pixel count are capped before decoding (a 50 KB PNG can
decode to gigabytes: a "decompression bomb"), and what is stored is re-encoded from pixels only, so EXIF
(phones write the GPS position of the shot there), ICC tricks and trailing payloads never reach a visitor.
The EXIF orientation is applied first, so a phone's portrait photo stands upright.

Each photo is a folder ``<hash>/`` holding ``<width>.webp`` and ``<width>.jpg`` per width and ``meta.json``
(size, dominant colour). The folder is built aside and renamed into place, so a reader never sees half of
it; the same upload twice is stored once. Files are never deleted here: removing a photo from the catalog
keeps its files, so restoring an older revision brings it back whole.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

HASH_CHARS = 20
FORMATS = {"JPEG", "PNG", "WEBP"}
WIDTHS = (320, 640, 1280)
MAX_BYTES = 15_000_000
MAX_PIXELS = 40_000_000  # a 48 MP phone photo is refused; 40 MP is about 7,700 x 5,200
MIN_SIDE = 200  # smaller pictures look broken on a phone screen
JPEG_QUALITY, WEBP_QUALITY = 82, 78

# code -> (English, Chinese): what happened and what to do next.
MESSAGES = {
    "empty": ("The file is empty. Choose a photo and upload it again.", "文件是空的。请重新选择照片上传。"),
    "too_big": ("The file is larger than {mb} MB. Export it smaller (for example 2,000 pixels wide) and upload "
                "it again.", "文件超过 {mb} MB。请先缩小（例如宽 2000 像素）后再上传。"),
    "type": ("This is not a JPEG, PNG or WebP photo. Save it in one of these formats (SVG, GIF and HEIC are not "
             "accepted) and upload it again.",
             "这不是 JPEG、PNG 或 WebP 照片。请另存为其中一种格式后再上传（不接受 SVG、GIF、HEIC）。"),
    "bomb": ("The picture has too many pixels ({pixels} million; at most {max} million): it may be a "
             "\"decompression bomb\". Resize it and upload it again.",
             "图片像素过多（{pixels_wan} 万像素，上限 {max_wan} 万像素），可能是“解压炸弹”。请缩小后再上传。"),
    "damaged": ("The photo file is damaged or incomplete. Export it again from the original and upload it.",
                "照片文件已损坏或不完整。请从原图重新导出后上传。"),
    "too_small": ("The photo is smaller than {min} pixels on one side. Upload a larger one.",
                  "照片有一边小于 {min} 像素。请上传更大的照片。"),
}


class PhotoRefused(ValueError):
    def __init__(self, code: str, **params: object):
        self.code, self.params = code, params
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        en, zh = MESSAGES[self.code]
        # Chinese counts pixels in 万 (10,000), as camera makers do: "4800 万像素".
        wan = {f"{k}_wan": v * 100 if isinstance(v, int) else v for k, v in self.params.items()}
        return (en if lang.lower().startswith("en") else zh).format(**self.params, **wan)


@dataclass(frozen=True)
class StoredPhoto:
    file: str  # the content hash: the catalog's photos[].file
    width: int  # of the largest stored size
    height: int
    colour: str  # "#rrggbb": the placeholder behind the picture until it loads
    widths: tuple[int, ...]

    def height_at(self, width: int) -> int:
        return max(1, round(self.height * width / self.width))


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:HASH_CHARS]


def widths_for(width: int) -> tuple[int, ...]:
    """The standard widths narrower than the picture, then its own width (at most the largest standard)."""
    return (*(w for w in WIDTHS if w < min(width, WIDTHS[-1])), min(width, WIDTHS[-1]))


def open_checked(data: bytes, *, max_bytes: int = MAX_BYTES, max_pixels: int = MAX_PIXELS) -> Image.Image:
    """Decode an upload into upright RGB pixels, or raise PhotoRefused saying why not."""
    if not data:
        raise PhotoRefused("empty")
    if len(data) > max_bytes:
        raise PhotoRefused("too_big", mb=max_bytes // 1_000_000)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data), formats=sorted(FORMATS))
            if img.width * img.height > max_pixels:  # checked from the header, before decoding anything
                raise PhotoRefused("bomb", pixels=round(img.width * img.height / 1e6), max=max_pixels // 1_000_000)
            img.load()
    except PhotoRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:  # Pillow's own, larger limit
        found = re.search(r"\((\d+) pixels\)", str(exc))
        pixels = round(int(found.group(1)) / 1e6) if found else max_pixels // 1_000_000 + 1
        raise PhotoRefused("bomb", pixels=pixels, max=max_pixels // 1_000_000) from None
    except UnidentifiedImageError:
        raise PhotoRefused("type") from None
    except (OSError, SyntaxError, ValueError):
        raise PhotoRefused("damaged") from None
    if img.format not in FORMATS:
        raise PhotoRefused("type")
    img = ImageOps.exif_transpose(img)  # the pixels turned upright; the EXIF block is not carried over
    if min(img.size) < MIN_SIDE:
        raise PhotoRefused("too_small", min=MIN_SIDE)
    if img.mode in ("RGBA", "LA", "P", "PA"):
        img = img.convert("RGBA")
        flat = Image.new("RGB", img.size, (255, 255, 255))
        flat.paste(img, mask=img.getchannel("A"))
        return flat
    return img.convert("RGB")


def dominant_colour(img: Image.Image) -> str:
    r, g, b = img.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    return f"#{r:02x}{g:02x}{b:02x}"


class PhotoStore:
    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)

    def path(self, file: str, name: str) -> Path:
        return self.folder / file / name

    def meta(self, file: str) -> StoredPhoto | None:
        try:
            raw = json.loads((self.folder / file / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return StoredPhoto(file=file, width=raw["width"], height=raw["height"], colour=raw["colour"],
                           widths=tuple(raw["widths"]))

    def add(self, data: bytes, **limits: int) -> StoredPhoto:
        """Check, clean and store an upload; the same bytes again return the stored photo unchanged."""
        file = content_hash(data)
        known = self.meta(file)
        if known is not None:
            return known
        img = open_checked(data, **limits)
        widths = widths_for(img.width)
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=self.folder, prefix=f".{file}."))
        try:
            for width in widths:
                size = (width, max(1, round(img.height * width / img.width)))
                small = img if size == img.size else img.resize(size, Image.Resampling.LANCZOS)
                _write(tmp / f"{width}.jpg", small, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
                _write(tmp / f"{width}.webp", small, "WEBP", quality=WEBP_QUALITY, method=4)
            top = widths[-1]
            meta = {"width": top, "height": max(1, round(img.height * top / img.width)),
                    "colour": dominant_colour(img), "widths": list(widths)}
            (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
            _fsync_dir(tmp)
            try:
                os.rename(tmp, self.folder / file)
            except OSError:  # another upload of the same bytes got there first: theirs is identical
                shutil.rmtree(tmp, ignore_errors=True)
            _fsync_dir(self.folder)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        stored = self.meta(file)
        assert stored is not None
        return stored


def _write(path: Path, img: Image.Image, fmt: str, **options: object) -> None:
    with open(path, "wb") as fh:
        img.save(fh, fmt, **options)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
