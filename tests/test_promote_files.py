"""Flyers, map images and QR codes: read back as a person's tools would (PDF text, rendered pages, decoded QR
codes), in both languages, from a hostile catalog too, and with the CJK font missing."""
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from app import create_app
from catalog.source import read_catalog
from config import value as setting
from tests.admin_helpers import login, make_user

zxingcpp = pytest.importorskip("zxingcpp")
pypdf = pytest.importorskip("pypdf")
FONT = Path(str(setting("PROMOTE_CJK_FONT")))
TOURS = ["industrial-shopping", "corporate-culture", "industrial-heritage", "hechuan-wusheng-history",
         "wusheng-countryside"]


def decode(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image)]


def pdf_page_image(data: bytes, tmp_path: Path, dpi: int = 100) -> Image.Image:
    """The flyer's page as printed: rendered by poppler's pdftoppm (Debian's poppler-utils)."""
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is missing: scripts/ensure-system-deps.sh installs it")
    pdf = tmp_path / "flyer.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    return Image.open(tmp_path / "page.png").convert("RGB")


@pytest.mark.parametrize("tour_id", TOURS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_flyer_has_every_stop_and_a_working_qr_code(client, catalog_file, tmp_path, tour_id, lang):
    """The A4 flyer names every stop (its text layer is searchable), prints as a real page (not blank), and its
    QR code opens the tour page in the flyer's language with the campaign tag."""
    r = client.get(f"/promote/flyers/{tour_id}.pdf?lang={lang}&c=spring-fair")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(r.data))
    assert len(reader.pages) == 1
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4
    text = reader.pages[0].extract_text().replace("\n", "")
    catalog = read_catalog(catalog_file).catalog
    tour = catalog.tour(tour_id)
    assert tour.name.get(lang)[:8] in text
    for stop in tour.stops:
        name = catalog.site(stop.site).name.get(lang)
        assert name.replace(" ", "") in text.replace(" ", ""), name
    assert "WenQuanYi" in reader.metadata.get("/Keywords", "")
    page = pdf_page_image(r.data, tmp_path, dpi=150)
    assert ImageStat.Stat(page.convert("L")).stddev[0] > 30  # ink on paper, not a blank page
    assert decode(page) == [f"http://localhost/tours/{tour_id}?lang={lang}&c=spring-fair&m=qr"]


def test_flyer_download_is_counted_and_revalidates(client):
    """Each download counts (so the PDF must be revalidated, which is a cheap 304)."""
    first = client.get("/promote/flyers/industrial-heritage.pdf")
    assert first.headers["Cache-Control"] == "public, no-cache"
    assert client.get("/promote/flyers/industrial-heritage.pdf",
                      headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_without_the_cjk_font_files_are_refused_until_it_is_installed(catalog_file, tmp_path):
    """Without a Chinese font, a flyer or map image would print boxes or leave the glyphs to the PDF reader: the
    app refuses to make them, says why and what to do (zh first) on the file and on the staff's /promote page,
    and makes them as soon as the font is there, without a restart."""
    font = tmp_path / "fonts" / "cjk.ttc"
    app = create_app({"TESTING": True, "CATALOG_PATH": str(catalog_file), "INSTANCE_PATH": str(tmp_path / "i"),
                      "PROMOTE_CJK_FONT": str(font)})
    client = app.test_client()
    for url in ("/promote/flyers/industrial-heritage.pdf", "/promote/maps/tours/industrial-heritage.png"):
        r = client.get(url)
        text = r.get_data(as_text=True)
        assert r.status_code == 503 and r.mimetype == "text/plain"
        assert text.index("中文字体") < text.index("Chinese font") and "fonts-wqy-microhei" in text
    assert client.get("/promote/qr/map.svg").status_code == 200  # QR codes need no font
    make_user(app, role="editor")
    login(client)
    page = client.get("/promote?lang=en").get_data(as_text=True)
    assert "the server has no Chinese font" in page
    font.parent.mkdir()
    shutil.copy(FONT, font)
    r = client.get("/promote/flyers/industrial-heritage.pdf")
    assert r.status_code == 200
    assert "embedded subset" in pypdf.PdfReader(io.BytesIO(r.data)).metadata["/Keywords"]
    assert client.get("/promote/maps/tours/industrial-heritage.png").status_code == 200
    assert "the server has no Chinese font" not in client.get("/promote?lang=en").get_data(as_text=True)


@pytest.mark.parametrize("url,size", [("/promote/maps/tours/industrial-heritage.png", (1080, 720)),
                                      ("/promote/maps/tours/corporate-culture.png?w=640&h=960&lang=en", (640, 960)),
                                      ("/promote/maps/sites/baozhen-fortress.png?w=320&h=240", (320, 240))])
def test_map_images_for_wechat(client, url, size):
    """A PNG of the requested size, drawn (not blank), whose QR code (WeChat readers long-press it) opens the
    page with the campaign tag."""
    r = client.get(url)
    assert r.status_code == 200 and r.mimetype == "image/png"
    image = Image.open(io.BytesIO(r.data)).convert("RGB")
    assert image.size == size
    assert ImageStat.Stat(image.convert("L")).stddev[0] > 20
    if size[0] >= 640:
        found = decode(image)
        assert len(found) == 1 and found[0].startswith("http://localhost/") and "c=image&m=qr" in found[0]


@pytest.mark.parametrize("url", ["/promote/maps/tours/industrial-heritage.png?w=10",
                                 "/promote/maps/tours/industrial-heritage.png?h=99999",
                                 "/promote/maps/tours/industrial-heritage.png?lang=fr",
                                 "/promote/maps/sites/baozhen-fortress.png?qr=maybe",
                                 "/promote/flyers/industrial-heritage.pdf?c=Bad Tag",
                                 "/promote/qr/tours/industrial-heritage.png?size=5000",
                                 "/promote/qr/map.svg?theme=nope"])
def test_bad_sizes_and_options_are_400(client, url):
    r = client.get(url)
    assert r.status_code == 400 and r.mimetype == "text/plain"


@pytest.mark.parametrize("path,expected", [
    ("/promote/qr/tours/industrial-heritage.png?size=300&c=spring", "/tours/industrial-heritage?lang=zh&c=spring&m=qr"),
    ("/promote/qr/sites/baozhen-fortress.png?size=96&lang=en", "/sites/baozhen-fortress?lang=en&c=qr&m=qr"),
    ("/promote/qr/map.png?size=1000&theme=silk&c=expo", "/sites?theme=silk&lang=zh&c=expo&m=qr"),
])
def test_qr_png_decodes_to_its_url(client, path, expected):
    """Each QR code PNG is exactly the size asked and reads back as the page URL with its campaign tag."""
    r = client.get(path)
    image = Image.open(io.BytesIO(r.data))
    size = int(path.split("size=")[1].split("&")[0])
    assert image.size == (size, size)
    assert decode(image.convert("RGB")) == ["http://localhost" + expected]


def test_qr_svg_is_clean_svg_for_print(client):
    """The SVG is an SVG of modules only (no script, no text of the URL); the browser test decodes it."""
    r = client.get("/promote/qr/tours/industrial-heritage.svg?c=print")
    assert r.mimetype == "image/svg+xml"
    body = r.get_data(as_text=True)
    assert body.startswith("<?xml") and "<svg" in body and "<script" not in body and "http://localhost/tours" not in body


def test_site_url_setting_names_the_public_host(catalog_file, tmp_path):
    """With SITE_URL set, QR codes name the public host even when staff use another address."""
    app = create_app({"TESTING": True, "CATALOG_PATH": str(catalog_file), "INSTANCE_PATH": str(tmp_path / "i"),
                      "SITE_URL": "https://trails.example.cn"})
    r = app.test_client().get("/promote/qr/tours/industrial-heritage.png?size=400")
    assert decode(Image.open(io.BytesIO(r.data)).convert("RGB")) == [
        "https://trails.example.cn/tours/industrial-heritage?lang=zh&c=qr&m=qr"]


def test_hostile_catalog_prints_as_text(catalog_file, tmp_path):
    """Script and control characters in catalog text come out as plain text in the PDF and PNG, without errors."""
    from tests.hostile import hostile_catalog

    target = tmp_path / "hostile.yaml"
    ids = hostile_catalog(catalog_file, target)
    app = create_app({"TESTING": True, "CATALOG_PATH": str(target), "INSTANCE_PATH": str(tmp_path / "i")})
    client = app.test_client()
    catalog = read_catalog(target).catalog
    for tour in catalog.published_tours:
        for lang in ("zh", "en"):
            r = client.get(f"/promote/flyers/{tour.id}.pdf?lang={lang}")
            assert r.status_code == 200
            text = pypdf.PdfReader(io.BytesIO(r.data)).pages[0].extract_text()
            assert "window.__xss" in text  # the payload is printed as the text it is
            assert client.get(f"/promote/maps/tours/{tour.id}.png?lang={lang}&w=400&h=300").status_code == 200
    for site_id in ids:
        assert client.get(f"/promote/maps/sites/{site_id}.png?w=400&h=300").status_code == 200


def test_promote_files_set_no_cookie(client):
    for url in ("/promote/flyers/industrial-heritage.pdf?lang=en", "/promote/qr/map.svg?lang=en",
                "/promote/maps/sites/baozhen-fortress.png?lang=en&w=320&h=240"):
        assert "Set-Cookie" not in client.get(url).headers
