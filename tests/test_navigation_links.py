"""Phone hand-off links land on the right spot: each app gets coordinates in the datum it expects."""
from urllib.parse import parse_qs, urlparse

import pytest

from catalog.model import Datum, Location, Precision
from geo.datum import to_datum
from geo.distance import distance_m
from geo.navigation import amap_marker, apple_marker, baidu_marker

# Diaoyucheng as Wikipedia records it (WGS-84), and the county seat as DataV records it (GCJ-02).
POINTS = [Location(30.005, 106.315, Datum.WGS84, Precision.SURVEYED, None, "wiki"),
          Location(30.344291, 106.292473, Datum.GCJ02, Precision.SURVEYED, None, "DataV")]


def _q(url):
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


@pytest.mark.parametrize("loc", POINTS)
def test_amap_gets_gcj02(loc):
    q = _q(amap_marker(loc, "钓鱼城").url)
    lon, lat = map(float, q["position"].split(","))
    want = to_datum(loc.lat, loc.lon, loc.datum, Datum.GCJ02)
    assert q["coordinate"] == "gaode"
    assert distance_m(lat, lon, *want) < 1


@pytest.mark.parametrize("loc", POINTS)
def test_baidu_gets_bd09_and_says_so(loc):
    q = _q(baidu_marker(loc, "钓鱼城").url)
    lat, lon = map(float, q["location"].split(","))
    want = to_datum(loc.lat, loc.lon, loc.datum, Datum.BD09)
    assert q["coord_type"] == "bd09ll"
    assert distance_m(lat, lon, *want) < 1
    # and it really is shifted from what we stored: sending raw coordinates would miss by hundreds of metres
    assert distance_m(lat, lon, loc.lat, loc.lon) > 300


def test_names_are_url_encoded_not_injected():
    url = apple_marker(POINTS[0], 'x&ll=0,0#"<b>').url
    q = _q(url)
    assert q["q"] == 'x&ll=0,0#"<b>'
    assert q["ll"].startswith("30.")
