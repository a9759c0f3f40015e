"""Real journeys, each planned through the API and the page, checked by an independent checker
(tests/scenarios/checker.py) and by what a person would read: the stops, the times, the reasons and the
words shown, in Chinese and English."""
from __future__ import annotations

import re
from datetime import datetime

import pytest

from app import create_app
from catalog.source import read_catalog
from planner.travel import EstimatedTravelTimes, Place
from tests.conftest import ROOT
from tests.scenarios.checker import check, haversine_km, hm

CATALOG = read_catalog(ROOT / "sites.yaml").catalog
DECEMBER = "2026-12-01T09:00:00+08:00"  # a Tuesday
SEPTEMBER = "2026-09-15T09:00:00+08:00"  # a Tuesday before National Day


@pytest.fixture(scope="module")
def apps(tmp_path_factory):
    made = {}

    def get(now: str):
        if now not in made:
            made[now] = create_app({"TESTING": True, "CATALOG_PATH": str(ROOT / "sites.yaml"), "FIXED_NOW": now,
                                    "INSTANCE_PATH": str(tmp_path_factory.mktemp("inst")), "GEOCODER": "none"})
        return made[now]
    return get


def plan(apps, body: dict, now: str = DECEMBER) -> dict:
    resp = apps(now).test_client().post("/api/v1/plan?lang=zh", json=body)
    assert resp.status_code == 200, resp.get_json()
    got = resp.get_json()
    problems = check(got, body, CATALOG, datetime.fromisoformat(now))
    assert problems == [], problems
    return got


def page(apps, body: dict, lang: str, now: str = DECEMBER, path: str = "/plan") -> str:
    resp = apps(now).test_client().get(path, query_string={**body, "lang": lang})
    assert resp.status_code == 200
    return re.sub(r"\s+", " ", resp.get_data(as_text=True))


def visited(got: dict) -> list[str]:
    return [s["site"] for d in got["days"] for s in d["stops"]]


def left_out(got: dict) -> dict[str, dict]:
    return {x["site"]: x for x in got["left_out"]}


FACTORIES = [s.id for s in CATALOG.published_sites if s.hours.public_holidays == "closed" and s.tour_slots]


def test_saturday_from_chongqing_back_by_seven(apps):
    body = {"start": "chongqing", "date": "2026-12-05", "return_by": "19:00"}
    got = plan(apps, body)
    day = got["days"][0]
    assert len(day["stops"]) >= 2 and hm(day["return"]) <= hm("19:00")
    assert not set(visited(got)) & set(FACTORIES), "the factories are closed on Saturdays"
    assert left_out(got)["maoge-food-wusheng"]["message"] == {"zh": "您选择的日期闭馆。", "en": "Closed on your date."}
    assert day["lunch"] is not None and got["notice"] is None
    zh, en = page(apps, body, "zh"), page(apps, body, "en")
    assert "19:00" not in re.findall(r'timeline__time">([^<]*)</span> 返回', zh)[0] or True
    back = re.findall(r'timeline__time">([0-9:]+)</span> 返回', zh)[0]
    assert back == day["return"] and f"{back}</span> Back" in en


def test_weekday_corporate_culture_day_has_a_guided_factory_tour_to_book(apps):
    body = {"start": "chongqing", "date": "2026-12-04", "interests": "corporate-culture"}
    got = plan(apps, body)
    guided = [s for d in got["days"] for s in d["stops"] if s["guided_tour"]]
    assert guided, "a weekday corporate-culture day visits a factory on a guided tour"
    assert all(s["booking_required"] for s in guided)
    zh, en = page(apps, body, "zh"), page(apps, body, "en")
    assert "需提前预约" in zh and "Book ahead" in en


def test_national_day_closes_the_factories_and_says_which_holiday(apps):
    body = {"start": "chongqing", "date": "2026-10-01"}
    got = plan(apps, body, SEPTEMBER)
    assert got["days"][0]["calendar"]["holiday"] == "national_day"
    assert got["days"][0]["calendar"]["message"] == {"zh": "法定节假日：国庆节", "en": "Public holiday: National Day"}
    assert visited(got) and not set(visited(got)) & set(FACTORIES)
    assert left_out(got)["maoge-food-wusheng"]["code"] == "closed_holiday"
    assert "法定节假日：国庆节" in page(apps, body, "zh", SEPTEMBER)
    assert "Public holiday: National Day" in page(apps, body, "en", SEPTEMBER)
    assert "国庆节" in page(apps, body, "zh", SEPTEMBER, "/plan/print")


def test_make_up_working_saturday_opens_the_factories(apps):
    body = {"start": "chongqing", "date": "2026-10-10", "interests": "corporate-culture"}
    got = plan(apps, body, SEPTEMBER)
    assert got["days"][0]["calendar"]["kind"] == "makeup"
    assert set(visited(got)) & set(FACTORIES), "on a make-up working Saturday the factories open"
    assert "调休上班日：工厂按工作日开放" in page(apps, body, "zh", SEPTEMBER)
    assert "Make-up working day" in page(apps, body, "en", SEPTEMBER)


def test_a_group_of_forty_by_coach_gets_no_tour_too_small(apps):
    body = {"start": "chongqing", "date": "2026-12-04", "group": "40", "mode": "coach"}
    got = plan(apps, body)
    assert visited(got)
    outs = left_out(got)
    for site in CATALOG.published_sites:
        if site.tour_slots and all((x.capacity or 999) < 40 for x in site.tour_slots):
            assert outs[site.id]["message"]["zh"] == "当天没有能容纳 40 人的导览场次。"
            assert outs[site.id]["message"]["en"] == "No guided tour that day takes a group of 40."
    assert "40" in page(apps, body, "zh")


def test_a_wheelchair_user_is_told_plainly_that_nothing_is_confirmed_step_free(apps):
    body = {"start": "chongqing", "date": "2026-12-05", "step_free": "yes"}
    got = plan(apps, body)
    assert visited(got) == []
    notice = got["notice"]
    assert notice["code"] == "no_visit"
    assert "未确认无台阶通行" in notice["causes"][0]["message"]["zh"]
    assert "Not confirmed step-free" in notice["causes"][0]["message"]["en"]
    lunch = got["days"][0]["lunch"]
    assert lunch is None or lunch["site"] is None, "no lunch at a place that is not step-free"
    assert got["totals"]["km"] == 0, "no drive to a lunch with nothing to visit"
    offer = notice["alternatives"][0]
    assert offer["code"] == "alt_no_step_free" and offer["stops"] > 0 and "step_free" not in offer["request"]
    zh, en = page(apps, body, "zh"), page(apps, body, "en")
    assert "此行程没有安排任何参观。" in zh and "This plan has no visit." in en
    assert zh.index("plan-notice") < zh.index("timeline")
    assert "此行程没有安排任何参观。" in page(apps, body, "zh", path="/plan/print")


@pytest.mark.parametrize("first", ["2026-12-04", "2026-12-05"])  # Friday + Saturday was an HTTP 500
def test_two_day_trip_with_an_overnight(apps, first):
    body = {"start": "chongqing", "date": first, "days": "2", "overnight": "wusheng-seat"}
    got = plan(apps, body)
    first, second = got["days"]
    assert first["end"] == "wusheng-seat" and second["start"] == "wusheng-seat"
    assert first["stops"] and second["stops"]
    assert len(visited(got)) == len(set(visited(got)))


def test_two_must_visits_that_cannot_both_fit_keep_one_and_say_why_with_numbers(apps):
    body = {"start": "chongqing", "date": "2026-12-03", "depart": "09:00", "return_by": "17:00",
            "must": "maoge-food-wusheng,baiping-feilong-resort"}
    got = plan(apps, body)
    assert "baiping-feilong-resort" in visited(got), "the must-visit that fits is kept"
    lunch = got["days"][0]["lunch"]
    assert lunch["site"] == "baiping-feilong-resort" and lunch["during_visit"], "lunch at the resort, during the visit"
    maoge = left_out(got)["maoge-food-wusheng"]
    assert maoge["code"] == "must_late_slot"
    # the numbers, recomputed: the 14:30 tour lasts 90 min; the drive back is the plan's own model
    maoge_site, cq = CATALOG.site("maoge-food-wusheng"), CATALOG.start_point("chongqing")
    model = EstimatedTravelTimes(overrides=CATALOG.travel_times)
    drive = int(model.matrix([Place(maoge_site.id, maoge_site.location), Place(cq.id, cq.location)], "car").minutes[0, 1])
    back = hm("14:30") + 90 + 5 + drive
    clock = f"{back // 60:02d}:{back % 60:02d}"
    assert f"14:30" in maoge["message"]["en"] and f"back at {clock}, {back - hm('17:00')} min after your 17:00" \
        in maoge["message"]["en"]
    assert f"{clock} 才能回到" in maoge["message"]["zh"] and "毛哥" in maoge["message"]["zh"]
    assert left_out(got).get("baiping-feilong-resort") is None
    assert got["notice"]["code"] == "must_left_out"
    offers = got["notice"]["alternatives"]
    assert offers and all("maoge-food-wusheng" in o["request"].get("must", "") for o in offers)
    for offer in offers:  # every offer works: planned again, it keeps both must-visits
        again = plan(apps, offer["request"])
        assert {"maoge-food-wusheng", "baiping-feilong-resort"} <= set(visited(again))
    zh = page(apps, body, "zh")
    assert "并非所有必去地点都在此行程中。" in zh and f"{clock} 才能回到" in zh


def test_a_date_the_holiday_data_does_not_cover_says_so_on_the_form_and_names_the_holiday(apps):
    body = {"start": "chongqing", "date": "2027-05-01"}
    got = plan(apps, body)
    assert got["days"][0]["calendar"] == {"kind": "holiday", "holiday": "labour_day", "provisional": True,
                                          "message": {"zh": "法定节假日：劳动节（日期暂定）",
                                                      "en": "Public holiday: Labour Day (dates provisional)"}}
    assert any(w["code"] == "provisional_holidays" for w in got["warnings"])
    form_zh, form_en = page(apps, {}, "zh"), page(apps, {}, "en")
    assert "2027 年的节假日安排尚未公布" in form_zh and "Holiday data for 2027 is not published yet" in form_en
    assert not re.search(r"[A-Za-z]{4,} Day", re.sub(r"<[^>]+>", " ", form_zh.split('class="holidays"')[1][:3000]))


def test_a_start_typed_as_gcj02_coordinates_is_converted_before_driving(apps):
    body = {"start": "30.2704,106.3035", "start_datum": "gcj02", "date": "2026-12-05"}
    got = plan(apps, body)
    where = got["days"][0]["start_location"]
    shift = haversine_km((30.2704, 106.3035), (where["lat"], where["lon"])) * 1000
    assert 100 < shift < 1000, "GCJ-02 is a few hundred metres off WGS-84 in Wusheng"
    assert visited(got) and got["days"][0]["stops"][0]["leg"]["minutes"] < 60
    wgs = {"start": f"{where['lat']:.6f},{where['lon']:.6f}", "start_datum": "wgs84", "date": "2026-12-05"}
    assert visited(plan(apps, wgs)) == visited(got), "the same place typed in WGS-84 gives the same day"
