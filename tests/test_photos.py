"""Uploaded photos are made safe, stored once at a few sizes and served for a year; the catalog checks its lists."""
import io
import json

import pytest
from PIL import Image

from catalog.problems import CatalogError
from catalog.source import parse_snapshot
from storage.photos import MAX_PIXELS, PhotoRefused, PhotoStore, content_hash
from tests.photo_helpers import GPS_TAG, SVG, image_bytes, phone_jpeg, png_bomb


@pytest.fixture
def store(tmp_path):
    return PhotoStore(tmp_path / "photos")


def opened(store, photo, name):
    return Image.open(store.path(photo.file, name))


def test_phone_photo_loses_gps_and_stands_upright(store):
    data = phone_jpeg(1600, 1200)
    assert b"PhoneMaker" in data
    photo = store.add(data)
    assert photo.file == content_hash(data)
    # Orientation 6 means "turn 90° clockwise": the stored picture is portrait, red on top, gold below.
    assert (photo.width, photo.height) == (1200, 1600)
    for name in ("320.jpg", "640.jpg", "1200.jpg", "320.webp", "1200.webp"):
        img = opened(store, photo, name)
        assert img.height > img.width
        exif = img.getexif()
        assert not exif.get_ifd(GPS_TAG) and 0x0112 not in exif and 0x010F not in exif
        r, g, b = img.convert("RGB").getpixel((img.width // 2, 5))
        assert r > 150 and g < 80  # hotpot red at the top after the turn
        r, g, b = img.convert("RGB").getpixel((img.width // 2, img.height - 5))
        assert r > 150 and g > 120  # silk gold below
    for path in store.path(photo.file, "x").parent.iterdir():
        assert b"PhoneMaker" not in path.read_bytes() and b"GPS" not in path.read_bytes()


@pytest.mark.parametrize("fmt, mode", [("PNG", "RGB"), ("PNG", "RGBA"), ("WEBP", "RGB")])
def test_png_and_webp_are_accepted(store, fmt, mode):
    photo = store.add(image_bytes(fmt, (1500, 1000), mode))
    assert photo.widths == (320, 640, 1280) and (photo.width, photo.height) == (1280, 853)
    assert opened(store, photo, "640.webp").format == "WEBP"
    assert opened(store, photo, "640.jpg").format == "JPEG"
    assert photo.colour.startswith("#") and len(photo.colour) == 7


def test_sizes_never_enlarge_a_small_photo(store):
    photo = store.add(image_bytes("JPEG", (500, 400)))
    assert photo.widths == (320, 500)
    assert opened(store, photo, "500.jpg").size == (500, 400)


@pytest.mark.parametrize("data", [SVG, b"GIF89a" + b"\0" * 100, b"%PDF-1.4 not a photo", image_bytes("GIF")])
def test_anything_but_jpeg_png_webp_is_refused(store, data):
    with pytest.raises(PhotoRefused) as err:
        store.add(data)
    assert err.value.code == "type"
    assert "SVG" in err.value.message("en") and "JPEG" in err.value.message("zh")
    assert not store.folder.exists() or not any(store.folder.iterdir())


def test_decompression_bomb_is_refused_with_a_message(store):
    bomb = png_bomb()
    assert len(bomb) < 200_000
    with pytest.raises(PhotoRefused) as err:
        store.add(bomb)
    assert err.value.code == "bomb"
    assert "400 million" in err.value.message("en") and "decompression bomb" in err.value.message("en")
    assert "解压炸弹" in err.value.message("zh") and "40000 万像素" in err.value.message("zh")


def test_pixel_limit_below_pillows_own(store):
    side = int(MAX_PIXELS ** 0.5) + 100
    with pytest.raises(PhotoRefused) as err:
        store.add(png_bomb(side))
    assert err.value.code == "bomb"


def test_truncated_and_tiny_files_are_refused(store):
    with pytest.raises(PhotoRefused) as err:
        store.add(phone_jpeg()[:3000])
    assert err.value.code == "damaged"
    with pytest.raises(PhotoRefused) as err:
        store.add(image_bytes("PNG", (120, 80)))
    assert err.value.code == "too_small"
    with pytest.raises(PhotoRefused) as err:
        store.add(b"x" * 20, max_bytes=10)
    assert err.value.code == "too_big"


def test_the_same_upload_is_stored_once(store):
    data = image_bytes("JPEG", (800, 600))
    first = store.add(data)
    assert store.add(data) == first
    assert [p.name for p in store.folder.iterdir()] == [first.file]  # no temporary folder left behind
    assert json.loads(store.path(first.file, "meta.json").read_text())["widths"] == [320, 640, 800]


# -- the catalog ------------------------------------------------------------------------------------------------

def catalog_with_photos(catalog_file, photos_yaml: str):
    text = catalog_file.read_text(encoding="utf-8")
    marker = "    visit_minutes:"
    i = text.index(marker)
    return (text[:i] + photos_yaml + text[i:]).encode("utf-8")


def test_catalog_accepts_photo_lists(catalog_file):
    data = catalog_with_photos(catalog_file, '    photos:\n      - {file: 0123456789abcdef0123, credit: 李明, '
                                             'licence: CC BY 4.0, caption: {zh: 车间, en: Workshop}}\n')
    site = parse_snapshot(data).catalog.sites[0]
    assert site.photos[0].file == "0123456789abcdef0123" and site.photos[0].caption.en == "Workshop"


@pytest.mark.parametrize("item, code", [("{file: ../../etc/passwd}", "photo_file"), ("{credit: x}", "required"),
                                        ("{file: 0123456789abcdef0123, cover: true}", "unknown_key")])
def test_catalog_check_refuses_bad_photo_entries(catalog_file, item, code):
    with pytest.raises(CatalogError) as err:
        parse_snapshot(catalog_with_photos(catalog_file, f"    photos:\n      - {item}\n"))
    assert any(p.code == code and ".photos[0]" in p.path for p in err.value.problems)


def test_flask_catalog_check_reports_a_bad_photo(runner, catalog_file):
    catalog_file.write_bytes(catalog_with_photos(catalog_file, "    photos: [{file: NOT-A-HASH}]\n"))
    result = runner.invoke(args=["catalog", "check", str(catalog_file)])
    assert result.exit_code == 1 and "photos[0].file" in result.output


# -- serving ----------------------------------------------------------------------------------------------------

def test_photo_served_with_immutable_cache_headers(app, client):
    with app.app_context():
        from web.public.photo_view import photo_store

        photo = photo_store().add(image_bytes("JPEG", (800, 600)))
    response = client.get(f"/photos/{photo.file}/640.webp")
    assert response.status_code == 200 and response.mimetype == "image/webp"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Set-Cookie" not in response.headers
    assert Image.open(io.BytesIO(response.data)).size == (640, 480)
    assert client.get(f"/photos/{photo.file}/641.webp").status_code == 404
    assert client.get(f"/photos/{photo.file}/meta.json").status_code == 404
    assert client.get(f"/photos/{photo.file}/640.svg").status_code == 404
    assert client.get("/photos/..%2f..%2fsites.yaml/640.jpg").status_code == 404
