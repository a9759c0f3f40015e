"""A road-routing service set by URL (ROUTING_URL): plans use its drive times when it answers, and fall back
to estimates, quickly and saying so, when it does not."""
import time

import pytest

from app import create_app
from tests.conftest import FIXED_NOW
from tests.fake_routing import osrm_table
from tests.plan_helpers import TRIP

HOUR = 3600


@pytest.fixture
def osrm():
    """Every drive takes an hour and covers 50 km."""
    with osrm_table(HOUR, 50_000) as served:
        yield served


def _client(catalog_file, tmp_path, url):
    return create_app({"TESTING": True, "CATALOG_PATH": str(catalog_file), "FIXED_NOW": FIXED_NOW,
                       "INSTANCE_PATH": str(tmp_path / "instance"), "GEOCODER": "none",
                       "ROUTING_URL": url, "ROUTING_TIMEOUT_SECONDS": 1.0, "PLAN_CACHE_SIZE": 0}).test_client()


def _legs(body):
    return [stop["leg"] for day in body["days"] for stop in day["stops"]] + [day["return_leg"] for day in body["days"]]


def test_plans_use_the_routing_service_drive_times(catalog_file, tmp_path, osrm):
    url, asked = osrm
    body = _client(catalog_file, tmp_path, url).post("/api/v1/plan", json=TRIP).get_json()
    assert asked and asked[0].startswith("/table/v1/driving/")
    legs = _legs(body)
    assert legs and all(leg["km"] == 50.0 for leg in legs)
    assert all(60 <= leg["minutes"] <= 75 for leg in legs)  # the service's hour plus the mode's parking overhead
    assert "routing_fallback" not in [w["code"] for w in body["warnings"]]


def test_an_unreachable_routing_service_gives_estimates_and_says_so(catalog_file, tmp_path):
    client = _client(catalog_file, tmp_path, "http://127.0.0.1:9")
    started = time.monotonic()
    r = client.post("/api/v1/plan?lang=en", json=TRIP)
    assert time.monotonic() - started < 3
    assert r.status_code == 200
    body = r.get_json()
    assert body["days"][0]["stops"]
    assert len({leg["km"] for leg in _legs(body)}) > 1  # straight-line estimates, not one constant
    fallback = [w for w in body["warnings"] if w["code"] == "routing_fallback"]
    assert fallback and "estimate" in fallback[0]["message"]["en"]


def test_a_stuck_routing_service_gives_estimates_within_two_seconds(catalog_file, tmp_path):
    """A router that accepts the connection and never answers (overloaded, half-dead) costs the visitor at most
    the time-out: the default one, as deployed."""
    import socket

    with socket.socket() as stuck:
        stuck.bind(("127.0.0.1", 0))
        stuck.listen(8)
        app = create_app({"TESTING": True, "CATALOG_PATH": str(catalog_file), "FIXED_NOW": FIXED_NOW,
                          "INSTANCE_PATH": str(tmp_path / "instance"), "GEOCODER": "none", "PLAN_CACHE_SIZE": 0,
                          "ROUTING_ENGINE": "valhalla", "ROUTING_URL": f"http://127.0.0.1:{stuck.getsockname()[1]}"})
        started = time.monotonic()
        body = app.test_client().post("/api/v1/plan", json=TRIP).get_json()
        assert time.monotonic() - started < 2
    assert body["days"][0]["stops"] and "routing_fallback" in [w["code"] for w in body["warnings"]]
