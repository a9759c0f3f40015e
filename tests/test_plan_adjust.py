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
    """A visitor who locks a stop and then removes it ends up with it excluded, never both; the permalink says so."""
    base = parse_request({"start": "chongqing"}, CATALOG, today=TODAY)
    r = adjust.lock(base, "baozhen-fortress")
    assert r.must == ("baozhen-fortress",) and r.to_params()["must"] == "baozhen-fortress"
    r = adjust.remove(r, "baozhen-fortress")
    assert "must" not in r.to_params() and r.to_params()["exclude"] == "baozhen-fortress"
    r = adjust.restore(r, "baozhen-fortress")
    assert r == base and r.to_params() == base.to_params()


def test_adjusted_fields_still_parse():
    """Every adjust link leads to a valid plan request (no error page after a click)."""
    r = parse_request({"start": "chongqing", "must": "taiji-lake"}, CATALOG, today=TODAY)
    r = adjust.add_must(adjust.remove(r, "yankou-ancient-town"), "diaoyucheng")
    req = parse_request(r.to_params(), CATALOG, today=TODAY)
    assert set(req.must) == {"taiji-lake", "diaoyucheng"} and req.exclude == ("yankou-ancient-town",)
    assert req == r


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
