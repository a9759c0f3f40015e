"""Public pages, in both languages, from the bundled catalog."""
import pytest
from markupsafe import escape

from catalog.source import read_catalog
from tests.conftest import ROOT

CATALOG = read_catalog(ROOT / "sites.yaml").catalog
SITE = CATALOG.published_sites[0]
TOUR = CATALOG.published_tours[0]
PAGES = ["/", "/sites", f"/sites/{SITE.id}", f"/tours/{TOUR.id}"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_default_to_simplified_chinese(client, path):
    """A visitor with no language preference gets the Chinese page."""
    r = client.get(path)
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert '<html lang="zh-Hans">' in html
    assert "武胜工业游" in html


@pytest.mark.parametrize("path", PAGES)
def test_pages_in_english_by_query(client, path):
    """?lang=en shows the interface and the catalog text in English."""
    html = client.get(path, query_string={"lang": "en"}).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Wusheng Industrial Trails" in html


def test_site_page_shows_catalog_text_in_chosen_language(client):
    """A site's own name and description follow the language choice."""
    zh = client.get(f"/sites/{SITE.id}").get_data(as_text=True)
    en = client.get(f"/sites/{SITE.id}?lang=en").get_data(as_text=True)
    assert escape(SITE.name.zh) in zh and escape(SITE.description.zh) in zh
    assert escape(SITE.name.en) in en and escape(SITE.description.en) in en


def test_language_choice_is_remembered(client):
    """After choosing English once, later pages stay English without the parameter."""
    client.get("/?lang=en")
    assert '<html lang="en">' in client.get("/sites").get_data(as_text=True)
    client.get("/?lang=zh")
    assert '<html lang="zh-Hans">' in client.get("/sites").get_data(as_text=True)


def test_accept_language_is_used_without_a_choice(client):
    """A browser set to English gets English; an explicit ?lang wins over it."""
    r = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en">' in r.get_data(as_text=True)
    r = client.get("/?lang=zh", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="zh-Hans">' in r.get_data(as_text=True)


@pytest.mark.parametrize("lang,text", [("zh", "页面不存在"), ("en", "Page not found")])
def test_unknown_site_is_a_404_in_the_chosen_language(client, lang, text):
    r = client.get("/sites/no-such-site", query_string={"lang": lang})
    assert r.status_code == 404
    assert text in r.get_data(as_text=True)


def test_unknown_tour_and_page_are_404(client):
    assert client.get("/tours/no-such-tour").status_code == 404
    assert client.get("/no/such/page?lang=en").status_code == 404


def test_home_lists_the_brand_tours(client):
    """The home page offers the programme's three tour types."""
    html = client.get("/").get_data(as_text=True)
    for theme in (t for t in CATALOG.themes if t.brand):
        assert theme.name.zh in html


@pytest.mark.parametrize("query", ["maoge", "毛哥", "MaoGe", "mgsp"])
def test_search_matches_chinese_english_and_pinyin(client, query):
    """`maoge` and `毛哥` both find 毛哥食品."""
    maoge = next((s for s in CATALOG.published_sites if "毛哥" in s.name.zh), None)
    assert maoge is not None, "the bundled catalog lost its Maoge site"
    html = client.get("/sites", query_string={"q": query}).get_data(as_text=True)
    assert maoge.name.zh in html


def test_search_with_no_match_says_so(client):
    html = client.get("/sites?q=zzzzqqq&lang=en").get_data(as_text=True)
    assert "No places match" in html


@pytest.mark.parametrize("field,value", [("date", "2026-13-01"), ("date", "tomorrow"), ("category", "spaceport"),
                                         ("theme", "<script>")])
def test_bad_filters_mark_the_field(client, field, value):
    """A wrong filter value gives a 400 with the field marked and explained, never a 500."""
    r = client.get("/sites", query_string={field: value, "lang": "en"})
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert 'aria-invalid="true"' in html
    assert "<script>" not in html.split('id="main"')[1]


def test_date_beyond_known_calendars_is_explained(client):
    r = client.get("/sites?date=2040-05-01&lang=en")
    assert r.status_code == 400
    assert "calendar for 2040" in r.get_data(as_text=True)


def test_open_on_filter_drops_sites_closed_that_day(client):
    """Filtering by a Sunday hides sites that are closed on Sundays."""
    sunday = "2026-12-06"
    closed = [s for s in CATALOG.published_sites if not s.hours.windows_for("sun")]
    html = client.get("/sites", query_string={"date": sunday}).get_data(as_text=True)
    listed = html.split('class="wt-map__list"')[1]  # the page's one list of places (the map's text list)
    assert closed
    for s in closed:
        assert f'href="/sites/{s.id}"' not in listed


def test_site_page_shows_next_seven_days_and_navigation(client):
    html = client.get(f"/sites/{SITE.id}?lang=en").get_data(as_text=True)
    assert html.count('<time datetime="2026-12-') == 7
    for host in ("uri.amap.com", "api.map.baidu.com", "maps.apple.com"):
        assert host in html


def test_estimated_position_gets_a_badge(client):
    estimated = next(s for s in CATALOG.published_sites if s.location.is_estimate)
    html = client.get(f"/sites/{estimated.id}?lang=en").get_data(as_text=True)
    assert "Estimated position" in html


def test_draft_sites_are_not_public(client, catalog_file):
    text = catalog_file.read_text("utf-8").replace("status: published", "status: draft", 1)
    catalog_file.write_text(text, "utf-8")
    first = read_catalog(catalog_file).catalog.sites[0]
    assert client.get(f"/sites/{first.id}").status_code == 404
