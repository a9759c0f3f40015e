"""Legs to or from a place whose position is an estimate are shown as "about" (约): in the API, the page,
the print sheet and the exports' notes."""
from tests.plan_helpers import TRIP, query


def _legs(body):
    return [stop["leg"] for day in body["days"] for stop in day["stops"]] + [day["return_leg"] for day in body["days"]]


def test_legs_between_estimated_positions_are_marked_about(client):
    from catalog.source import read_catalog
    from tests.conftest import ROOT
    catalog = read_catalog(ROOT / "sites.yaml").catalog
    body = client.post("/api/v1/plan", json=TRIP).get_json()
    legs = _legs(body)
    estimated = {s.id for s in catalog.sites if s.location.is_estimate}
    for leg in legs:
        assert leg["approx"] is (leg["from"] in estimated or leg["to"] in estimated), leg
    assert any(leg["approx"] for leg in legs)


def test_the_page_and_the_sheet_say_about(client):
    page = client.get("/plan?" + query(TRIP, lang="zh")).get_data(as_text=True)
    assert "约 5 分钟 · 0.0 公里" in page  # two facilities placed at one estimated point
    assert "约" in client.get("/plan/print?" + query(TRIP, lang="zh")).get_data(as_text=True)
    en = client.get("/plan?" + query(TRIP, lang="en")).get_data(as_text=True)
    assert "about 5 min · 0.0 km" in en
    csv = client.get("/plan/export.csv?" + query(TRIP, lang="zh")).get_data(as_text=True)
    assert csv.splitlines()[0].endswith(",leg_approx") and ",yes" in csv
    gpx = client.get("/plan/export.gpx?" + query(TRIP, lang="zh")).get_data(as_text=True)
    assert "距上一站约 5 分钟" in gpx
