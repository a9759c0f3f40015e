"""Travel-time estimates: geopy's great circle, per-mode detour and speed, known times from the catalog."""
import time

import numpy as np
import pytest
from geopy.distance import great_circle

from catalog.model import Datum, Location, Precision, TravelOverride
from geo.datum import to_datum
from planner.routing import OsrmTravelTimes
from planner.travel import EstimatedTravelTimes, MatrixCache, Place, great_circle_km
from tests.fake_routing import osrm_table

CQ = Place("chongqing", Location(29.5638, 106.5505, Datum.GCJ02, Precision.ESTIMATE, 2000, "D2"))
WS = Place("wusheng-seat", Location(30.344291, 106.292473, Datum.GCJ02, Precision.SURVEYED, None, "D1"))
DYC = Place("diaoyucheng", Location(30.005, 106.315, Datum.WGS84, Precision.SURVEYED, None, "wiki"))
PLACES = [CQ, WS, DYC]


def test_distance_matches_geopy_great_circle_in_wgs84():
    km = great_circle_km(PLACES)
    a = to_datum(CQ.location.lat, CQ.location.lon, Datum.GCJ02, Datum.WGS84)
    b = to_datum(DYC.location.lat, DYC.location.lon, Datum.WGS84, Datum.WGS84)
    assert km[0, 2] == pytest.approx(great_circle(a, b).km, rel=1e-9)
    assert km[1, 0] == pytest.approx(90.3, abs=0.5)  # the reference's straight-line figure


def test_chongqing_to_wusheng_by_car_is_about_an_hour_and_a_half_and_walking_is_absurd():
    travel = EstimatedTravelTimes()
    car = travel.matrix(PLACES, "car").minutes
    walk = travel.matrix(PLACES, "walking").minutes
    assert 60 <= car[0, 1] <= 110
    assert walk[0, 1] > 20 * 60
    assert car[0, 0] == 0


def test_catalog_known_time_beats_estimate_both_ways():
    travel = EstimatedTravelTimes(overrides=[TravelOverride("chongqing", "wusheng-seat", "car", 70, 110.0, "S3")])
    m = travel.matrix(PLACES, "car")
    assert m.minutes[0, 1] == 70 and m.minutes[1, 0] == 70 and m.km[0, 1] == 110.0
    assert travel.matrix(PLACES, "coach").minutes[0, 1] != 70  # a car time says nothing about coaches


def test_unreachable_routing_service_falls_back_with_a_warning_quickly():
    travel = OsrmTravelTimes("http://127.0.0.1:9", EstimatedTravelTimes(), timeout_s=1.0)
    t0 = time.monotonic()
    m = travel.matrix(PLACES, "car")
    assert time.monotonic() - t0 < 3
    assert m.source == "estimate" and m.warnings
    assert (m.minutes == EstimatedTravelTimes().matrix(PLACES, "car").minutes).all()


def test_osrm_table_is_used_when_it_answers():
    with osrm_table(3600, 100_000) as (url, _):
        m = OsrmTravelTimes(url, EstimatedTravelTimes()).matrix(PLACES, "car")
    assert m.source == "osrm" and not m.warnings
    assert m.minutes[0, 1] == 60 + 5 and m.km[0, 1] == 100.0


def test_cache_returns_the_same_matrix_for_the_same_catalog_version():
    cache, travel = MatrixCache(), EstimatedTravelTimes()
    a = cache.get(travel, "v1", PLACES, "car")
    assert cache.get(travel, "v1", PLACES, "car") is a
    assert cache.get(travel, "v2", PLACES, "car") is not a


def test_matrix_cache_shared_by_threads_keeps_the_most_used_and_forgets_fallbacks():
    """Request threads share one cache: each gets the right matrix; the least recently used goes first; an
    answer that fell back to the estimate is asked again next time (the service may be back)."""
    from concurrent.futures import ThreadPoolExecutor

    cache, travel = MatrixCache(size=2), EstimatedTravelTimes()
    modes = ["car", "coach", "walking"]
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda i: (modes[i % 3], cache.get(travel, "v1", PLACES, modes[i % 3])), range(300)))
    for mode, m in got:
        assert (m.minutes == travel.matrix(PLACES, mode).minutes).all()
    car = cache.get(travel, "v1", PLACES, "car")
    cache.get(travel, "v1", PLACES, "coach")
    assert cache.get(travel, "v1", PLACES, "car") is car  # used last: kept
    cache.get(travel, "v1", PLACES, "walking")  # pushes out the coach, not the car
    assert cache.get(travel, "v1", PLACES, "car") is car
    down = OsrmTravelTimes("http://127.0.0.1:9", travel, timeout_s=0.5)
    first = cache.get(down, "v1", PLACES, "car")
    assert first.warnings and cache.get(down, "v1", PLACES, "car") is not first


def test_a_published_claim_is_kept_for_reference_but_does_not_beat_the_model():
    claim = TravelOverride("chongqing", "wusheng-seat", "car", 60, 100.0, "S19c", basis="claim")
    m = EstimatedTravelTimes(overrides=[claim]).matrix(PLACES, "car")
    assert m.minutes[0, 1] == EstimatedTravelTimes().matrix(PLACES, "car").minutes[0, 1] != 60


def test_catalog_check_refuses_a_travel_time_twice_or_to_the_same_place():
    from tests.test_catalog_validation import problems_of
    found, problems = problems_of(lambda r: r.__setitem__("travel_times", [
        {"from": "chongqing", "to": "wusheng-seat", "mode": "car", "minutes": 105, "source": "AMap 2026-11-30"},
        {"from": "wusheng-seat", "to": "chongqing", "mode": "car", "minutes": 100, "source": "AMap 2026-12-01"},
        {"from": "hechuan", "to": "hechuan", "mode": "car", "minutes": 5, "source": "x", "basis": "guess"}]))
    assert {("travel_times[1]", "duplicate_pair"), ("travel_times[2].to", "same_place"),
            ("travel_times[2].basis", "choice")} <= found
    assert "保留一条" in next(p for p in problems if p.code == "duplicate_pair").message("zh")
