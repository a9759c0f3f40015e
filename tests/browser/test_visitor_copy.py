"""What a Chinese-reading visitor sees: no internal ids, source codes, field names or English on zh pages,
uncertainty said once in a plain line, and phone pages short enough to scroll."""
from __future__ import annotations

import re

import pytest

from app import create_app
from tests.browser.conftest import PHONE, STUB_TILES, open_page
from tests.browser.public_pages import ALL, PUBLIC, with_lang
from tests.conftest import FIXED_NOW

# Latin-script words a zh page may show: names of brands and apps as they are written in China.
# "4A" is the national scenic-area grade (4A级景区); datums, file formats and paper sizes keep their
# international names, as Chinese apps write them.
ALLOWED = {"A", "WGS-84", "GCJ-02", "BD-09", "GPS", "OpenStreetMap", "CSV", "GPX", "GeoJSON", "ICS", "PNG", "SVG",
           "PDF", "A4"}
# Text the page quotes rather than writes: the language switcher (in its own language), cited titles of
# sources, the tile layer's required attribution.
# An identifier the visitor types into another app (a WeChat id) is marked translate="no".
QUOTED = "[lang]:not(html), cite, [translate=no], .leaflet-control-attribution"
VISIBLE_TEXT = """(quoted) => {
  document.querySelectorAll('details').forEach(d => d.open = true);
  const clone = document.body.cloneNode(true);
  clone.querySelectorAll(quoted + ', script, style, noscript, [hidden]').forEach(el => el.remove());
  document.body.appendChild(clone);  // innerText needs layout; the clone is measured, then removed
  clone.style.position = 'absolute';
  const text = clone.innerText;
  clone.remove();
  return text + '\\n' + document.title;
}"""


@pytest.fixture
def browser_app():
    return create_app({"TESTING": True, "MAP_TILE_URL_OVERRIDE": STUB_TILES, "FIXED_NOW": FIXED_NOW})


def latin_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z][A-Za-z0-9_\-.]*", text) if w.strip(".-") not in ALLOWED}


@pytest.mark.parametrize("name", list(ALL))
def test_zh_pages_read_as_chinese(chromium, live_server, name):
    context, bp = open_page(chromium, live_server, PHONE)
    try:
        bp.goto(with_lang(ALL[name], "zh"), timeout=60_000)
        text = bp.page.evaluate(VISIBLE_TEXT, QUOTED)
    finally:
        context.close()
    words = latin_words(text)
    assert not words, f"{name}: a zh page shows Latin-script words (ids, codes, field names or English): {sorted(words)}"
    for phrase in ("project brief", "tour_slots", "项目简报"):
        assert phrase not in text.lower()


@pytest.mark.parametrize("name", ["site", "site-estimate"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_uncertainty_is_one_line_with_details_behind_it(chromium, live_server, name, lang):
    context, bp = open_page(chromium, live_server, PHONE)
    try:
        bp.goto(with_lang(ALL[name], lang))
        notes = bp.page.locator(".uncertain")
        assert notes.count() == 1
        assert bp.page.locator(".badge, .badges").count() == 0
        assert notes.locator("details").count() == 1
        assert not notes.locator("details").evaluate("d => d.open")  # details closed until asked for
        top = notes.bounding_box()["y"]
        assert top < bp.page.locator(".wt-map, .site-page__main").first.bounding_box()["y"] + 1
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name, limits", [("home", (3200, 3800)), ("sites", (3200, 3800)), ("site", (3000, 3600)),
                                          ("tour", (2000, 2600))])
def test_phone_pages_stay_short(chromium, live_server, lang, name, limits):
    """Document height at 360 px (English runs longer). Before: home 4,842 px (zh) / 6,960 (en), sites 6,435 /
    9,287, site 3,349 / 4,226, tour 2,225 / 3,117."""
    limit = limits[0] if lang == "zh" else limits[1]
    context, bp = open_page(chromium, live_server, PHONE)
    try:
        bp.goto(with_lang(PUBLIC[name], lang))
        height = bp.page.evaluate("document.documentElement.scrollHeight")
        width = bp.page.evaluate("document.documentElement.scrollWidth")
    finally:
        context.close()
    assert width <= 360
    assert height <= limit, f"{name} ({lang}) is {height} px tall at 360 px"


@pytest.mark.parametrize("name", ["home", "sites"])
def test_no_list_twice_on_one_page(chromium, live_server, name):
    """Each place is listed once: the map's text list is the page's list, not a copy of it."""
    context, bp = open_page(chromium, live_server, PHONE)
    try:
        bp.goto(with_lang(PUBLIC[name], "zh"))
        hrefs = bp.page.eval_on_selector_all("main a[href*='/sites/']", "els => els.map(a => a.getAttribute('href'))")
    finally:
        context.close()
    dupes = {h for h in hrefs if hrefs.count(h) > 1}
    assert not dupes, f"listed twice on {name}: {sorted(dupes)}"


# Every page, the planner's answers included (planner.words reads the converted catalog).
HANT_PAGES = ALL


@pytest.mark.parametrize("name", HANT_PAGES)
def test_zh_hant_pages_are_in_traditional_characters(chromium, live_server, name):
    """Everything a zh-Hant page says (interface and catalog text) is already Traditional: converting it
    again changes nothing. Cited source titles are quoted as published."""
    from catalog.hant import to_hant

    context, bp = open_page(chromium, live_server, PHONE)
    try:
        bp.goto(with_lang(ALL[name], "zh-Hant"), timeout=60_000)
        assert bp.page.evaluate("document.documentElement.lang") == "zh-Hant"
        text = bp.page.evaluate(VISIBLE_TEXT, QUOTED)
    finally:
        context.close()
    simplified = sorted({a for a, b in zip(text, to_hant(text)) if a != b})
    assert not simplified, f"{name}: Simplified characters on a zh-Hant page: {''.join(simplified)}"
