"""Hostile catalog text in the admin's own pages (issue 7): the site list, the edit form, the conflict page
and the preview show it as text and run nothing."""
import pytest

from app import create_app
from tests.admin_helpers import PASSWORD, make_user
from tests.browser.conftest import STUB_TILES
from tests.conftest import FIXED_NOW, ROOT
from tests.hostile import hostile_catalog


@pytest.fixture
def hostile_ids(tmp_path):
    return hostile_catalog(ROOT / "sites.yaml", tmp_path / "sites.yaml")


@pytest.fixture
def browser_app(hostile_ids, tmp_path):
    app = create_app({"TESTING": True, "MAP_TILE_URL_OVERRIDE": STUB_TILES, "CATALOG_PATH": str(tmp_path / "sites.yaml"),
                      "INSTANCE_PATH": str(tmp_path / "instance"), "FIXED_NOW": FIXED_NOW, "GEOCODER": "none"})
    make_user(app)
    return app


def test_admin_pages_show_hostile_text_and_run_nothing(page, hostile_ids):
    """Every admin page that shows catalog text runs no injected script and logs no CSP violation."""
    page.goto("/admin/login")
    page.page.fill("#name", "editor1")
    page.page.fill("#password", PASSWORD)
    with page.page.expect_navigation():
        page.page.click("button[type=submit]")
    for path in ["/admin/", "/admin/tours"] + [f"/admin/sites/{i}" for i in hostile_ids[:3]]:
        page.goto(path)
        assert page.page.evaluate("() => window.__xss") is None, path
    page.goto(f"/admin/sites/{hostile_ids[0]}")
    with page.page.expect_navigation():
        page.page.click("button[value=save]")  # a no-change save of hostile text works and still runs nothing
    assert page.page.evaluate("() => window.__xss") is None
    with page.page.expect_popup() as popup:
        page.page.click("button[formaction$='/preview']")
    preview = popup.value
    preview.wait_for_load_state()
    assert preview.evaluate("() => window.__xss") is None
    page.assert_no_third_party_requests()
    page.assert_no_console_errors()
