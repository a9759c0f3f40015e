"""An independent feasibility checker for planned trips, written for the tests.

It reads the plan as the API returns it and the catalog's facts, and checks what a visitor would check:
each visit inside the site's opening hours that day (public holidays and make-up working days from
``chinese_calendar`` directly), before last entry, at a guided-tour time with room for the group,
bookable that far ahead, step-free and group rules kept, lunch inside its window at a place that is open
and meets the same rules, and the day back by the return time. Travel: every leg starts where the
visitor really is, its minutes are what the plan's own travel model gives for that pair (read through the
public ``TravelTimes`` interface, so a new model does not break the check), departure plus drive never
exceeds arrival, and the road distance is at least the straight line (this file's own haversine).
It imports none of the planner's scheduling code.
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar

from catalog.model import Catalog, Location
from geo.datum import location_in
from planner.travel import MODES, EstimatedTravelTimes, Place

TZ = ZoneInfo("Asia/Shanghai")
WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def hm(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def kind_of(day: date) -> str:
    try:
        is_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return "weekend" if day.weekday() >= 5 else "workday"
    if is_holiday and name:
        return "holiday"
    if day.weekday() >= 5 and not is_holiday:
        return "makeup"
    return "weekend" if day.weekday() >= 5 else "workday"


def windows(site, day: date) -> tuple[list[tuple[int, int]], str]:
    """(opening windows, weekday used for tour slots) of a site on a date, from the catalog's own rules."""
    h, kind = site.hours, kind_of(day)
    if day in h.closed_dates:
        return [], ""
    if kind == "holiday" and h.public_holidays == "closed":
        return [], ""
    if kind == "holiday" and h.holiday_windows is not None:
        return [(w.opens, w.closes) for w in h.holiday_windows], WEEK[day.weekday()]
    if kind == "makeup" and h.makeup_days == "workday":
        for d in WEEK[:5]:
            if h.windows_for(d):
                return [(w.opens, w.closes) for w in h.windows_for(d)], "mon"
    weekday = WEEK[day.weekday()]
    return [(w.opens, w.closes) for w in h.windows_for(weekday)], weekday


class Problems(list):
    def need(self, ok: bool, text: str) -> None:
        if not ok:
            self.append(text)


def check(plan: dict, request: dict, catalog: Catalog, now: datetime) -> list[str]:
    """Everything wrong with ``plan`` (the API body) for ``request``; [] when a visitor could follow it."""
    bad = Problems()
    group = int(request.get("group", 2))
    step_free = str(request.get("step_free", "")).lower() in ("1", "yes", "true")
    lunch_on = str(request.get("lunch", "yes")).lower() not in ("0", "no", "false")
    l_from, l_to = hm(request.get("lunch_from", "11:30")), hm(request.get("lunch_to", "13:30"))
    l_min = int(request.get("lunch_minutes", 60))
    mode = request.get("mode", "car")
    travel = EstimatedTravelTimes(overrides=catalog.travel_times)
    slow = _holiday_slowdown(plan)
    seen: set[str] = set()
    for d in plan["days"]:
        day = date.fromisoformat(d["date"])
        positions = {d["start"]: d["start_location"], d["end"]: d["end_location"]}
        for s in d["stops"]:
            positions[s["site"]] = s["location"]
        if d["lunch"]:
            positions[d["lunch"]["site"] or d["lunch"]["at"]] = d["lunch"]["location"]
        bad.need(hm(d["departure"]) >= hm(request.get("depart", "08:00")), f"{day}: leaves before the departure time")
        bad.need(hm(d["return"]) <= hm(d["deadline"]), f"{day}: back at {d['return']}, after {d['deadline']}")
        here, free_at = d["start"], hm(d["departure"])
        lunch = d["lunch"]
        detour = bool(lunch and lunch["leg"])  # a lunch venue on the way, not yet reached
        for s in d["stops"]:
            site = catalog.site(s["site"])
            bad.need(site is not None and site.published, f"{s['site']}: not a published site")
            bad.need(s["site"] not in seen, f"{s['site']}: visited twice")
            seen.add(s["site"])
            arrival, start, end = hm(s["arrival"]), hm(s["start"]), hm(s["end"])
            bad.need(arrival <= start < end <= hm(s["departure"]), f"{s['site']}: times out of order")
            wins, slot_day = windows(site, day)
            bad.need(any(o <= start and start <= c - site.hours.last_entry_min and end <= c for o, c in wins)
                     or (site.tour_slots and any(o <= start < c for o, c in wins)),
                     f"{s['site']}: {s['start']}-{s['end']} is outside its hours {wins} on {day}")
            if site.tour_slots:
                slots = [(t, x.duration_min, x.capacity) for x in site.tour_slots if slot_day in x.days for t in x.times]
                fit = [x for x in slots if x[0] == start]
                bad.need(bool(fit), f"{s['site']}: {s['start']} is no guided-tour time")
                bad.need(all(cap is None or cap >= group for _, _, cap in fit), f"{s['site']}: tour too small for {group}")
                bad.need(all(end - start >= dur for _, dur, _ in fit), f"{s['site']}: shorter than its tour")
            if site.booking.required and site.booking.lead_hours:
                at = datetime.combine(day, datetime.min.time(), TZ) + timedelta(minutes=start)
                bad.need(at >= now + timedelta(hours=site.booking.lead_hours), f"{s['site']}: cannot be booked in time")
            bad.need(not step_free or site.accessibility.step_free is True, f"{s['site']}: not step-free")
            bad.need(site.rules.max_group is None or group <= site.rules.max_group, f"{s['site']}: group too big")
            leg = s["leg"]
            if detour and hm(lunch["start"]) <= start:
                bad.need(lunch["leg"]["from"] == here, f"lunch leg from {lunch['leg']['from']}, the visitor is at {here}")
                _leg_consistent(bad, lunch["leg"], positions, travel, mode, catalog, slow)
                here, detour = lunch["leg"]["to"], False
            bad.need(leg["from"] == here, f"{s['site']}: its leg starts at {leg['from']}, the visitor is at {here}")
            lunch_between = lunch and free_at <= hm(lunch["start"]) < start
            bad.need(free_at + leg["minutes"] <= arrival or lunch_between,
                     f"{s['site']}: left at {free_at}, {leg['minutes']} min drive, arrives {s['arrival']}")
            _leg_consistent(bad, leg, positions, travel, mode, catalog, slow)
            here, free_at = s["site"], hm(s["departure"])
        if detour:  # lunch at a venue after the last visit
            here = lunch["leg"]["to"]
        home = d["return_leg"]
        bad.need(home["from"] == here or (lunch and lunch["at"] == home["from"]), f"{day}: home leg from {home['from']}")
        _leg_consistent(bad, home, positions, travel, mode, catalog, slow)
        if lunch_on:
            bad.need(lunch is not None, f"{day}: no lunch")
        if lunch:
            a, b = hm(lunch["start"]), hm(lunch["end"])
            bad.need(l_from <= a and b <= l_to and b - a >= l_min, f"{day}: lunch {a}-{b} outside its window")
            venue = catalog.site(lunch["site"]) if lunch["site"] else None
            if venue is not None:
                wins, _ = windows(venue, day)
                bad.need(venue.meals, f"{venue.id}: serves no meals")
                bad.need(any(o <= a and b <= c for o, c in wins), f"{venue.id}: closed at lunch time")
                bad.need(not step_free or venue.accessibility.step_free is True, f"{venue.id}: lunch not step-free")
                if lunch["during_visit"]:
                    visit = next((s for s in d["stops"] if s["site"] == venue.id), None)
                    bad.need(visit is not None and hm(visit["start"]) <= a and b <= hm(visit["end"]),
                             f"{venue.id}: lunch during a visit that does not cover it")
    return bad


def _holiday_slowdown(plan: dict) -> float:
    """The slowdown the plan tells the visitor about ("road times are planned 40% slower"), 1.0 when none."""
    for w in plan.get("warnings", []):
        found = re.search(r"(\d+)% slower", w["message"]["en"]) if w["code"] == "holiday_traffic" else None
        if found:
            return 1 + int(found.group(1)) / 100
    return 1.0


def _leg_consistent(bad: Problems, leg: dict, positions: dict, travel, mode: str, catalog: Catalog,
                    slow: float = 1.0) -> None:
    a, b = positions.get(leg["from"]), positions.get(leg["to"])
    if a is None or b is None:
        bad.append(f"leg {leg['from']}->{leg['to']}: a place not in the plan")
        return
    if leg["from"] == leg["to"]:
        bad.need(leg["minutes"] == 0, f"leg {leg['from']}->{leg['to']}: {leg['minutes']} min without moving")
        return
    pa, pb = _place(leg["from"], a), _place(leg["to"], b)
    model = int(travel.matrix([pa, pb], mode).minutes[0, 1])
    parking = MODES[mode].parking_min
    # A holiday slows the driving, not the parking; the plan states by how much (the note checked above).
    expected = model if slow == 1.0 or model == 0 else math.ceil((model - parking) * slow - 1e-9) + parking
    bad.need(abs(leg["minutes"] - expected) <= (1 if slow != 1.0 else 0),
             f"leg {leg['from']}->{leg['to']}: {leg['minutes']} min, the travel model says {expected}"
             + (f" ({model} x {slow:.2f} on holiday roads)" if slow != 1.0 else ""))
    straight = haversine_km((a["lat"], a["lon"]), (b["lat"], b["lon"]))
    bad.need(leg["km"] + 0.05 >= straight, f"leg {leg['from']}->{leg['to']}: {leg['km']} km is shorter than "
                                           f"the straight line {straight:.1f} km")


def _place(key: str, pos: dict) -> Place:
    from catalog.model import Datum, Precision

    return Place(key, Location(pos["lat"], pos["lon"], Datum.WGS84, Precision.SURVEYED, None, "test"))


def wgs84(loc: Location) -> tuple[float, float]:
    return location_in(loc, "wgs84")
