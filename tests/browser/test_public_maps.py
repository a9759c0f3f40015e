"""The public pages in a real browser: Leaflet maps with the right markers, served only by us."""
import pytest

from app import create_app
from catalog.source import read_catalog
from tests.browser.conftest import PHONE, STUB_TILES
from tests.conftest import FIXED_NOW, ROOT
from tests.hostile import hostile_catalog

CATALOG = read_catalog(ROOT / "sites.yaml").catalog
PUBLISHED = CATALOG.published_sites


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_home_map_shows_every_published_site(page, lang):
    page.goto(f"/?lang={lang}")
    page.assert_leaflet_map(markers=len(PUBLISHED))
    page.assert_no_third_party_requests()
    page.assert_no_console_errors()


def test_home_category_filter_changes_the_markers(page):
    heritage = [s for s in PUBLISHED if s.category.value == "heritage"]
    page.goto("/?category=heritage")
    page.assert_leaflet_map(markers=len(heritage))


def test_site_page_map_has_one_marker_and_its_uncertainty(page):
    site = next(s for s in PUBLISHED if s.location.is_estimate)
    page.goto(f"/sites/{site.id}")
    page.assert_leaflet_map(markers=1)
    assert page.page.locator("path.leaflet-interactive").count() >= 1  # the uncertainty circle
    page.assert_no_third_party_requests()
    page.assert_no_console_errors()


def test_tour_page_draws_numbered_stops_and_the_route(page):
    tour = CATALOG.published_tours[0]
    page.goto(f"/tours/{tour.id}")
    page.assert_leaflet_map(min_markers=len({s.site for s in tour.stops}))
    assert page.page.locator("path.leaflet-interactive").count() >= 1
    page.assert_no_console_errors()


class TestPhone:
    @pytest.fixture
    def viewport(self):
        return PHONE

    def test_home_fits_a_360px_phone(self, page):
        page.goto("/")
        page.assert_leaflet_map(markers=len(PUBLISHED))
        width = page.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"page is {width}px wide: horizontal scrolling on phones"


class TestHostileCatalog:
    @pytest.fixture
    def browser_app(self, tmp_path):
        self.ids = hostile_catalog(ROOT / "sites.yaml", tmp_path / "sites.yaml")
        return create_app({"TESTING": True, "MAP_TILE_URL_OVERRIDE": STUB_TILES, "FIXED_NOW": FIXED_NOW,
                           "CATALOG_PATH": str(tmp_path / "sites.yaml")})

    @pytest.mark.parametrize("path", ["/", "/sites", "/sites?q=en1", "/tours/industrial-shopping"])
    def test_hostile_text_runs_nothing_and_maps_still_work(self, page, path):
        page.goto(path + ("&" if "?" in path else "?") + "lang=en")
        page.assert_leaflet_map(min_markers=1)
        assert page.page.evaluate("window.__xss") is None
        page.assert_no_console_errors()

    def test_site_page_shows_the_payload_as_text_in_page_and_popup(self, page):
        for site_id in self.ids[:6]:
            page.goto(f"/sites/{site_id}?lang=en")
            page.assert_leaflet_map(markers=1)
            title = page.page.locator("h1").inner_text()
            assert "en" in title and ("<" in title or "$" in title or "`" in title or "\\" in title
                                      or "javascript" in title or "{{" in title or "]]>" in title or "\u2028" in title)
            locate = page.page.locator("[data-map-locate]").first
            if locate.is_visible():
                locate.click()
                popup = page.page.locator(".leaflet-popup-content")
                popup.wait_for()
                assert title.strip()[:10] in popup.inner_text()
            assert page.page.evaluate("window.__xss") is None
        page.assert_no_console_errors()
