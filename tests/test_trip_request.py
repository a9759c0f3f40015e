"""Trip requests: sensible defaults, every bad field named with a reason, permalink fields round-trip."""
from datetime import date

import pytest

from catalog.source import read_catalog
from planner.request import RequestError, next_saturday, parse_request
from tests.conftest import ROOT

CATALOG = read_catalog(ROOT / "sites.yaml").catalog
TODAY = date(2026, 12, 1)
SITE = CATALOG.published_sites[0].id
START = CATALOG.start_points[0].id


def parse(**fields):
    return parse_request(fields, CATALOG, today=TODAY)


def test_defaults_next_saturday_eight_to_eight_by_car():
    r = parse(start=START)
    assert r.date == date(2026, 12, 5) and r.date.weekday() == 5
    assert (r.depart, r.return_by, r.mode, r.days, r.lunch) == (480, 1200, "car", 1, True)
    assert r.end == r.start


def test_next_saturday_from_a_saturday_is_a_week_later():
    assert next_saturday(date(2026, 12, 5)) == date(2026, 12, 12)


@pytest.mark.parametrize("fields,name,text", [
    ({"date": "2026-02-30"}, "date", "must be a date"),
    ({"date": "2026-11-01"}, "date", "in the past"),
    ({"depart": "25:00"}, "depart", "time"),
    ({"depart": "18:00", "return_by": "09:00"}, "return_by", "after the departure"),
    ({"days": "9"}, "days", "from 1 to 3"),
    ({"mode": "rocket"}, "mode", "one of"),
    ({"pace": "sprint"}, "pace", "one of"),
    ({"must": "nowhere"}, "must", "unknown site"),
    ({"interests": "hotpot:9"}, "interests", "weight"),
    ({"interests": "skiing"}, "interests", "unknown theme"),
    ({"group": "0"}, "group", "from 1 to 500"),
    ({"step_free": "perhaps"}, "step_free", "yes or no"),
    ({"start": "39.9,116.4"}, "start", "outside"),
    ({"start": "atlantis"}, "start", "not a start point"),
    ({"lunch_from": "12:00", "lunch_to": "12:30"}, "lunch_to", "lunch must fit"),
])
def test_each_bad_field_is_named_with_a_reason(fields, name, text):
    data = {"start": START, **fields}
    with pytest.raises(RequestError) as info:
        parse(**data)
    assert name in info.value.fields
    assert text in info.value.message(name, "en")
    assert info.value.message(name, "zh")


def test_all_bad_fields_reported_together():
    with pytest.raises(RequestError) as info:
        parse(start="atlantis", date="nope", mode="rocket")
    assert {"start", "date", "mode"} <= set(info.value.fields)


def test_must_and_exclude_conflict():
    with pytest.raises(RequestError) as info:
        parse(start=START, must=SITE, exclude=SITE)
    assert "exclude" in info.value.fields


def test_permalink_fields_parse_back_to_the_same_request():
    r = parse(start=START, date="2026-12-12", depart="07:30", return_by="19:00", mode="coach",
              interests="hotpot:2,silk", must=SITE, group="12", step_free="yes", pace="relaxed", lunch_to="14:00")
    assert parse(**r.to_params()) == r


def test_coordinates_keep_their_datum():
    r = parse(start="30.34,106.29", start_datum="gcj02")
    assert r.start.kind == "coords" and r.start.location.datum.value == "gcj02"
    assert parse(**r.to_params()) == r
