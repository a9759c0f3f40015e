"""Sites placed at one estimated point each get their own pin, fanned out around it, so each can be seen and
tapped: on the home map, the planner's day map and an embed."""
import math
from collections import Counter

import pytest

from app import create_app
from catalog.source import read_catalog
from tests.browser.conftest import PHONE, STUB_TILES
from tests.conftest import FIXED_NOW, ROOT

CATALOG = read_catalog(ROOT / "sites.yaml").catalog
SHARED = max(Counter((s.location.lat, s.location.lon) for s in CATALOG.published_sites).values())


@pytest.fixture
def browser_app():
    return create_app({"TESTING": True, "MAP_TILE_URL_OVERRIDE": STUB_TILES, "FIXED_NOW": FIXED_NOW})


def spread_pins(page) -> list[dict]:
    """Screen centres of the fanned-out pins, and whether a tap at each centre lands on that pin."""
    page.page.evaluate("() => document.querySelector('.leaflet-container').scrollIntoView({block: 'center'})")
    return page.page.evaluate("""() => [...document.querySelectorAll('.wt-pin--spread')].map(el => {
        const r = el.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
        const hit = document.elementFromPoint(x, y);
        return {x, y, tappable: !!hit && (hit === el || el.contains(hit)), hit: hit ? hit.className + "|" + hit.textContent : ""};
    })""")


def assert_apart(pins: list[dict], n: int):
    assert len(pins) == n, pins
    for i, a in enumerate(pins):
        assert a["tappable"], a
        for b in pins[i + 1:]:
            assert math.dist((a["x"], a["y"]), (b["x"], b["y"])) >= 24, (a, b)


def test_the_sites_sharing_one_estimated_point_have_a_pin_each_on_the_home_map(page):
    assert SHARED >= 2  # the catalog places several park facilities at one estimated point
    page.goto("/?lang=zh")
    page.assert_leaflet_map(markers=len(CATALOG.published_sites))
    assert_apart(spread_pins(page), SHARED)


def test_on_a_phone_too(page):
    page.page.set_viewport_size(PHONE)
    page.goto("/?lang=en")
    page.wait_for_map()
    assert_apart(spread_pins(page), SHARED)


def test_planner_day_map_gives_each_stop_at_the_shared_point_its_own_pin(page):
    page.goto("/plan?start=chongqing&date=2026-12-04&lang=en")
    page.wait_for_map()
    pins = spread_pins(page)
    assert len(pins) >= 2
    assert_apart(pins, len(pins))
    labels = page.page.evaluate("() => [...document.querySelectorAll('.wt-pin--spread')].map(e => e.textContent)")
    assert all("-" not in x for x in labels)  # one number per pin, not "3-7" on one pin
