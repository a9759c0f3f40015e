"""The planner on the real Wusheng catalog: feasible days, honest reasons, must-visits, determinism."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from catalog.source import read_catalog
from planner.calendar import open_day
from planner.plan import Planner
from planner.request import RequestError, parse_request
from tests.conftest import ROOT

TZ = ZoneInfo("Asia/Shanghai")
CATALOG = read_catalog(ROOT / "sites.yaml").catalog
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=TZ)
FRIDAY, SATURDAY, MONDAY = "2026-12-04", "2026-12-05", "2026-12-07"
PLANNER = Planner()


def plan(**fields):
    fields.setdefault("start", "chongqing")
    return PLANNER.plan(parse_request(fields, CATALOG, today=NOW.date()), CATALOG, NOW)


@pytest.mark.parametrize("fields", [
    {"date": FRIDAY}, {"date": SATURDAY}, {"date": FRIDAY, "interests": "silk:2,hotpot"},
    {"date": SATURDAY, "pace": "relaxed", "mode": "coach", "group": "25"},
    {"date": FRIDAY, "days": "2", "overnight": "wusheng-seat"},
])
def test_every_visit_starts_while_the_site_is_open_and_day_ends_by_the_return_time(fields):
    it = plan(**fields)
    assert it.visits, "a day trip to Wusheng should visit something"
    for day in it.days:
        assert day.return_time <= day.deadline
        for v in day.visits:
            site = CATALOG.site(v.site)
            od = open_day(site, day.date, CATALOG.calendar, NOW.date())
            if site.tour_slots:
                assert any(v.start == t for t, _, _ in od.slots), v
            else:
                assert any(w.opens <= v.start and v.end <= w.closes for w in od.windows), v
        if day.lunch:
            assert 690 <= day.lunch.start and day.lunch.end <= 810


def test_same_request_gives_the_same_plan():
    a, b = plan(date=FRIDAY, interests="hotpot"), plan(date=FRIDAY, interests="hotpot")
    assert a.to_dict() == b.to_dict()
    assert a.proven_optimal


def test_closed_reason_is_true():
    it = plan(date=SATURDAY)
    closed = [s for s in it.skipped if s.reason.code.startswith("closed")]
    assert closed, "factories are closed on Saturdays in the catalog"
    for s in closed:
        assert not open_day(CATALOG.site(s.site), datetime.fromisoformat(SATURDAY).date(), CATALOG.calendar,
                            NOW.date()).is_open


def test_worth_less_reason_is_true_forcing_it_in_gives_no_better_day():
    """"Worth less than what it would displace": the best day that includes it scores no more."""
    it = plan(date=FRIDAY)
    worth_less = [s for s in it.skipped if s.reason.code == "worth_less"]
    assert worth_less
    for s in worth_less[:4]:
        forced = plan(date=FRIDAY, must=s.site)
        assert s.site in {v.site for v in forced.visits}
        assert sum(CATALOG.site(v.site).score * 100 for v in forced.visits) <= it.score


def test_excluded_sites_are_not_visited_and_say_so():
    first = plan(date=FRIDAY).visits[0].site
    it = plan(date=FRIDAY, exclude=first)
    assert first not in {v.site for v in it.visits}
    assert next(s for s in it.skipped if s.site == first).reason.code == "excluded"


def test_booking_lead_time_is_measured_from_now():
    """A site to be booked 24 h ahead cannot be planned for tomorrow morning if it is evening now."""
    lead = [s for s in CATALOG.published_sites if s.booking.required and s.booking.lead_hours >= 24]
    assert lead
    late_now = datetime(2026, 12, 3, 20, 0, tzinfo=TZ)
    req = parse_request({"start": "chongqing", "date": FRIDAY}, CATALOG, today=late_now.date())
    it = PLANNER.plan(req, CATALOG, late_now)
    reasons = {s.site: s.reason.code for s in it.skipped}
    for site in lead:
        assert site.id not in {v.site for v in it.visits}
        assert reasons.get(site.id) in ("booking_lead", "closed", "closed_holiday", "excluded", "transport")


def test_group_too_big_for_every_slot_is_explained():
    it = plan(date=FRIDAY, group="45")
    slotted = [s for s in CATALOG.published_sites if s.tour_slots and
               all((slot.capacity or 999) < 45 for slot in s.tour_slots)]
    assert slotted
    reasons = {s.site: s.reason.code for s in it.skipped}
    for site in slotted:
        assert reasons[site.id] == "slot_full"


def test_step_free_only_drops_sites_not_confirmed_step_free():
    it = plan(date=FRIDAY, step_free="yes")
    for v in it.visits:
        assert CATALOG.site(v.site).accessibility.step_free is True
    assert any(s.reason.code == "not_step_free" for s in it.skipped)


def test_must_visits_that_cannot_all_fit_are_explained_and_the_rest_kept():
    it = plan(date=MONDAY, must="baozhen-fortress,diaoyucheng,maoge-food-wusheng")
    assert it.conflict is not None
    text = it.conflict.message("zh")
    assert "宝箴塞" in text or "钓鱼城" in text or "毛哥" in text
    kept = {v.site for v in it.visits} & {"baozhen-fortress", "diaoyucheng", "maoge-food-wusheng"}
    assert len(kept) == 2


def test_lunch_at_a_tasting_stop_when_one_is_on_the_way():
    it = plan(date=FRIDAY, interests="hotpot")
    venues = {s.id for s in CATALOG.published_sites if s.meals}
    assert it.days[0].lunch is not None
    assert it.days[0].lunch.venue in venues


def test_return_time_too_early_to_go_anywhere_is_a_field_error():
    with pytest.raises(RequestError) as info:
        plan(date=FRIDAY, depart="08:00", return_by="08:30", start="chongqing", end="wusheng-seat")
    assert "return_by" in info.value.fields


def test_itinerary_times_add_up():
    it = plan(date=FRIDAY)
    for day in it.days:
        t = day.departure
        for v in day.visits:
            assert v.arrival >= t + v.leg.minutes or (day.lunch and day.lunch.start >= t)
            assert v.arrival + v.wait <= v.start < v.end <= v.departure
            t = v.departure
        assert it.totals.travel_minutes > 0
