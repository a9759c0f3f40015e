"""The bureau's photos page: upload (several at once), refusals said plainly, captions, cover, order, removal
undone by restoring a revision; visitors then see the photos on cards, the site page and link previews."""
import io
import re

import pytest

from catalog.source import read_catalog
from tests.admin_helpers import csrf_from, form_values, login, make_user, site_ids
from tests.photo_helpers import SVG, image_bytes, phone_jpeg, png_bomb


@pytest.fixture
def site(app, client, catalog_file):
    make_user(app, "boss", "admin")
    login(client, "boss")
    return site_ids(catalog_file)[0]


def page(client, site):
    return client.get(f"/admin/sites/{site}/photos?lang=en").get_data(as_text=True)


def upload(client, site, *files):
    token = csrf_from(client, f"/admin/sites/{site}/photos")
    data = {"csrf_token": token, "photos": [(io.BytesIO(b), name) for name, b in files]}
    return client.post(f"/admin/sites/{site}/photos/upload?lang=en", data=data, content_type="multipart/form-data",
                       follow_redirects=True)


def photos_in(catalog_file, site):
    return [p for s in read_catalog(catalog_file).catalog.sites if s.id == site for p in s.photos]


def save_rows(client, site, **extra):
    form = form_values(page(client, site))
    rows = re.findall(r'name="file" value="([^"]+)"', page(client, site))
    body = {k: v for k, v in form.items() if k not in ("caption_zh", "caption_en", "credit", "licence", "file")}
    html = page(client, site)
    body["file"] = rows
    for name in ("caption_zh", "caption_en", "credit", "licence"):
        body[name] = re.findall(rf'name="{name}" value="([^"]*)"', html)
    body.update(extra)
    return client.post(f"/admin/sites/{site}/photos?lang=en", data=body, follow_redirects=True)


def test_upload_shows_on_every_visitor_surface(client, catalog_file, site):
    html = upload(client, site, ("phone.jpg", phone_jpeg()), ("plan.png", image_bytes("PNG", (1400, 900)))) \
        .get_data(as_text=True)
    assert "2 photos added" in html
    photos = photos_in(catalog_file, site)
    assert len(photos) == 2
    cover = photos[0].file
    public = client.get(f"/sites/{site}?lang=en").get_data(as_text=True)
    # Gallery: WebP and JPEG at each width, sized box, lazy beyond the first.
    assert f'/photos/{cover}/320.webp 320w' in public and f'/photos/{cover}/1200.jpg 1200w' in public
    assert re.search(r'<img src="/photos/' + cover + r'/640.jpg"[^>]*sizes="[^"]+"[^>]*width="1200" height="1600"',
                     public)
    assert 'loading="lazy"' in public and "background-color:#" in public
    # Link previews: an absolute og:image of the cover, with title and description.
    assert re.search(rf'<meta property="og:image" content="http://localhost/photos/{cover}/1200.jpg">', public)
    assert '<meta property="og:title"' in public and '<meta property="og:description"' in public
    # The site card in the list carries the cover instead of the illustration.
    listing = client.get("/sites?lang=en").get_data(as_text=True)
    assert f"/photos/{cover}/320.webp" in listing
    # The map's list entry names the cover, so the popup can show it.
    assert f'data-map-photo="/photos/{cover}/320.jpg"' in public


def test_refused_uploads_are_explained_and_change_nothing(client, catalog_file, site):
    before = catalog_file.read_bytes()
    html = upload(client, site, ("logo.svg", SVG), ("bomb.png", png_bomb())).get_data(as_text=True)
    assert "logo.svg: This is not a JPEG, PNG or WebP photo" in html
    assert "bomb.png: The picture has too many pixels (400 million" in html
    assert catalog_file.read_bytes() == before
    zh = client.post(f"/admin/sites/{site}/photos/upload?lang=zh",
                     data={"csrf_token": csrf_from(client, f"/admin/sites/{site}/photos"),
                           "photos": [(io.BytesIO(SVG), "a.svg")]},
                     content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    assert "这不是 JPEG、PNG 或 WebP 照片" in zh


def test_upload_needs_the_csrf_token_and_an_editor(app, client, catalog_file, site):
    data = {"photos": [(io.BytesIO(image_bytes("JPEG")), "a.jpg")]}
    assert client.post(f"/admin/sites/{site}/photos/upload", data=data,
                       content_type="multipart/form-data").status_code == 400
    assert photos_in(catalog_file, site) == []
    anonymous = app.test_client()
    assert anonymous.post(f"/admin/sites/{site}/photos/upload", data={}).status_code in (302, 303, 400, 401)
    assert anonymous.get(f"/admin/sites/{site}/photos").status_code in (302, 303, 401)


def test_caption_credit_cover_and_order(client, catalog_file, site):
    upload(client, site, ("a.jpg", image_bytes("JPEG", (800, 600))), ("b.png", image_bytes("PNG", (700, 500))))
    first, second = [p.file for p in photos_in(catalog_file, site)]
    html = save_rows(client, site, caption_zh=["车间", ""], caption_en=["The workshop", ""],
                     credit=["李明", ""], licence=["CC BY 4.0", ""]).get_data(as_text=True)
    assert "Saved." in html
    p = photos_in(catalog_file, site)[0]
    assert (p.caption.zh, p.caption.en, p.credit, p.licence) == ("车间", "The workshop", "李明", "CC BY 4.0")
    public = client.get(f"/sites/{site}?lang=en").get_data(as_text=True)
    assert "The workshop" in public and "Photo: 李明 · CC BY 4.0" in public
    save_rows(client, site, cover=second)
    assert [p.file for p in photos_in(catalog_file, site)] == [second, first]
    assert photos_in(catalog_file, site)[1].credit == "李明"  # the caption moved with its photo
    save_rows(client, site, up=first)
    assert [p.file for p in photos_in(catalog_file, site)] == [first, second]


def test_removal_is_undone_by_restoring_the_revision(client, catalog_file, site):
    upload(client, site, ("a.jpg", image_bytes("JPEG", (800, 600))))
    (photo,) = photos_in(catalog_file, site)
    html = save_rows(client, site, remove=[photo.file]).get_data(as_text=True)
    assert "Photo removed" in html and photos_in(catalog_file, site) == []
    assert f"/photos/{photo.file}/" not in client.get(f"/sites/{site}").get_data(as_text=True)
    assert client.get(f"/photos/{photo.file}/320.jpg").status_code == 200  # the file itself is kept
    history = client.get("/admin/revisions?lang=en").get_data(as_text=True)
    assert "1 removed" in history
    ids = [int(n) for n in re.findall(r'/admin/revisions/(\d+)"', history)]
    before_removal = ids[1]
    form = form_values(client.get(f"/admin/revisions/{before_removal}").get_data(as_text=True))
    assert client.post(f"/admin/revisions/{before_removal}/restore", data=form).status_code == 303
    assert [p.file for p in photos_in(catalog_file, site)] == [photo.file]
    assert f"/photos/{photo.file}/320.webp" in client.get(f"/sites/{site}").get_data(as_text=True)


def test_without_photos_cards_show_the_theme_illustration(client, catalog_file):
    listing = client.get("/sites").get_data(as_text=True)
    arts = re.findall(r'src="/static/img/themes/(\w+)\.svg"', listing)
    assert len(arts) == len(read_catalog(catalog_file).catalog.published_sites)
    assert {"hotpot", "silk", "heritage"} <= set(arts)
    home = client.get("/").get_data(as_text=True)
    assert home.count('class="card-media"') >= 3  # every brand tour card has its picture


def test_link_preview_without_a_photo_uses_the_illustration_as_png(client):
    html = client.get("/sites/antai-silk-museum?lang=en").get_data(as_text=True)
    assert '<meta property="og:image" content="http://localhost/static/img/themes/silk.png">' in html
    assert client.get("/static/img/themes/silk.png").mimetype == "image/png"
    assert 'class="gallery gallery--art"' in html and "/static/img/themes/silk.svg" in html


def test_a_tour_without_photos_shows_its_stops_covers(client, catalog_file, site):
    upload(client, "antai-silk-museum", ("silk.jpg", image_bytes("JPEG", (900, 600))))
    (photo,) = photos_in(catalog_file, "antai-silk-museum")
    tour = client.get("/tours/industrial-heritage?lang=en").get_data(as_text=True)
    assert 'class="gallery"' in tour and f"/photos/{photo.file}/320.webp" in tour
    assert f'content="http://localhost/photos/{photo.file}/900.jpg"' in tour  # its link preview too
    assert f"/photos/{photo.file}/320.webp" in client.get("/").get_data(as_text=True)  # and its card on home


def test_uploading_the_same_photo_again_adds_nothing(client, catalog_file, site):
    data = image_bytes("JPEG", (800, 600))
    upload(client, site, ("a.jpg", data))
    before = catalog_file.read_bytes()
    html = upload(client, site, ("copy-of-a.jpg", data)).get_data(as_text=True)
    assert "already on the list" in html and catalog_file.read_bytes() == before
