"""Geocoding for the position editor: the offline gazetteer always answers; an unreachable online service is
reported as "unavailable" within 3 seconds (a closed port, and a server that never answers, both on loopback)."""
import socket
import threading
import time

import pytest

from app import create_app
from geo.geocode import Gazetteer, GeocodeService, nominatim
from tests.admin_helpers import login, make_user
from tests.conftest import FIXED_NOW


@pytest.mark.parametrize("query,expected", [("宝箴塞", "Baozhen"), ("baozhensai", "Baozhen"), ("Wusheng railway station", "武胜站"),
                                            ("沿口", "沿口"), ("Hechuan", "合川"), ("diaoyucheng", "钓鱼城")])
def test_gazetteer_finds_places_offline(query, expected):
    """Chinese names, English names and pinyin find Wusheng's places with no network at all."""
    found = Gazetteer().geocode(query)
    assert found is not None and expected in found.address
    assert found.raw["datum"] in ("wgs84", "gcj02")


def test_gazetteer_says_none_for_unknown_places():
    """A place it does not know gives no result rather than a wrong guess."""
    assert Gazetteer().geocode("Atlantis") is None


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nobody listens once this closes


class Blackhole:
    """Accepts connections on loopback and never answers: the worst case for a client."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.conns = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.conns.append(self.sock.accept()[0])
            except OSError:
                return

    def close(self):
        for c in self.conns:
            c.close()
        self.sock.close()


@pytest.mark.parametrize("kind", ["closed port", "never answers"])
def test_unreachable_service_is_unavailable_within_3_seconds(kind):
    """With the online service unreachable, the lookup says "unavailable" in under 3 s and still returns the
    gazetteer's matches. Prints the time measured."""
    hole = Blackhole() if kind == "never answers" else None
    port = hole.port if hole else _closed_port()
    service = GeocodeService(nominatim(f"127.0.0.1:{port}", "http", "wusheng-tests", 2.0), timeout=2.0)
    started = time.monotonic()
    answer = service.lookup("宝箴塞")
    elapsed = time.monotonic() - started
    if hole:
        hole.close()
    print(f"\n[geocoder] {kind}: '{answer.online}' after {elapsed:.2f}s")
    assert answer.online == "unavailable" and elapsed < 3.0
    assert answer.results and answer.results[0].source == "gazetteer"


def test_after_a_failure_the_service_is_skipped_at_once():
    """Right after a failure, further lookups do not wait on the dead service again."""
    hole = Blackhole()
    service = GeocodeService(nominatim(f"127.0.0.1:{hole.port}", "http", "wusheng-tests", 2.0), timeout=0.5)
    service.lookup("沿口")
    started = time.monotonic()
    assert service.lookup("合川").online == "unavailable"
    assert time.monotonic() - started < 0.2
    hole.close()


class FakeOnline:
    def __init__(self):
        self.calls = []

    def geocode(self, query, exactly_one=False, timeout=None):
        from geopy.location import Location

        self.calls.append(time.monotonic())
        return [Location("Somewhere", (30.1, 106.1), {})]


def test_rate_limit_and_cache():
    """Requests to the online service are at least min_delay apart, and a repeated query is served from cache."""
    fake = FakeOnline()
    service = GeocodeService(fake, min_delay=0.3)  # type: ignore[arg-type]
    for q in ("a place", "another place", "a place"):
        assert service.lookup(q).online == "ok"
    assert len(fake.calls) == 2 and fake.calls[1] - fake.calls[0] >= 0.29
    assert service.lookup("A  Place").results[-1].datum == "wgs84"


def test_editor_geocode_endpoint_reports_unavailable_quickly(catalog_file, tmp_path):
    """Through the admin: /admin/geocode answers within 3 s with online "unavailable" and offline results."""
    hole = Blackhole()
    app = create_app({"TESTING": True, "CATALOG_PATH": str(catalog_file), "FIXED_NOW": FIXED_NOW,
                      "INSTANCE_PATH": str(tmp_path / "i"), "GEOCODER": "nominatim", "GEOCODER_SCHEME": "http",
                      "GEOCODER_DOMAIN": f"127.0.0.1:{hole.port}"})
    make_user(app)
    client = app.test_client()
    login(client)
    started = time.monotonic()
    body = client.get("/admin/geocode?q=宝箴塞").get_json()
    elapsed = time.monotonic() - started
    hole.close()
    print(f"\n[geocoder] /admin/geocode with the service not answering: '{body['online']}' after {elapsed:.2f}s")
    assert body["online"] == "unavailable" and elapsed < 3.0 and body["results"]


def test_public_pages_never_geocode(catalog_file, tmp_path, monkeypatch):
    """Public request handling never touches the geocoder."""
    import geo.geocode

    monkeypatch.setattr(geo.geocode.GeocodeService, "lookup", lambda *a, **k: pytest.fail("geocoded"))
    app = create_app({"TESTING": True, "CATALOG_PATH": str(catalog_file), "FIXED_NOW": FIXED_NOW,
                      "INSTANCE_PATH": str(tmp_path / "i")})
    client = app.test_client()
    for path in ("/", "/sites"):
        assert client.get(path).status_code == 200


class RankedOnline(FakeOnline):
    """The fake service answering like Nominatim: each result with its place_rank and bounding box."""

    def __init__(self, rank, box):
        super().__init__()
        self.rank, self.box = rank, box

    def geocode(self, query, exactly_one=False, timeout=None):
        from geopy.location import Location

        self.calls.append(time.monotonic())
        return [Location("Somewhere", (30.3, 106.3), {"place_rank": self.rank, "boundingbox": self.box})]


@pytest.mark.parametrize("rank,box,kind,radius", [
    (30, ["30.2999", "30.3001", "106.2999", "106.3001"], "poi", 100),  # a building: 100 m
    (26, None, "street", 500),
    (19, ["30.29", "30.31", "106.29", "106.31"], "town", 3000),  # small town: the kind's radius wins
    (12, ["30.0", "30.6", "106.0", "106.6"], "county", 44_000),  # a county 60 km across: half its diagonal
])
def test_online_answers_carry_a_radius_by_what_was_found(rank, box, kind, radius):
    """An online answer says what it found (a building, a street, a town, a county) and how far a site placed
    at it may be; it is never "surveyed", so "use this" can never make a town centre a surveyed position."""
    place = GeocodeService(RankedOnline(rank, box), min_delay=0).lookup("somewhere").results[-1]
    assert place.kind == kind and place.precision == "estimate"
    assert abs(place.radius_m - radius) <= radius * 0.05


def test_gazetteer_answers_carry_precision_and_radius():
    """Offline answers too: a town is an estimate good to kilometres; only a surveyed landmark stays surveyed,
    within the 100 m the catalog allows a surveyed position (catalog.validation)."""
    from catalog.site_validation import SURVEYED_MAX_RADIUS_M

    service = GeocodeService(None)
    town = service.lookup("沿口镇").results[0]
    assert (town.kind, town.precision, town.radius_m) == ("town", "estimate", 3000)
    county = service.lookup("合川").results[0]
    assert county.precision == "estimate" and county.radius_m >= 15000
    landmark = service.lookup("钓鱼城").results[0]
    assert landmark.precision == "surveyed" and landmark.radius_m <= SURVEYED_MAX_RADIUS_M
    for row in Gazetteer().rows:
        place = Gazetteer.place(Gazetteer().geocode(row["name_zh"]))
        assert place.radius_m and (place.precision == "estimate" or place.radius_m <= SURVEYED_MAX_RADIUS_M)


def test_editor_geocode_endpoint_returns_precision_and_radius(client, app):
    """/admin/geocode gives the position editor everything "use this" fills in."""
    make_user(app)
    login(client)
    result = client.get("/admin/geocode?q=合川").get_json()["results"][0]
    assert result["precision"] == "estimate" and result["radius_m"] >= 15000 and result["kind"] == "county"
