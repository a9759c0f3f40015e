"""Forms on a 360 px phone: every select shows its chosen text whole, nothing scrolls sideways, and the
planner's datum choice appears only once coordinates are typed."""
from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE

# The width a select's text may use (its box less padding and the arrow), and its chosen option's text.
SELECTS = """() => [...document.querySelectorAll('form select')].filter(s => s.offsetParent).map(s => {
    const cs = getComputedStyle(s), ctx = document.createElement('canvas').getContext('2d');
    ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const widest = ctx.measureText(s.options[s.selectedIndex].text).width;
    const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 20;
    return {id: s.id, widest: Math.round(widest), room: Math.round(room)};
})"""


@pytest.fixture
def viewport():
    return PHONE


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", ["/plan", "/sites"])
def test_selects_show_their_choices_whole(page, path, lang):
    page.goto(f"{path}?lang={lang}")
    page.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.page.fill("#start-coords", "30.34, 106.29") if path == "/plan" else None
    cut = [s for s in page.page.evaluate(SELECTS) if s["widest"] > s["room"]]
    assert not cut, f"choices cut off at 360 px: {cut}"
    assert page.page.evaluate("document.documentElement.scrollWidth") <= 360


def test_datum_choice_only_for_typed_coordinates(page):
    page.goto("/plan?lang=zh")
    datum = page.page.locator("#start_datum")
    assert not datum.is_visible()
    page.page.fill("#start-coords", "武胜县城")
    assert not datum.is_visible()  # a place name has no datum
    page.page.fill("#start-coords", "30.3443, 106.2925")
    assert datum.is_visible()


def test_datum_choice_without_javascript(chromium, live_server):
    from tests.browser.conftest import open_page

    context, bp = open_page(chromium, live_server, PHONE, java_script_enabled=False)
    try:
        bp.goto("/plan?lang=zh")
        assert not bp.page.locator("#start_datum").is_visible()
        bp.goto("/plan?lang=zh&start=30.3443,106.2925&start_datum=nad27&date=2026-12-25")
        assert bp.page.locator("#start_datum").is_visible()  # typed coordinates (and an error): shown
    finally:
        context.close()
