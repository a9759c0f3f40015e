"""Photos in real Chromium at phone width: the gallery swipes without widening the page, its box is reserved
before the bytes arrive, the popup shows the cover, and cards without a photo show their illustration."""
import io
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from catalog.loader import make_yaml
from tests.browser.conftest import DESKTOP, PHONE, STUB_TILES
from tests.conftest import FIXED_NOW, ROOT
from tests.photo_helpers import phone_jpeg

SITE = "antai-silk-museum"
SHOTS = os.environ.get("WUSHENG_SCREENSHOTS", "")  # a folder: keep the screenshots to look at


@pytest.fixture
def viewport():
    return PHONE


@pytest.fixture
def browser_app(tmp_path):
    return app_with_photos(tmp_path)


def app_with_photos(tmp_path: Path):
    """The bundled catalog, with two photos on the silk museum (and its tour cards' covers from them)."""
    from app import create_app

    catalog = tmp_path / "sites.yaml"
    shutil.copy(ROOT / "sites.yaml", catalog)
    app = create_app({"TESTING": True, "MAP_TILE_URL_OVERRIDE": STUB_TILES, "CATALOG_PATH": str(catalog),
                      "INSTANCE_PATH": str(tmp_path / "instance"), "FIXED_NOW": FIXED_NOW})
    with app.app_context():
        from web.public.photo_view import photo_store

        files = [photo_store().add(phone_jpeg(1600, 1200)).file, photo_store().add(landscape()).file]
    yaml = make_yaml()
    doc = yaml.load(catalog.read_text(encoding="utf-8"))
    site = next(s for s in doc["sites"] if s["id"] == SITE)
    site["photos"] = [{"file": f, "caption": {"zh": f"展厅 {i}", "en": f"Gallery {i}"}, "credit": "县文旅局",
                       "licence": "CC BY 4.0"} for i, f in enumerate(reversed(files), 1)]
    out = io.StringIO()
    yaml.dump(doc, out)
    catalog.write_text(out.getvalue(), encoding="utf-8")
    return app


def landscape() -> bytes:
    img = Image.new("RGB", (2000, 1200), (201, 162, 39))
    img.paste((181, 18, 27), (0, 700, 2000, 1200))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return out.getvalue()


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.page.screenshot(path=str(Path(SHOTS) / name), full_page=False)


def test_site_page_gallery_on_a_phone(page):
    page.goto(f"/sites/{SITE}?lang=zh")
    gallery = page.page.locator(".gallery__track")
    # The first photo's box has its final height before the image is decoded (width/height attributes).
    box = page.page.evaluate("""() => { const img = document.querySelector('.gallery img');
        return {w: img.getBoundingClientRect().width, h: img.getBoundingClientRect().height,
                natural: img.naturalWidth}; }""")
    assert box["w"] > 250 and abs(box["h"] / box["w"] - 1200 / 2000) < 0.02
    page.wait_for_map()
    shot(page, "site-photo-360.png")
    # The page does not scroll sideways; the gallery does, one photo at a time.
    widths = page.page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert widths[0] <= widths[1]
    assert page.page.evaluate("el => el.scrollWidth > el.clientWidth", gallery.element_handle())
    assert page.page.evaluate("el => getComputedStyle(el).scrollSnapType", gallery.element_handle()).startswith("x")
    gallery.evaluate("el => el.scrollBy({left: el.clientWidth, behavior: 'instant'})")
    page.page.wait_for_function("() => document.querySelector('.gallery__track').scrollLeft > 200")
    second = page.page.locator(".gallery img").nth(1)
    second.wait_for()
    page.page.wait_for_function("() => document.querySelectorAll('.gallery img')[1].complete")
    assert page.page.evaluate("() => document.querySelectorAll('.gallery img')[1].naturalWidth") > 0
    # A phone gets a small WebP, not the 1280-wide file.
    src = page.page.evaluate("() => document.querySelector('.gallery img').currentSrc")
    assert src.endswith(".webp") and "/1280." not in src
    page.assert_no_third_party_requests()
    page.assert_no_console_errors()


def test_popup_shows_the_cover(page):
    page.goto(f"/sites/{SITE}?lang=en")
    page.wait_for_map()
    page.page.locator(".leaflet-marker-icon[aria-label]").first.click()
    img = page.page.locator(".leaflet-popup-content img.wt-popup__photo")
    img.wait_for()
    page.page.wait_for_function("() => document.querySelector('.wt-popup__photo').complete")
    assert page.page.evaluate("() => document.querySelector('.wt-popup__photo').naturalWidth") == 320
    shot(page, "popup-photo-360.png")
    page.assert_no_console_errors()


def test_cards_without_photos_show_illustrations(page):
    page.goto("/sites?lang=zh")
    arts = page.page.locator(".wt-map__item .card-media__art")  # /sites lists places in the map's text list
    assert arts.count() >= 10
    first = arts.first
    first.scroll_into_view_if_needed()
    page.page.wait_for_function("() => document.querySelector('.card-media__art').complete")
    assert page.page.evaluate("() => document.querySelector('.card-media__art').naturalWidth") > 0
    shot(page, "cards-360.png")
    widths = page.page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert widths[0] <= widths[1]
    page.assert_no_console_errors()


# -- the admin's photos page ----------------------------------------------------------------------------------

DROP_FILES = """async ([selector, files]) => {
    const dt = new DataTransfer();
    for (const [name, b64, type] of files) {
        const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
        dt.items.add(new File([bytes], name, {type}));
    }
    const zone = document.querySelector(selector);
    zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));
    zone.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
}"""


def test_admin_drops_photos_then_drags_the_second_to_the_front(chromium, tmp_path):
    import base64

    from tests.admin_helpers import PASSWORD, make_user
    from tests.browser.conftest import open_page, serve
    from tests.photo_helpers import image_bytes

    app = app_with_photos(tmp_path)
    make_user(app, "editor1")
    site = "baozhen-fortress"
    with serve(app) as base:
        context, bp = open_page(chromium, base, PHONE)
        try:
            bp.goto("/admin/login?lang=zh")
            bp.page.fill("#name", "editor1")
            bp.page.fill("#password", PASSWORD)
            with bp.page.expect_navigation():
                bp.page.click("button[type=submit]")
            bp.goto(f"/admin/sites/{site}/photos?lang=zh")
            shot(bp, "admin-photos-empty-360.png")
            files = [[name, base64.b64encode(image_bytes("JPEG", (900, 600), colour=c)).decode(), "image/jpeg"]
                     for name, c in (("a.jpg", (181, 18, 27)), ("b.jpg", (201, 162, 39)))]
            with bp.page.expect_navigation(timeout=30_000):  # two photos resized on a busy machine
                bp.page.evaluate(DROP_FILES, ["[data-photo-drop]", files])
            assert "已添加 2 张照片" in bp.page.inner_text("main")
            rows = bp.page.locator("[data-photo-row]")
            assert rows.count() == 2
            first_file = rows.nth(0).locator("input[name=file]").input_value()
            second_file = rows.nth(1).locator("input[name=file]").input_value()
            bp.page.set_viewport_size(DESKTOP)  # both rows on screen at once
            rows.nth(0).evaluate("el => el.scrollIntoView({block: 'start'})")
            source, target = (rows.nth(i).locator(".photo-row__thumb").bounding_box() for i in (1, 0))
            bp.page.mouse.move(source["x"] + 20, source["y"] + 20)
            bp.page.mouse.down()
            bp.page.mouse.move(target["x"] + 30, target["y"] + 10, steps=8)
            bp.page.mouse.up()
            assert bp.page.is_visible("[data-photo-drag-hint]")
            assert rows.nth(0).locator("input[name=file]").input_value() == second_file
            rows.nth(0).locator("input[name=caption_zh]").fill("宝箴塞远景")
            shot(bp, "admin-photos-1280.png")
            with bp.page.expect_navigation():
                bp.page.click("button[name=save]")
            assert "已保存" in bp.page.inner_text("main")
            with app.app_context():
                from web.platform.live_catalog import get_catalog

                photos = get_catalog().site(site).photos
            assert [p.file for p in photos] == [second_file, first_file] and photos[0].caption.zh == "宝箴塞远景"
            bp.assert_no_console_errors()
            bp.assert_no_third_party_requests()
        finally:
            context.close()
