"""Re-planning edits and curated tours as starting points (planner/adjust.py): pure, no web."""
from datetime import date

from catalog.source import read_catalog
from planner import adjust
from planner.calendar import open_day
from planner.request import parse_request
from tests.conftest import ROOT

CATALOG = read_catalog(ROOT / "sites.yaml").catalog
TODAY = date(2026, 12, 1)


def test_lock_then_remove_moves_a_site_between_must_and_exclude():
    """A visitor who locks a stop and then removes it ends up with it excluded, never both."""
    p = adjust.lock({"start": "chongqing"}, "baozhen-fortress")
    assert p["must"] == "baozhen-fortress"
    p = adjust.remove(p, "baozhen-fortress")
    assert "must" not in p and p["exclude"] == "baozhen-fortress"
    p = adjust.restore(p, "baozhen-fortress")
    assert p == {"start": "chongqing"}


def test_adjusted_fields_still_parse():
    """Every adjust link leads to a valid plan request (no error page after a click)."""
    p = adjust.add_must(adjust.remove({"start": "chongqing", "must": "taiji-lake"}, "yankou-ancient-town"),
                        "diaoyucheng")
    req = parse_request(p, CATALOG, today=TODAY)
    assert set(req.must) == {"taiji-lake", "diaoyucheng"} and req.exclude == ("yankou-ancient-town",)


def test_tour_prefills_start_stops_theme_and_a_date_when_all_stops_are_open():
    """Starting from a tour gives its start, its stops as must-visits, and a date on which they are all open."""
    for tour in CATALOG.published_tours:
        p = adjust.tour_params(tour, CATALOG, TODAY)
        req = parse_request(p, CATALOG, today=TODAY)
        assert req.start.id == tour.start
        assert set(req.must) == {s.site for s in tour.stops}
        day = req.date
        assert day > TODAY
        sites = [CATALOG.site(s) for s in req.must]
        if any(s.booking.required for s in sites):
            assert (day - TODAY).days >= 1
        assert all(open_day(s, day, CATALOG.calendar, TODAY).is_open for s in sites), (tour.id, day)
