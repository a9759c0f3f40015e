"""Once sites and tours have photos, every surface a visitor or a partner sees shows them: the print sheet, the
tour page's gallery, embeds, flyers (PDF) and WeChat map images (PNG)."""
import io
import re

import numpy as np
import pytest
from PIL import Image

from catalog.loader import make_yaml
from tests.photo_helpers import image_bytes
from tests.plan_helpers import TRIP, query

CYAN = (20, 200, 220)  # the colour of the test photo: nothing else in the drawings uses it


@pytest.fixture
def photo(app, catalog_file):
    """One photo stored through the app and listed on every site and tour of the catalog."""
    with app.app_context():
        from web.public.photo_view import photo_store

        stored = photo_store().add(image_bytes("JPEG", (1600, 1000), colour=CYAN))
    yaml = make_yaml()
    doc = yaml.load(catalog_file.read_text(encoding="utf-8"))
    for section in ("sites", "tours"):
        for item in doc[section]:
            item["photos"] = [{"file": stored.file, "caption": {"zh": "厂区", "en": "The plant"}, "credit": "测试"}]
    out = io.StringIO()
    yaml.dump(doc, out)
    catalog_file.write_text(out.getvalue(), encoding="utf-8")
    return stored


def test_print_sheet_shows_each_visits_photo(client, photo):
    html = client.get(f"/plan/print?{query(TRIP)}").get_data(as_text=True)
    visits = html.count("sheet__row--visit")
    assert visits and html.count(f'class="sheet__photo" src="/photos/{photo.file}/320.jpg"') == visits


def test_tour_page_gallery_and_link_preview(client, photo):
    html = client.get("/tours/industrial-heritage?lang=en").get_data(as_text=True)
    assert 'class="gallery"' in html and "The plant" in html and "Photo: 测试" in html
    assert re.search(rf'property="og:image" content="http://localhost/photos/{photo.file}/1280.jpg"', html)


def test_embed_popups_carry_the_cover(client, photo):
    html = client.get("/embed/tours/industrial-heritage").get_data(as_text=True)
    assert f'data-map-photo="/photos/{photo.file}/320.jpg"' in html


def photo_pixels(img: Image.Image) -> int:
    rgb = np.asarray(img.convert("RGB").resize((img.width // 4, img.height // 4)), dtype=int)
    return int((np.abs(rgb - np.array(CYAN)).max(axis=2) < 12).sum())


def test_wechat_map_image_shows_the_photo(client, photo):
    r = client.get("/promote/maps/tours/industrial-heritage.png?w=640&h=960")
    assert r.status_code == 200
    img = Image.open(io.BytesIO(r.data))
    assert photo_pixels(img) > (img.width // 4) * (img.height // 4) * 0.1


def test_map_image_without_a_photo_has_none(client):
    img = Image.open(io.BytesIO(client.get("/promote/maps/tours/industrial-heritage.png?w=640&h=960").data))
    assert photo_pixels(img) == 0


def test_flyer_prints_the_cover_photo(client, photo):
    pypdf = pytest.importorskip("pypdf")
    r = client.get("/promote/flyers/industrial-heritage.pdf?lang=en")
    assert r.status_code == 200
    page = pypdf.PdfReader(io.BytesIO(r.data)).pages[0]
    images = list(page.images)
    assert len(images) == 1 and images[0].image.size == (1280, 800)


def test_hostile_captions_and_credits_stay_text(app, client, catalog_file):
    from tests.hostile import PAYLOADS

    with app.app_context():
        from web.public.photo_view import photo_store

        stored = photo_store().add(image_bytes("JPEG", (800, 600)))
    yaml = make_yaml()
    doc = yaml.load(catalog_file.read_text(encoding="utf-8"))
    site = next(s for s in doc["sites"] if s["id"] == "antai-silk-museum")
    site["photos"] = [{"file": stored.file, "caption": {"zh": PAYLOADS[0], "en": PAYLOADS[7]},
                       "credit": PAYLOADS[2], "licence": PAYLOADS[4]}]
    out = io.StringIO()
    yaml.dump(doc, out)
    catalog_file.write_text(out.getvalue(), encoding="utf-8")
    for lang in ("zh", "en"):
        html = client.get(f"/sites/antai-silk-museum?lang={lang}").get_data(as_text=True)
        assert "<script>window.__xss" not in html and "<img src=x" not in html
        assert "&lt;img src=x onerror=" in html or "&#34;&gt;&lt;img" in html
    listing = client.get("/sites?lang=en").get_data(as_text=True)
    assert '"><img src=x' not in listing
