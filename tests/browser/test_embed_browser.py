"""Embeds as partners and staff see them, in headless Debian Chromium: inside a cross-origin iframe, at phone
widths, the QR code SVG, and the snippet builder."""
from __future__ import annotations

import io
import tempfile

import pytest
from flask import Flask

from app import create_app
from tests.admin_helpers import PASSWORD, make_user
from tests.browser.conftest import PHONE, STUB_TILES, open_page, serve

TOUR = "/embed/tours/industrial-heritage?c=partner-site&lang=en"


@pytest.fixture
def browser_app():
    return create_app({"TESTING": True, "MAP_TILE_URL_OVERRIDE": STUB_TILES, "INSTANCE_PATH": tempfile.mkdtemp(),
                       "GEOCODER": "none"})


def partner_site(embed_url: str) -> Flask:
    """Another site (another origin: same host, another port) with our embed in its page."""
    partner = Flask("partner")

    @partner.get("/")
    def page():
        return (f'<!doctype html><html><head><title>Partner hotel</title></head><body><h1>Our tours</h1>'
                f'<iframe id="wt" src="{embed_url}" width="360" height="520" style="border:0"></iframe></body></html>')

    return partner


def test_embed_works_inside_a_cross_origin_iframe(chromium, live_server):
    """A partner's page on another origin shows the tour map inside its iframe: markers and route drawn, no
    console errors, no request to any third-party host, and the view is counted."""
    with serve(partner_site(live_server + TOUR)) as partner:
        context, bp = open_page(chromium, live_server)
        context.route(partner + "/**", lambda route: route.continue_())  # the partner's own page
        try:
            bp.page.goto(partner + "/", wait_until="load")
            frame = bp.page.frame_locator("#wt")
            frame.locator(".leaflet-container").wait_for(timeout=10_000)
            frame.locator(".wt-map--ready").wait_for(timeout=10_000)
            markers = frame.locator(".leaflet-marker-icon").count()
            assert markers == 5  # start + 4 stops
            assert frame.locator("path.wt-line--route").count() == 1
            assert frame.locator(".embed__title").inner_text().startswith("Industrial heritage")
            inner = bp.page.frames[1]
            assert inner.url.startswith(live_server + "/embed/")
            assert inner.evaluate("document.cookie") == ""
            bp.assert_no_third_party_requests()
            bp.assert_no_console_errors()
        finally:
            context.close()


@pytest.mark.parametrize("width", [300, 360])
def test_embed_fits_narrow_iframes(chromium, live_server, width):
    """From 300 px wide the bar, map and list fit without sideways scrolling."""
    context, bp = open_page(chromium, live_server, {"width": width, "height": 480})
    try:
        bp.goto("/embed/map?lang=en")
        bp.wait_for_map()
        assert bp.page.evaluate("document.documentElement.scrollWidth") <= width
        box = bp.page.locator(".wt-map__canvas").bounding_box()
        assert box["height"] >= 150 and box["width"] >= width - 2
        bp.assert_no_console_errors()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_embed_list_stays_put_while_the_map_is_drawn(chromium, live_server, lang):
    """On a phone the list is readable from the first paint and nothing on the page jumps when the map comes in
    after it (pins, tiles, the attribution and the list's "show on map" buttons): no layout shift at all. Then
    every list entry has its pin and its button."""
    context, bp = open_page(chromium, live_server, PHONE)
    try:
        bp.page.add_init_script("""window.__shifts = [];
            new PerformanceObserver(function (list) {
                list.getEntries().forEach(function (e) { if (!e.hadRecentInput) { window.__shifts.push(e.value); } });
            }).observe({type: "layout-shift", buffered: true});""")
        bp.goto(f"/embed/map?lang={lang}")
        bp.wait_for_map()
        bp.page.wait_for_timeout(300)  # a shift is reported in the frame after it happened
        assert bp.page.evaluate("window.__shifts") == []
        items = bp.page.locator(".wt-map__item")
        assert items.count() == bp.page.locator(".leaflet-marker-icon").count() > 10
        assert bp.page.locator(".wt-map__locate:visible").count() == items.count()
        bp.assert_no_console_errors()
    finally:
        context.close()


def test_qr_svg_decodes_back_to_its_url(chromium, live_server):
    """The print SVG of a QR code, drawn by the browser, reads back as the tagged page URL."""
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    context, bp = open_page(chromium, live_server, {"width": 400, "height": 400})
    try:
        bp.goto("/promote/qr/tours/industrial-heritage.svg?c=poster&lang=en")
        shot = bp.page.screenshot()
    finally:
        context.close()
    found = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)).convert("RGB"))]
    assert found == [live_server + "/tours/industrial-heritage?lang=en&c=poster&m=qr"]


def test_snippet_builder_preview_and_copy(chromium, live_server, browser_app):
    """A bureau editor logs in, chooses a tour and a campaign with the form, sees the live preview (the embed in
    an iframe) and copy buttons, with no console errors."""
    make_user(browser_app)
    context, bp = open_page(chromium, live_server, PHONE)
    try:
        bp.goto("/admin/login?lang=en")
        bp.page.fill("#name", "editor1")
        bp.page.fill("#password", PASSWORD)
        with bp.page.expect_navigation():
            bp.page.click("button[type=submit]")
        bp.goto("/promote?lang=en")
        bp.page.select_option("#what", "tour:industrial-heritage")
        bp.page.fill("#c", "spring-fair")
        with bp.page.expect_navigation():
            bp.page.click("text=Update")
        assert "c=spring-fair" in bp.page.input_value("#snippet-iframe")
        frame = bp.page.frame_locator(".promote__preview iframe")
        frame.locator(".leaflet-container").wait_for(timeout=10_000)
        assert bp.page.locator("[data-copy]:visible").count() == 3
        bp.assert_no_console_errors()
        bp.assert_no_third_party_requests()
    finally:
        context.close()
