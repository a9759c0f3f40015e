"""The admin in Debian's Chromium: log in, change a site's hours and drag its marker, save, see both on the
public page; a second editor's stale save gets the conflict page."""
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from catalog.source import read_catalog
from geo.datum import to_datum
from tests.admin_helpers import PASSWORD, make_user
from tests.browser.conftest import open_page, staff_app


@pytest.fixture
def browser_app(catalog_copy, tmp_path):
    app = staff_app(catalog_copy, tmp_path)
    make_user(app, "editor1")
    make_user(app, "editor2")
    return app


def _site_without_slots(path):
    return next(s for s in read_catalog(path).catalog.published_sites if not s.tour_slots)


def _log_in(bp, name):
    bp.goto("/admin/login?lang=en")
    bp.page.fill("#name", name)
    bp.page.fill("#password", PASSWORD)
    with bp.page.expect_navigation():
        bp.page.click("button[type=submit]")
    assert "/admin/" in bp.page.url


def test_edit_hours_and_drag_marker_then_see_them_public(page, catalog_copy):
    """An editor logs in, sets Monday's hours, drags the marker, saves; the public page shows the new hours
    and points its navigation links at the new position."""
    site = _site_without_slots(catalog_copy)
    _log_in(page, "editor1")
    page.goto(f"/admin/sites/{site.id}?lang=en")
    page.page.wait_for_selector(".leaflet-marker-draggable")
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
        page.page.fill(f"#f-hours-{day}-0", "08:10-11:50")
        page.page.fill(f"#f-hours-{day}-1", "")
    before = (page.page.input_value("#f-location-lat"), page.page.input_value("#f-location-lon"))
    page.page.locator("#position-map").scroll_into_view_if_needed()
    box = page.page.locator(".leaflet-marker-draggable").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] - 2
    page.page.mouse.move(x, y)
    page.page.mouse.down()
    page.page.mouse.move(x + 40, y + 25, steps=8)
    page.page.mouse.up()
    page.page.wait_for_function(f"() => document.querySelector('#f-location-lat').value !== '{before[0]}'")
    after = (float(page.page.input_value("#f-location-lat")), float(page.page.input_value("#f-location-lon")))
    assert after[0] < float(before[0]) and after[1] > float(before[1])  # dragged down and right: south-east
    with page.page.expect_navigation():
        page.page.click("button[value=save]")
    assert "Saved" in page.page.inner_text(".flash")

    saved = read_catalog(catalog_copy).catalog.site(site.id)
    assert (round(saved.location.lat, 6), round(saved.location.lon, 6)) == after
    assert saved.location.datum == site.location.datum  # the drag kept the site's datum
    page.goto(f"/sites/{site.id}?lang=en")
    assert "08:10–11:50" in page.page.inner_text("table.hours")
    page.assert_leaflet_map(markers=1)
    apple = page.page.get_attribute("a.nav-apple", "href")
    lat, lon = (float(v) for v in parse_qs(urlsplit(apple).query)["ll"][0].split(","))
    want = to_datum(saved.location.lat, saved.location.lon, saved.location.datum.value, "gcj02")
    assert abs(lat - want[0]) < 1e-4 and abs(lon - want[1]) < 1e-4
    page.assert_no_third_party_requests()
    page.assert_no_console_errors()


def _save(bp):
    with bp.page.expect_navigation() as nav:
        bp.page.click("button[value=save]")
    return nav.value


def test_two_editors_merge_three_ways(page, chromium, live_server, catalog_copy):
    """Two logged-in editors open the same site. A renames it; B, from the older form, changes the short text:
    both are saved without a question. Then both change the English name: B gets only that field, side by side,
    nothing chosen; the browser will not send the form until B chooses; A's other change stays."""
    site = _site_without_slots(catalog_copy)
    other_context, other = open_page(chromium, live_server)
    try:
        _log_in(page, "editor1")
        _log_in(other, "editor2")
        page.goto(f"/admin/sites/{site.id}?lang=en")
        other.goto(f"/admin/sites/{site.id}?lang=en")
        other.page.fill("#f-name-en", "Name from editor two")
        _save(other)
        page.page.fill("#f-short-en", "Short text from editor one (tours 09:30)")
        assert _save(page).status == 200
        assert "their changes are kept too" in page.page.inner_text(".flash")
        saved = read_catalog(catalog_copy).catalog.site(site.id)
        assert saved.name.en == "Name from editor two" and saved.short.en == "Short text from editor one (tours 09:30)"

        page.goto(f"/admin/sites/{site.id}?lang=en")
        other.goto(f"/admin/sites/{site.id}?lang=en")
        other.page.fill("#f-name-en", "Second name from two")
        other.page.fill("#f-short-zh", "二号编辑的简介")
        _save(other)
        page.page.fill("#f-name-en", "Second name from one")
        assert _save(page).status == 409
        rows = page.page.locator("table.conflict-table tbody tr")
        assert rows.count() == 1
        assert "Second name from two" in rows.inner_text() and "Second name from one" in rows.inner_text()
        assert page.page.locator("table.conflict-table input[type=radio]:checked").count() == 0
        page.page.click("form.conflict-form button[type=submit]")  # no choice: the browser refuses to send
        assert "/admin/sites/" in page.page.url and page.page.locator("table.conflict-table").count() == 1
        assert read_catalog(catalog_copy).catalog.site(site.id).name.en == "Second name from two"
        page.page.check("table.conflict-table tbody tr td:nth-child(2) input")  # B keeps B's name
        with page.page.expect_navigation():
            page.page.click("form.conflict-form button[type=submit]")
        saved = read_catalog(catalog_copy).catalog.site(site.id)
        assert saved.name.en == "Second name from one" and saved.short.zh == "二号编辑的简介"
        page.console_errors = [e for e in page.console_errors if "409" not in e]  # the conflict page's own status
        page.assert_no_console_errors()
    finally:
        other_context.close()
