"""The road router of the deployment recipe (deploy/router.py, Valhalla): build a graph from an OSM file the
test writes, start the router, plan over it; then stop it and see plans fall back to the model, saying so,
within 2 s."""
import math
import socket
import time

import pytest

from app import create_app
from catalog.model import Datum
from catalog.source import read_catalog
from deploy import router
from geo.datum import to_datum
from tests.conftest import FIXED_NOW, ROOT
from tests.plan_helpers import TRIP

pytestmark = pytest.mark.skipif(not router.installed(), reason="Valhalla is not installed: "
                                "python -m deploy.router install (scripts/ensure-system-deps.sh runs it)")
CATALOG = read_catalog(ROOT / "sites.yaml").catalog
HUB = (30.3469, 106.2886)  # the county seat, WGS-84


def _wgs(loc):
    return to_datum(loc.lat, loc.lon, loc.datum, Datum.WGS84)


def _places():
    return {p.id: _wgs(p.location) for p in CATALOG.start_points} | {s.id: _wgs(s.location)
                                                                      for s in CATALOG.published_sites}


def write_star_graph(path):
    """Every place at the end of its own straight road from the county seat: a road distance between two
    places is their two spokes, which the test can work out."""
    import osmium
    from osmium.osm.mutable import Node, Way

    meta = {"version": 1, "timestamp": "2026-01-01T00:00:00Z", "changeset": 1, "uid": 1, "user": "test"}
    writer = osmium.SimpleWriter(str(path))
    writer.add_node(Node(id=1, location=(HUB[1], HUB[0]), **meta))
    ways = []
    for n, (key, (lat, lon)) in enumerate(sorted(_places().items()), start=2):
        writer.add_node(Node(id=n, location=(lon, lat), **meta))
        kind = "motorway" if math.dist((lat, lon), HUB) > 0.3 else "primary"
        ways.append(Way(id=n, nodes=[1, n], tags={"highway": kind, "oneway": "no"}, **meta))
    for way in ways:
        writer.add_way(way)
    writer.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def valhalla(tmp_path_factory):
    work = tmp_path_factory.mktemp("valhalla")
    write_star_graph(work / "region.osm.pbf")
    port = _free_port()
    router.build(work / "region.osm.pbf", work, port)
    proc = router.start(work)
    try:
        router.wait_ready(port)
        yield f"http://127.0.0.1:{port}", proc
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except Exception:
            proc.kill()
            proc.wait(5)


def _client(catalog_file, tmp_path, url):
    return create_app({"TESTING": True, "CATALOG_PATH": str(catalog_file), "FIXED_NOW": FIXED_NOW,
                       "INSTANCE_PATH": str(tmp_path / "instance"), "GEOCODER": "none", "ROUTING_ENGINE": "valhalla",
                       "ROUTING_URL": url, "ROUTING_TIMEOUT_SECONDS": 2.0, "PLAN_CACHE_SIZE": 0}).test_client()


def _spoke_km(key):
    lat, lon = _places()[key]
    la1, lo1, la2, lo2 = map(math.radians, (lat, lon, *HUB))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def test_a_plan_over_the_router_uses_its_roads(valhalla, catalog_file, tmp_path):
    url, _ = valhalla
    body = _client(catalog_file, tmp_path, url).post("/api/v1/plan", json=TRIP).get_json()
    assert "routing_fallback" not in [w["code"] for w in body["warnings"]]
    legs = [s["leg"] for d in body["days"] for s in d["stops"]] + [d["return_leg"] for d in body["days"]]
    assert legs and body["days"][0]["stops"]
    for leg in legs:
        a, b = leg["from"], leg["to"]
        expected = 0.0 if _places()[a] == _places()[b] else _spoke_km(a) + _spoke_km(b)
        assert leg["km"] == pytest.approx(expected, abs=0.3 + 0.01 * expected), leg  # along the two spokes
    out = legs[0]
    assert out["minutes"] >= out["km"] / 130 * 60  # no road in the graph is faster than a motorway


def test_with_the_router_down_plans_fall_back_within_two_seconds_and_say_so(catalog_file, tmp_path):
    client = _client(catalog_file, tmp_path, f"http://127.0.0.1:{_free_port()}")
    started = time.monotonic()
    r = client.post("/api/v1/plan?lang=zh", json=TRIP)
    assert time.monotonic() - started < 2
    body = r.get_json()
    assert r.status_code == 200 and body["days"][0]["stops"]
    notes = [w for w in body["warnings"] if w["code"] == "routing_fallback"]
    assert notes and "估算" in notes[0]["message"]["zh"]
    page = client.get("/plan?start=chongqing&date=2026-12-04&lang=zh").get_data(as_text=True)
    assert "路线服务无响应" in page
