"""Browser-test harness: a real Flask server, Debian's headless Chromium, stubbed tiles, a watch on the network.

Reuse in any test under tests/browser/::

    @pytest.fixture
    def browser_app():                     # optional: the default is create_app() with stub tiles
        return create_app({"TESTING": True, "MAP_TILE_URL_OVERRIDE": STUB_TILES})

    def test_home(page):                   # `page` is a BrowserPage: a fresh context per test
        page.goto("/")
        page.assert_leaflet_map(markers=12)
        page.assert_no_third_party_requests()
        page.assert_no_console_errors()

``serve(app)`` starts any other app (a context manager yielding its base URL). Tile requests to
``STUB_TILES`` on the app's own origin get a tiny PNG; every request to another host is recorded
and aborted, so a page that names a CDN fails its test instead of hanging. Tests are skipped,
with the reason, only when Chromium or Playwright is missing (``make test`` installs both).
"""
from __future__ import annotations

import base64
import contextlib
import os
import shutil
import threading
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("WUSHENG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
STUB_TILE_PATH = "/__stub_tiles__/"
STUB_TILES = STUB_TILE_PATH + "{z}/{x}/{y}.png"  # set as MAP_TILE_URL_OVERRIDE
# A 1x1 PNG, light grey.
TILE_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP4+/fvfwAJkAPVpzKqmgAAAABJRU5ErkJggg=="
)
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


def _chromium_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (make test installs requirements-dev.txt)"
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (make test installs Debian's chromium)"
    return None


@contextlib.contextmanager
def serve(app):
    """Run ``app`` on a free localhost port in a background thread; yield its base URL."""
    from werkzeug.serving import WSGIRequestHandler, make_server

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args, **kwargs):  # keep test output readable
            pass

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="browser-test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


@dataclass
class BrowserPage:
    """A Playwright page on one app, with what it asked for and what went wrong."""

    page: object
    base_url: str
    third_party: list[str] = field(default_factory=list)
    tiles: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base_url + path if path.startswith("/") else path

    def goto(self, path: str, **kwargs):
        kwargs.setdefault("wait_until", "load")
        return self.page.goto(self.url(path), **kwargs)

    # --- watching -------------------------------------------------------------------------
    def _route(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" == self.base_url:
            if parts.path.startswith(STUB_TILE_PATH):
                self.tiles.append(url)
                return route.fulfill(status=200, content_type="image/png", body=TILE_PNG,
                                     headers={"Cache-Control": "max-age=3600"})
            return route.continue_()
        self.third_party.append(url)
        return route.abort("blockedbyclient")

    def _console(self, msg):
        if msg.type == "error":
            self.console_errors.append(msg.text)

    # --- assertions -----------------------------------------------------------------------
    def assert_no_third_party_requests(self):
        assert self.third_party == [], f"requests to other hosts: {self.third_party}"

    def assert_no_console_errors(self):
        assert self.page_errors == [], f"uncaught page errors: {self.page_errors}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"

    def wait_for_map(self, timeout: float = 10_000):
        """Wait until a Leaflet map is drawn, map.js has linked it to its list, and nothing is animating."""
        self.page.wait_for_selector(".leaflet-container", timeout=timeout)
        self.page.wait_for_function(
            "() => !document.querySelector('[data-wt-map]') || document.querySelector('.wt-map--ready')",
            timeout=timeout)
        self.wait_until_still(timeout)

    def wait_until_still(self, timeout: float = 10_000):
        """Wait for zoom and cluster animations to end and the marker count to hold for 200 ms."""
        self.page.wait_for_function("""() => new Promise(resolve => {
            const busy = () => document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim');
            const count = () => document.querySelectorAll('.leaflet-marker-icon').length;
            let last = -1, same = 0;
            const tick = () => {
                const n = count();
                same = (!busy() && n === last) ? same + 1 : 0;
                last = n;
                if (same >= 2) { resolve(true); } else { setTimeout(tick, 100); }
            };
            tick();
        })""", timeout=timeout)

    def marker_count(self) -> dict:
        """Pins on screen, cluster icons, and the markers those clusters hold."""
        return self.page.evaluate("""() => {
            const icons = [...document.querySelectorAll('.leaflet-marker-icon')];
            const clusters = icons.filter(el => el.classList.contains('marker-cluster'));
            const pins = icons.length - clusters.length;
            const inClusters = clusters.reduce((n, el) => n + (parseInt(el.textContent, 10) || 0), 0);
            return {pins, clusters: clusters.length, total: pins + inClusters};
        }""")

    def assert_leaflet_map(self, markers: int | None = None, min_markers: int | None = None):
        """A Leaflet map is shown with ``markers`` markers (pins plus those inside cluster icons)."""
        self.wait_for_map()
        assert self.page.locator(".leaflet-container").first.is_visible()
        counts = self.marker_count()
        if markers is not None:
            assert counts["total"] == markers, counts
        if min_markers is not None:
            assert counts["total"] >= min_markers, counts
        return counts


@pytest.fixture(scope="session")
def chromium():
    """One headless Debian Chromium for the whole session (skipped with the reason when missing)."""
    reason = _chromium_missing()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    try:
        yield browser
    finally:
        browser.close()
        pw.stop()


@pytest.fixture
def browser_app():
    """The app under test; override in a test module to serve another one."""
    from app import create_app

    return create_app({"TESTING": True, "MAP_TILE_URL_OVERRIDE": STUB_TILES})


@pytest.fixture
def catalog_copy(tmp_path):
    """A copy of the bundled catalog that admin tests may edit."""
    from tests.conftest import ROOT

    target = tmp_path / "sites.yaml"
    shutil.copy(ROOT / "sites.yaml", target)
    return target


def staff_app(catalog_copy, tmp_path):
    """The app over ``catalog_copy`` with its own instance folder (accounts, revisions), for admin pages."""
    from app import create_app
    from tests.conftest import FIXED_NOW

    return create_app({"TESTING": True, "MAP_TILE_URL_OVERRIDE": STUB_TILES, "CATALOG_PATH": str(catalog_copy),
                       "INSTANCE_PATH": str(tmp_path / "instance"), "FIXED_NOW": FIXED_NOW, "GEOCODER": "none"})


@pytest.fixture
def live_server(browser_app):
    with serve(browser_app) as base_url:
        yield base_url


@pytest.fixture
def viewport():
    """Override (e.g. return PHONE) to change the window size of ``page``."""
    return DESKTOP


def open_page(chromium, base_url: str, viewport: dict | None = None, **context_options) -> tuple[object, BrowserPage]:
    """A fresh browser context and a watched page on ``base_url``; close the context when done."""
    context = chromium.new_context(viewport=viewport or DESKTOP, service_workers="block", **context_options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    bp = BrowserPage(page, base_url)
    context.route("**/*", bp._route)
    page.on("console", bp._console)
    page.on("pageerror", lambda err: bp.page_errors.append(str(err)))
    return context, bp


@pytest.fixture
def page(chromium, live_server, viewport):
    """A fresh context and page per test, on ``live_server``."""
    context, bp = open_page(chromium, live_server, viewport)
    try:
        yield bp
    finally:
        context.close()
