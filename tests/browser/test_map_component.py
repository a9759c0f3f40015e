"""The map partial in real Chromium: markers, list <-> popup links, hostile text, CSP, no third-party requests.

A tiny Flask app (below) renders ``templates/_map.html`` with the CSP of ``web.platform.security`` and tiles
sent to the stub. Its list entries carry hostile strings; they must show as text and never run.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask, render_template_string, request

from catalog.model import Datum, Location, Precision
from tests.browser.conftest import PHONE, STUB_TILES, open_page, serve
from web.maps import map_component
from web.platform import security

ROOT = Path(__file__).resolve().parents[2]

HOSTILE = [
    '<img src=x onerror="window.__xss=1">',
    "${window.__xss=1}",
    "`;window.__xss=1;`",
    "</script><script>window.__xss=1</script>",
    '"onmouseover=window.__xss=1 x="',
    "\\u2028\u2028\u2029 line\\separator",
    "{{ 7*7 }} {% raw %}",
]

PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>map</title></head><body>
{% from "_map.html" import map_block %}
{{ map_block(rendered, entries, label="测试地图", ordered=ordered) }}
</body></html>"""


def _loc(lat, lon, datum=Datum.WGS84, radius=None):
    precision = Precision.ESTIMATE if radius else Precision.SURVEYED
    return Location(lat, lon, datum, precision, radius, "test")


def site_points(n: int) -> list[map_component.MapPoint]:
    kinds = list(map_component.PALETTE)
    return [map_component.MapPoint(f"site-{i}", _loc(30.20 + (i % 40) * 0.008, 106.15 + (i // 40) * 0.006),
                          kinds[i % len(kinds)]) for i in range(n)]


def hostile_points() -> tuple[list[map_component.MapPoint], list[dict]]:
    points, entries = [], []
    for i, text in enumerate(HOSTILE):
        datum = (Datum.WGS84, Datum.GCJ02, Datum.BD09)[i % 3]
        points.append(map_component.MapPoint(f"h-{i}", _loc(30.33 + i * 0.004, 106.27 + i * 0.005, datum, 120 if i == 0 else None),
                                    "silk" if i % 2 else "food_factory", label=str(i + 1), show_uncertainty=i == 0))
        entries.append({"key": f"h-{i}", "title": text, "subtitle": "副标题 " + text, "href": f"/site/{i}",
                        "badge": str(i + 1), "kind": "silk" if i % 2 else "food_factory"})
    entries.append({"key": "not-on-map", "title": "没有坐标的地点", "subtitle": "", "href": "", "badge": "", "kind": "museum"})
    return points, entries


def make_app(**config) -> Flask:
    app = Flask("map_component_test", root_path=str(ROOT))
    app.config.update(TESTING=True, MAP_TILE_URL_OVERRIDE=STUB_TILES, MAP_BASEMAPS="osm,amap", **config)
    security.init_app(app)
    map_component.init_app(app)

    @app.get("/hostile")
    def hostile():
        points, entries = hostile_points()
        line = map_component.MapLine(tuple(p.location for p in points), "route")
        rendered = map_component.render_map(points, [line], basemap=map_component.basemap_for_request(), cluster=False)
        return render_template_string(PAGE, rendered=rendered, entries=entries, ordered=True)

    @app.get("/many")
    def many():
        n = int(request.args.get("n", "60"))
        points = site_points(n)
        entries = [{"key": p.key, "title": f"地点 {i}", "subtitle": p.kind, "href": f"/site/{i}", "badge": "",
                    "kind": p.kind} for i, p in enumerate(points)]
        cluster = {"0": False, "1": True}.get(request.args.get("cluster", ""), "auto")
        rendered = map_component.render_map(points, basemap=map_component.basemap_for_request(), cluster=cluster)
        return render_template_string(PAGE, rendered=rendered, entries=entries, ordered=False)

    return app


@pytest.fixture(scope="module")
def server():
    with serve(make_app()) as base_url:
        yield base_url


@pytest.fixture
def page(chromium, server, viewport):
    context, bp = open_page(chromium, server, viewport)
    try:
        yield bp
    finally:
        context.close()


def xss_flag(page):
    return page.page.evaluate("() => window.__xss")


def test_map_with_hostile_list_shows_every_marker_and_runs_nothing(page):
    """All seven markers are drawn; no payload runs; no console error; nothing leaves the app's host."""
    page.goto("/hostile")
    page.assert_leaflet_map(markers=len(HOSTILE))
    assert xss_flag(page) is None
    page.assert_no_third_party_requests()
    page.assert_no_console_errors()
    assert page.tiles, "tiles should come from the stub"
    # The uncertainty circle and the route line are drawn as SVG paths.
    assert page.page.locator("path.wt-uncertainty").count() == 1
    assert page.page.locator("path.wt-line--route").count() == 1


@pytest.mark.parametrize("index", range(len(HOSTILE)))
def test_clicking_a_list_item_opens_its_popup_with_the_text_as_text(page, index):
    """The list item's button focuses its marker; the popup shows the hostile title verbatim, inert."""
    page.goto("/hostile")
    page.wait_for_map()
    item = page.page.locator(f'[data-map-key="h-{index}"]')
    item.locator("[data-map-locate]").click()
    popup = page.page.locator(".leaflet-popup-content")
    popup.wait_for()
    title = popup.locator("[data-map-title]")
    assert title.text_content().strip() == HOSTILE[index].strip()
    assert popup.locator("img, script").count() == 0
    assert item.get_attribute("class").split().count("is-active") == 1
    # Hovering shows the tooltip, also as plain text.
    page.page.locator(".leaflet-marker-icon").nth(index).hover(force=True)
    assert xss_flag(page) is None
    page.assert_no_console_errors()
    page.assert_no_third_party_requests()


def test_marker_click_highlights_its_list_item(page):
    """Tapping a marker opens its popup and marks the matching list entry as current."""
    page.goto("/hostile")
    page.wait_for_map()
    page.page.locator('.leaflet-marker-icon[aria-label]').nth(2).click()
    page.page.locator(".leaflet-popup-content").wait_for()
    active = page.page.locator(".wt-map__item.is-active")
    assert active.count() == 1
    assert active.get_attribute("data-map-key") == "h-2"
    assert active.get_attribute("aria-current") == "true"


def test_entry_without_marker_stays_in_the_list(page):
    """A site with no marker keeps its list entry, without a "show on map" button."""
    page.goto("/hostile")
    page.wait_for_map()
    item = page.page.locator('[data-map-key="not-on-map"]')
    assert item.is_visible()
    assert item.locator("[data-map-locate]").is_hidden()
    assert "wt-map__item--unmapped" in item.get_attribute("class")


def test_keyboard_skip_link_and_marker_labels(page):
    """The skip link is the first stop and jumps to the list; markers are focusable and labelled."""
    page.goto("/hostile")
    page.wait_for_map()
    page.page.keyboard.press("Tab")
    focused = page.page.evaluate("() => document.activeElement.className")
    assert "wt-skip" in focused
    labels = page.page.eval_on_selector_all(".leaflet-marker-icon", "els => els.map(e => [e.getAttribute('aria-label'), e.tabIndex])")
    assert [lab for lab, _ in labels] == [" ".join(t.split()) for t in HOSTILE]
    assert all(tab == 0 for _, tab in labels)


@pytest.mark.parametrize("basemap", ["osm", "amap"])
def test_many_points_are_clustered(page, basemap):
    """40 points (one folium marker each) are clustered; pins plus cluster counts add up to 40."""
    page.goto(f"/many?n=40&basemap={basemap}")
    counts = page.assert_leaflet_map(markers=40)
    assert counts["clusters"] >= 1
    page.assert_no_console_errors()
    page.assert_no_third_party_requests()


def test_two_thousand_points_and_list_focus(page):
    """2,000 points (built in the browser from a data array) cluster, and a list item still finds its marker."""
    page.goto("/many?n=2000")
    counts = page.assert_leaflet_map(markers=2000)
    assert counts["clusters"] >= 1
    page.page.locator('[data-map-key="site-1234"] [data-map-locate]').click()
    page.page.locator(".leaflet-popup-content").wait_for()
    assert page.page.locator(".leaflet-popup-content [data-map-title]").text_content() == "地点 1234"
    page.assert_no_console_errors()
    page.assert_no_third_party_requests()


def test_many_unclustered_points_built_in_the_browser(page):
    """200 points without clustering are all drawn as pins from the data array, each linked to its entry."""
    page.goto("/many?n=200&cluster=0")
    counts = page.assert_leaflet_map(markers=200)
    assert counts["clusters"] == 0
    assert page.page.locator(".wt-map__item--mapped").count() == 200
    page.page.locator('[data-map-key="site-150"] [data-map-locate]').click()
    page.page.locator(".leaflet-popup-content").wait_for()
    assert page.page.locator(".leaflet-popup-content [data-map-title]").text_content() == "地点 150"
    page.assert_no_console_errors()


def test_without_javascript_the_list_is_complete_and_the_map_hidden(chromium, server):
    """No JavaScript: every entry is a link in the list, and the empty map frame stays hidden."""
    context, bp = open_page(chromium, server, java_script_enabled=False)
    try:
        bp.goto("/hostile")
        assert bp.page.locator(".wt-map__item").count() == len(HOSTILE) + 1
        assert bp.page.locator("[data-wt-map-frame]").is_hidden()
        assert bp.page.locator(".wt-map__item a").first.get_attribute("href") == "/site/0"
        assert bp.page.locator("[data-map-locate]").first.is_hidden()
        bp.assert_no_third_party_requests()
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE])
def test_phone_width_map_above_list(page):
    """At 360 px the map is full width and the list sits below it; nothing overflows sideways."""
    page.goto("/hostile")
    page.assert_leaflet_map(markers=len(HOSTILE))
    box = page.page.locator(".wt-map__canvas").bounding_box()
    lst = page.page.locator(".wt-map__list").bounding_box()
    assert box["width"] >= 300
    assert lst["y"] >= box["y"] + box["height"]
    assert page.page.evaluate("() => document.documentElement.scrollWidth") <= 360
    page.assert_no_console_errors()


def test_desktop_list_beside_map(page):
    """On a wide screen the list sits to the right of the map."""
    page.goto("/hostile")
    page.wait_for_map()
    box = page.page.locator(".wt-map__canvas").bounding_box()
    lst = page.page.locator(".wt-map__list").bounding_box()
    assert lst["x"] >= box["x"] + box["width"]


def test_csp_header_allows_only_self_and_nonce(page):
    """The page is served with the CSP; every script tag is same-origin or carries the nonce."""
    response = page.goto("/hostile")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self' 'nonce-" in csp
    scripts = page.page.eval_on_selector_all("script", "els => els.map(e => [e.src, e.nonce])")
    assert scripts
    for src, nonce in scripts:
        assert src.startswith(page.base_url) or nonce, (src, nonce)
