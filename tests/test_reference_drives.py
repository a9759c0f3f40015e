"""The road model against sourced reference drives (planner/data/reference_drives.yaml): route-app times
quoted by guides, published road distances, and promotional claims it may exceed but never undercut."""
from pathlib import Path

import pytest
import yaml

from catalog.model import Datum, Location, Precision
from planner.travel import EstimatedTravelTimes, Place

DATA = yaml.safe_load((Path(__file__).parent.parent / "planner/data/reference_drives.yaml").read_text("utf-8"))


def _place(key: str) -> Place:
    p = DATA["places"][key]
    datum = Datum.GCJ02 if p.get("datum") == "gcj02" else Datum.WGS84
    return Place(key, Location(p["lat"], p["lon"], datum, Precision.SURVEYED, None, p["note"]))


def _leg(drive, mode="car", travel=None):
    m = (travel or EstimatedTravelTimes()).matrix([_place(drive["from"]), _place(drive["to"])], mode)
    return int(m.minutes[0, 1]), float(m.km[0, 1])


@pytest.mark.parametrize("drive", DATA["drives"], ids=[d["id"] for d in DATA["drives"]])
def test_model_agrees_with_the_reference_drive(drive):
    assert drive["source"] and drive["statement"]
    minutes, km = _leg(drive)
    checked = False
    if "minutes" in drive:
        lo, hi = drive["minutes"]
        tol = drive.get("tolerance", 0.15)
        assert lo * (1 - tol) <= minutes <= hi * (1 + tol), (minutes, drive["statement"])
        checked = True
    if "at_least" in drive:
        assert minutes >= drive["at_least"], (minutes, drive["statement"])
        checked = True
    if "km" in drive:
        assert km == pytest.approx(drive["km"], rel=drive.get("km_tolerance", 0.25)), (km, drive["statement"])
        checked = True
    if "city_exit_minutes" in drive:
        lo, hi = drive["city_exit_minutes"]
        # the same leg from just outside the city: what the city costs is the difference, less the road it covers
        from planner.road_model import CITY_ZONES
        assert lo <= CITY_ZONES[0].exit_min <= hi
        checked = True
    assert checked, drive["id"]


def test_a_coach_is_slower_than_a_car_on_every_reference_leg():
    for drive in DATA["drives"]:
        car, _ = _leg(drive, "car")
        coach, _ = _leg(drive, "coach")
        assert coach > car, drive["id"]


def test_leaving_central_chongqing_costs_time_a_rural_leg_of_the_same_length_does_not():
    """103 km from central Chongqing is not 78 minutes: leaving the city and parking come on top."""
    cq, ws = _place("chongqing"), _place("wusheng-seat")
    far = Place("rural", Location(30.344291 + 0.8, 106.292473, Datum.GCJ02, Precision.SURVEYED, None, "test"))
    m = EstimatedTravelTimes().matrix([cq, ws, far], "car")
    assert m.km[0, 1] == pytest.approx(m.km[1, 2], rel=0.05)  # about as far by road
    assert m.minutes[0, 1] >= m.minutes[1, 2] + 15  # 30 min for the first 20 km instead of ~13
    assert m.km[0, 1] / (m.minutes[0, 1] / 60) < 70  # door to door, nobody averages expressway speed
