"""Golden Week and holiday travel: slower road times, and a note in the plan that says so."""
from datetime import date, timedelta

import yaml

from app import create_app
from catalog.model import HolidayCalendar
from planner.holiday_traffic import EVE, GOLDEN_WEEK, PEAK, day_factor
from tests.conftest import FIXED_NOW

TODAY = date(2026, 12, 1)
# 2027 as the bureau would enter it: National Day 1-7 October, make-up working Saturday 9 October
GOLDEN = HolidayCalendar(frozenset(date(2027, 10, d) for d in range(1, 8)), frozenset({date(2027, 10, 9)}),
                         frozenset({2027}), "test")


def test_golden_week_peaks_on_its_first_and_last_day_and_the_eve_is_slow_too():
    f = {d: day_factor(date(2027, 10, d), GOLDEN, TODAY) for d in range(1, 10)}
    assert f[1] == f[7] == PEAK
    assert all(f[d] == GOLDEN_WEEK for d in range(2, 7))
    assert f[8] == 1.0 and f[9] == 1.0  # back to work; the make-up Saturday is a working day
    assert day_factor(date(2027, 9, 30), GOLDEN, TODAY) == EVE
    assert day_factor(date(2027, 9, 29), GOLDEN, TODAY) == 1.0


def test_an_ordinary_weekend_is_not_holiday_traffic():
    sat = date(2026, 12, 5)
    assert day_factor(sat, None, TODAY) == 1.0 and day_factor(sat + timedelta(days=1), None, TODAY) == 1.0
    assert day_factor(date(2026, 12, 4), None, TODAY) == 1.0  # the Friday before it


def _client(catalog_file, tmp_path):
    raw = yaml.safe_load(catalog_file.read_text("utf-8"))
    raw["calendar"] = {"holidays": [f"2027-10-0{d}" for d in range(1, 8)], "workdays": ["2027-10-09"],
                       "years": [2027], "source": "国务院办公厅 test notice"}
    catalog_file.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), "utf-8")
    return create_app({"TESTING": True, "CATALOG_PATH": str(catalog_file), "FIXED_NOW": FIXED_NOW,
                       "INSTANCE_PATH": str(tmp_path / "instance"), "GEOCODER": "none",
                       "PLAN_CACHE_SIZE": 0}).test_client()


def test_a_plan_on_national_day_drives_slower_and_says_why(catalog_file, tmp_path):
    client = _client(catalog_file, tmp_path)
    trip = {"start": "chongqing", "depart": "08:00", "return_by": "20:00"}
    ordinary = client.post("/api/v1/plan", json={**trip, "date": "2027-10-13"}).get_json()
    holiday = client.post("/api/v1/plan", json={**trip, "date": "2027-10-01"}).get_json()
    first = {"ordinary": ordinary["days"][0]["stops"][0]["leg"], "holiday": holiday["days"][0]["stops"][0]["leg"]}
    assert first["holiday"]["km"] == first["ordinary"]["km"]  # the same drive out of Chongqing (101 km) ...
    assert first["holiday"]["minutes"] >= first["ordinary"]["minutes"] * 1.3  # ... far slower on the first day
    notes = [w for w in holiday["warnings"] if w["code"] == "holiday_traffic"]
    assert notes and "2027-10-01" in notes[0]["message"]["zh"] and "节假日出行高峰" in notes[0]["message"]["zh"]
    assert "40% slower" in notes[0]["message"]["en"]
    assert not [w for w in ordinary["warnings"] if w["code"] == "holiday_traffic"]
    page = client.get("/plan?start=chongqing&date=2027-10-01&lang=zh").get_data(as_text=True)
    assert "节假日出行高峰" in page
