"""Embeds: which pages other sites may frame, no cookies, caching with 304, and options checked on the server."""
import base64
import hashlib
import re

import pytest

from app import create_app
from tests.admin_helpers import login, make_user

EMBEDS = ["/embed/map", "/embed/map?theme=silk&lang=en&list=0", "/embed/tours/industrial-heritage?c=spring-fair",
          "/embed/sites/baozhen-fortress?zoom=12&scroll=1&basemap=amap"]


def _ancestors(response) -> str:
    return re.search(r"frame-ancestors ([^;]+)", response.headers["Content-Security-Policy"]).group(1)


@pytest.mark.parametrize("url", EMBEDS)
def test_embeds_are_frameable_by_any_site_by_default(client, url):
    """A partner site can show every embed in an iframe: CSP frame-ancestors allows any http(s) page and no
    X-Frame-Options header blocks it."""
    r = client.get(url)
    assert r.status_code == 200
    assert _ancestors(r) == "* http: https:"
    assert "X-Frame-Options" not in r.headers


def test_every_other_page_refuses_framing(app, client):
    """Outside /embed, no page can be framed (clickjacking): every GET route answers with frame-ancestors 'none'
    and X-Frame-Options DENY, the admin, the snippet builder, oEmbed and the promotion files included."""
    make_user(app)
    login(client)
    values = {"tour_id": "industrial-heritage", "site_id": "baozhen-fortress", "kind": "tours",
              "ident": "industrial-heritage", "fmt": "svg", "rev_id": "1", "name": "editor1", "filename": "css/site.css"}
    checked = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint.startswith("embed.") or rule.endpoint == "admin.logout":
            continue
        url = re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: str(values.get(m.group(1), "x")), rule.rule)
        url = url.replace("<any(tours, sites):kind>", "tours")
        r = client.get(url + ("?url=http://localhost/" if rule.endpoint == "oembed.oembed_" else ""))
        assert _ancestors(r) == "'none'", (url, r.status_code)
        assert r.headers.get("X-Frame-Options") == "DENY", url
        checked += 1
    assert checked > 30


def test_embed_origins_setting_limits_framing(catalog_file, tmp_path):
    """With EMBED_ORIGINS set, only those partner sites (and our own pages, for the preview) may frame embeds."""
    app = create_app({"TESTING": True, "CATALOG_PATH": str(catalog_file), "INSTANCE_PATH": str(tmp_path / "i"),
                      "EMBED_ORIGINS": "https://partner.example.com, https://*.example.org"})
    r = app.test_client().get("/embed/map")
    assert _ancestors(r) == "'self' https://partner.example.com https://*.example.org"


def test_malformed_embed_origins_stop_start_up(catalog_file, tmp_path):
    """A typo in EMBED_ORIGINS is refused when the app starts, instead of sending a broken CSP."""
    with pytest.raises(ValueError):
        create_app({"TESTING": True, "CATALOG_PATH": str(catalog_file), "INSTANCE_PATH": str(tmp_path / "i"),
                    "EMBED_ORIGINS": "partner.example.com; script-src *"})


@pytest.mark.parametrize("url", EMBEDS + ["/embed/map?zoom=99", "/embed/tours/nope"])
def test_embeds_set_no_cookie_and_use_no_session(app, client, url):
    """An embed never sets a cookie (not even the language one for ?lang=) and never reads the session, even for
    a logged-in bureau user opening it."""
    make_user(app)
    login(client)
    r = client.get(url + ("&" if "?" in url else "?") + "lang=en")
    assert "Set-Cookie" not in r.headers
    assert "Cookie" not in r.headers.get("Vary", "")


def test_embed_revalidation_answers_304(client):
    """A browser, proxy or CDN that holds an embed revalidates it cheaply: If-None-Match or If-Modified-Since get
    304 with the same validators, and the cached page's scripts stay allowed: its policy lists each inline script
    by hash (no nonce that every holder of the copy would share), and the 304 sends no policy to replace it."""
    url = EMBEDS[2]
    first = client.get(url)
    assert first.headers["Cache-Control"].startswith("public, max-age=")
    assert first.headers["ETag"].startswith('W/"')
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert "Content-Security-Policy" not in again.headers
    since = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    csp = first.headers["Content-Security-Policy"]
    script_src = csp.split("script-src")[1].split(";")[0]
    assert "'nonce-" not in script_src and "'unsafe-inline'" not in script_src
    inline = re.findall(r"<script\b(?![^>]*\bsrc=)[^>]*>(.*?)</script>", first.get_data(as_text=True), re.S)
    assert inline, "the embed's map runs an inline script"
    for body in inline:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in script_src


def test_etag_follows_options_language_and_catalog(client, catalog_file):
    """Each option and language is its own cached page, and a catalog edit changes every ETag."""
    tags = {client.get(u).headers["ETag"] for u in ("/embed/map", "/embed/map?lang=en", "/embed/map?list=0")}
    assert len(tags) == 3
    before = client.get("/embed/map").headers["ETag"]
    text = catalog_file.read_text("utf-8")
    catalog_file.write_text(text.replace("宝箴塞", "宝箴塞 ", 1), "utf-8")
    after = client.get("/embed/map", headers={"If-None-Match": before})
    assert after.status_code == 200 and after.headers["ETag"] != before


@pytest.mark.parametrize("query", ["zoom=99", "zoom=abc", "zoom=-1", "basemap=google", "basemap=tianditu",
                                   "scroll=maybe", "list=2", "lang=fr", "theme=nope", "category=nope",
                                   "c=Not%20A%20Tag", "c=" + "x" * 41, "zoom=%00", "lang=%E2%80%A8"])
def test_invalid_options_get_a_clear_400(client, query):
    """A mistake in the embed code shows, inside the frame, which option is wrong and what it accepts (400, never
    500), and that page is frameable too."""
    r = client.get("/embed/map?" + query)
    assert r.status_code == 400
    name = query.split("=")[0]
    assert f"<code>{name}</code>" in r.get_data(as_text=True)
    assert _ancestors(r) == "* http: https:"


def test_filters_only_on_the_all_places_map(client):
    """A tour embed cannot be filtered by theme: said plainly (400), not ignored."""
    assert client.get("/embed/tours/industrial-heritage?theme=silk").status_code == 400


def test_unknown_or_draft_things_are_404_inside_the_frame(client):
    r = client.get("/embed/sites/nope")
    assert r.status_code == 404 and _ancestors(r) == "* http: https:"


def test_embed_links_open_full_pages_with_the_campaign_tag(client):
    """Links in an embed open our full page in a new tab (full pages cannot be framed), keep the language and
    carry the embed's campaign tag with m=embed, so the bureau sees which partner sent the visitor."""
    page = client.get("/embed/tours/industrial-heritage?lang=en&c=hotel-a").get_data(as_text=True)
    assert '<base target="_blank">' in page
    assert 'href="/tours/industrial-heritage?lang=en&amp;c=hotel-a&amp;m=embed"' in page
    assert "/sites/antai-silk-museum?lang=en&amp;c=hotel-a&amp;m=embed" in page
    plain = client.get("/embed/map").get_data(as_text=True)
    assert "c=embed&amp;m=embed" in plain


def test_embed_is_bare_and_counts_through_an_image(client):
    """The embed has no site header; its view is counted by a never-cached image, so CDN-served views count."""
    page = client.get("/embed/map?c=spring").get_data(as_text=True)
    assert "site-header" not in page
    assert 'src="/count.gif?ch=embed&amp;c=spring"' in page
    r = client.get("/count.gif?ch=embed&c=spring")
    assert r.headers["Cache-Control"] == "no-store" and "Set-Cookie" not in r.headers
    preview = client.get("/embed/map?c=spring&preview=1")  # the /promote preview: staff looking, not a view
    assert "count.gif" not in preview.get_data(as_text=True)
    assert preview.headers["ETag"] != client.get("/embed/map?c=spring").headers["ETag"]


def test_hostile_catalog_text_is_inert_in_embeds(catalog_file, tmp_path):
    """Script in catalog text shows as text in every embed and in oEmbed answers."""
    from tests.hostile import hostile_catalog

    target = tmp_path / "hostile.yaml"
    ids = hostile_catalog(catalog_file, target)
    app = create_app({"TESTING": True, "CATALOG_PATH": str(target), "INSTANCE_PATH": str(tmp_path / "i")})
    client = app.test_client()
    from catalog.source import read_catalog

    tours = [t.id for t in read_catalog(target).catalog.published_tours]
    for url in ["/embed/map"] + [f"/embed/sites/{i}" for i in ids[:8]] + [f"/embed/tours/{t}" for t in tours]:
        for lang in ("zh", "en"):
            r = client.get(f"{url}?lang={lang}")
            body = r.get_data(as_text=True)
            assert r.status_code == 200, url
            assert "<script>window.__xss" not in body and "<img src=x" not in body and "<svg onload" not in body
    for t in tours:
        data = client.get(f"/oembed?url=http://localhost/tours/{t}").get_json()
        assert "<script>" not in data["html"] and data["title"]


PLAN = "/embed/plan?start=chongqing&date=2026-12-05&must=baozhen-fortress"


def test_plan_permalink_embeds_its_day_map(client):
    """A planned trip's permalink, as an embed: the day's numbered stops with the full planner page one click
    away (the permalink, with the campaign tag), frameable and cacheable like the other embeds."""
    r = client.get(PLAN + "&lang=en&c=agency-b")
    body = r.get_data(as_text=True)
    assert r.status_code == 200 and _ancestors(r) == "* http: https:" and "Set-Cookie" not in r.headers
    assert "Trip plan for 2026-12-05" in body and "baozhen-fortress" in body
    full = re.search(r'class="embed__open" href="([^"]+)"', body).group(1).replace("&amp;", "&")
    assert full.startswith("/plan?start=chongqing&date=2026-12-05") and full.endswith("c=agency-b&m=embed")
    assert client.get(PLAN + "&lang=en&c=agency-b", headers={"If-None-Match": r.headers["ETag"]}).status_code == 304


@pytest.mark.parametrize("query", ["start=nowhere", "start=chongqing&date=2026-12-05&day=2",
                                   "start=chongqing&date=yesterday", "start=chongqing&zoom=40"])
def test_plan_embed_with_bad_fields_is_400(client, query):
    r = client.get("/embed/plan?" + query)
    assert r.status_code == 400 and "<dd>" in r.get_data(as_text=True)


def test_plan_permalinks_have_oembed(client):
    data = client.get("/oembed", query_string={"url": "http://localhost/plan?start=chongqing&date=2026-12-05"}).get_json()
    assert "/embed/plan?start=chongqing&amp;date=2026-12-05" in data["html"]
    assert client.get("/oembed", query_string={"url": "http://localhost/plan?start=nowhere"}).status_code == 404
