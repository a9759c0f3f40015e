"""Tile servers unreachable: the real tile URLs (no stub), every request to them refused by the harness as an
unreachable network would. The page, its list and its markers still work; only the background is missing."""
import pytest

from app import create_app
from catalog.source import read_catalog
from tests.conftest import FIXED_NOW, ROOT

CATALOG = read_catalog(ROOT / "sites.yaml").catalog


@pytest.fixture
def browser_app():
    return create_app({"TESTING": True, "FIXED_NOW": FIXED_NOW, "GEOCODER": "none"})  # real tile URLs


@pytest.mark.parametrize("path", ["/", f"/sites/{CATALOG.published_sites[0].id}", f"/tours/{CATALOG.published_tours[0].id}"])
def test_maps_without_tiles_still_show_markers_and_list(page, path, browser_app):
    from web.maps.basemaps import choose_basemap

    page.goto(path)
    page.assert_leaflet_map(min_markers=1)
    assert page.tiles == [] and page.third_party, "tile requests were expected, and refused"
    hosts = choose_basemap(browser_app.config).hosts()  # the default basemap's tile servers (AMap), nothing else
    assert all(url.startswith(hosts) for url in page.third_party), page.third_party
    assert page.page.locator("[data-map-key]").count() >= 1  # the list the markers link to
    assert page.page_errors == []
    assert all("Failed to load resource" in text for text in page.console_errors), page.console_errors
