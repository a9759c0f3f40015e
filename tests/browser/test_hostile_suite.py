"""The hostile-input suite (issue 7): 57 XSS payloads in every text field of a site and of a tour, every page
that shows them opened in headless Chromium. Counted: script executions, broken maps, CSP violations."""
import pytest

from app import create_app
from catalog.source import read_catalog
from tests.admin_helpers import PASSWORD, make_user
from tests.browser.conftest import STUB_TILES
from tests.conftest import FIXED_NOW, ROOT
from tests.hostile import PAYLOADS, hostile_catalog

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""
TRIP = "start=chongqing&date=2026-12-04&interests=hotpot&lang=en"


@pytest.fixture
def catalog_path(tmp_path):
    path = tmp_path / "sites.yaml"
    hostile_catalog(ROOT / "sites.yaml", path)
    return path


@pytest.fixture
def browser_app(catalog_path, tmp_path):
    app = create_app({"TESTING": True, "MAP_TILE_URL_OVERRIDE": STUB_TILES, "CATALOG_PATH": str(catalog_path),
                      "INSTANCE_PATH": str(tmp_path / "instance"), "FIXED_NOW": FIXED_NOW, "GEOCODER": "none"})
    make_user(app, "editor1")
    return app


def _pages(catalog_path):
    catalog = read_catalog(catalog_path).catalog
    sites = [s.id for s in catalog.published_sites]
    tours = [t.id for t in catalog.published_tours]
    with_map = ["/", "/sites", *(f"/sites/{s}" for s in sites), *(f"/tours/{t}" for t in tours),
                f"/plan?{TRIP}", "/embed/map", *(f"/embed/tours/{t}" for t in tours), f"/embed/sites/{sites[0]}",
                f"/embed/plan?{TRIP}"]
    without_map = [f"/plan/print?{TRIP}", "/sites?q=script", "/plan"]
    return with_map, without_map


def _check(page, path, map_expected, report):
    page.goto(path)
    if map_expected:
        page.wait_for_map()
        if page.marker_count()["total"] < 1:
            report["broken maps"].append(path)
    if page.page.evaluate("() => window.__xss") is not None:
        report["script executions"].append(path)
    violations = page.page.evaluate("() => window.__csp || []")
    report["CSP violations"].extend(f"{path}: {v}" for v in violations)


def test_public_planner_embed_and_print_pages_run_nothing(page, catalog_path):
    """Every public page, planner result, embed and print sheet shows the payloads as text: 0 executions,
    0 broken maps, 0 CSP violations, no console error."""
    page.page.context.add_init_script(WATCH)
    report = {"script executions": [], "broken maps": [], "CSP violations": []}
    with_map, without_map = _pages(catalog_path)
    for path in with_map:
        _check(page, path, True, report)
    for path in without_map:
        _check(page, path, False, report)
    print(f"\nhostile suite: {len(PAYLOADS)} payloads, {len(with_map) + len(without_map)} pages: "
          + ", ".join(f"{k} {len(v)}" for k, v in report.items()))
    assert report == {"script executions": [], "broken maps": [], "CSP violations": []}
    page.assert_no_console_errors()
    page.assert_no_third_party_requests()


def test_admin_list_and_form_run_nothing(page, catalog_path):
    page.page.context.add_init_script(WATCH)
    page.goto("/admin/login")
    page.page.fill("#name", "editor1")
    page.page.fill("#password", PASSWORD)
    with page.page.expect_navigation():
        page.page.click("button[type=submit]")
    report = {"script executions": [], "broken maps": [], "CSP violations": []}
    site = read_catalog(catalog_path).catalog.published_sites[0].id
    tour = read_catalog(catalog_path).catalog.published_tours[0].id
    for path in ("/admin/", "/admin/tours", f"/admin/tours/{tour}", "/promote", "/admin/channels"):
        _check(page, path, False, report)
    _check(page, f"/admin/sites/{site}", True, report)  # the position editor's map
    assert report == {"script executions": [], "broken maps": [], "CSP violations": []}
    page.assert_no_console_errors()
