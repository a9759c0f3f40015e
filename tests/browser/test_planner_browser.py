"""The planner in a real browser (Debian Chromium): fill in the form, plan, see the numbered stops and
the route on the map, download the GPX; pick a start on the map; fit a 360 px phone."""
import gpxpy
import pytest

from app import create_app
from tests.browser.conftest import PHONE, STUB_TILES
from tests.conftest import FIXED_NOW


@pytest.fixture
def browser_app():
    return create_app({"TESTING": True, "MAP_TILE_URL_OVERRIDE": STUB_TILES, "FIXED_NOW": FIXED_NOW})


def covered(labels: list[str]) -> set[str]:
    out = set()
    for label in labels:
        for part in label.split("·"):
            if "-" in part:
                a, b = part.split("-")
                out |= {str(n) for n in range(int(a), int(b) + 1)}
            else:
                out.add(part)
    return out


def plan_heritage_saturday(page):
    page.goto("/plan?lang=en")
    p = page.page
    p.select_option("#start", "chongqing")
    p.fill("#date", "2026-12-05")
    p.check("input[name=interests][value=history-culture]")
    p.click("button[type=submit]")
    p.wait_for_url("**/plan?*")
    page.wait_for_map()


def test_fill_the_form_plan_and_see_numbered_stops_and_the_route(page):
    """A visitor picks a date and an interest, plans, and sees stops 1, 2, … and the line joining them."""
    plan_heritage_saturday(page)
    p = page.page
    stops = p.locator(".timeline__num").all_inner_texts()
    numbers = [s for s in stops if s.isdigit()]
    assert numbers[:2] == ["1", "2"]
    page.assert_leaflet_map(min_markers=2)
    labels = p.locator(".leaflet-marker-icon .wt-pin__label").all_inner_texts()
    assert set(numbers) <= covered(labels), labels  # stops at one spot share a pin: "3-5", "1·L"
    assert p.locator("path.wt-line--route").count() >= 1
    assert "date=2026-12-05" in p.url and "interests=history-culture" in p.url
    page.assert_no_third_party_requests()
    page.assert_no_console_errors()


def test_download_the_gpx_of_the_plan(page):
    """The GPX button downloads a file that a navigation app reads, with the plan's stops."""
    plan_heritage_saturday(page)
    p = page.page
    names = [n.strip() for n in p.locator(".stop--visit .stop__name").all_inner_texts()]
    with p.expect_download() as info:
        p.click("a[data-export=gpx]")
    download = info.value
    assert download.suggested_filename == "wusheng-trip-2026-12-05.gpx"
    gpx = gpxpy.parse(open(download.path(), encoding="utf-8").read())
    visits = [w.name for w in gpx.waypoints if w.type == "visit"]
    assert len(visits) == len(names) and all(n in v for n, v in zip(names, visits))


def test_tap_on_the_map_fills_the_start_coordinates(page):
    """Without typing, a tap on the pick-a-start map puts its coordinates (and datum) into the form."""
    page.goto("/plan?lang=en")
    page.wait_for_map()
    p = page.page
    p.locator("[data-plan-pick] .wt-map__canvas").click(position={"x": 120, "y": 160})
    value = p.input_value("#start-coords")
    lat, lon = (float(x) for x in value.split(","))
    assert 28 < lat < 32 and 104 < lon < 108
    # the default basemap is AMap: a point tapped on its tiles is GCJ-02
    assert p.input_value("#start") == "" and p.input_value("#start_datum") == "gcj02"
    assert p.locator("#start_datum").is_visible()  # coordinates typed (by the tap): their datum is shown
    p.fill("#date", "2026-12-04")
    p.click("button[type=submit]")
    p.wait_for_url("**/plan?*")
    assert "Your location" in p.content()
    page.assert_no_console_errors()


class TestPhone:
    @pytest.fixture
    def viewport(self):
        return PHONE

    @pytest.mark.parametrize("path", ["/plan?lang=zh", "/plan?start=chongqing&date=2026-12-04&lang=zh",
                                      "/plan?start=chongqing&date=2026-12-04&days=2&lang=en",
                                      "/plan/print?start=chongqing&date=2026-12-04&lang=zh"])
    def test_pages_fit_a_360px_phone(self, page, path):
        """No sideways scrolling on a phone, and the map (where there is one) still draws."""
        page.goto(path)
        if "print" not in path:
            page.wait_for_map()
        width = page.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide"
        page.assert_no_console_errors()


@pytest.mark.parametrize("query, days", [("start=chongqing&date=2026-12-04&lang=zh", 1),
                                         ("start=chongqing&date=2026-12-04&days=2&lang=zh", 2),
                                         ("start=chongqing&date=2026-12-04&days=3&lang=en", 3)])
def test_day_sheet_prints_one_a4_page_per_day(page, query, days):
    """Printed (or saved as PDF), the day sheet is one A4 page per day, busy days included."""
    import re

    page.goto(f"/plan/print?{query}")
    pdf = page.page.pdf(prefer_css_page_size=True, print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == days
    assert b"/MediaBox [0 0 595" in pdf or b"/MediaBox [0 0 594" in pdf  # A4 width in points
