"""The answer to a trip request: days of timed visits and legs, lunch, sites left out and why, totals.

An Itinerary checks its own timeline on construction (on top of the solver's own verification), so
no view can show a plan in which a visit starts before its arrival or the day ends after the deadline.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from catalog.model import LocalizedText

from .reasons import Reason, clock

if TYPE_CHECKING:
    from .notice import Notice


class ItineraryError(AssertionError):
    """An itinerary's own timeline does not add up: always a bug in what built it."""


@dataclass(frozen=True)
class Leg:
    origin: str  # place key
    destination: str
    minutes: int
    km: float
    approx: bool = False  # an end's position is an estimate: shown as "about"


@dataclass(frozen=True)
class Visit:
    site: str
    name: LocalizedText
    leg: Leg  # how you got here
    arrival: int  # minutes after midnight
    wait: int
    start: int
    end: int
    departure: int
    guided: bool  # starts at a fixed guided-tour slot
    booking: bool  # must be booked


@dataclass(frozen=True)
class Lunch:
    start: int
    end: int
    venue: str | None  # a site id with meals, or None: near the place given by ``at``
    at: str  # place key where lunch happens
    name: LocalizedText
    leg: Leg | None = None  # the detour to a lunch venue
    during: bool = False  # eaten during the visit to ``venue`` (a site that serves meals)
    where: str = ""  # lunch near a stop: "before_service" (on arrival at the next stop) or "after_departure"


@dataclass(frozen=True)
class Day:
    index: int
    date: date
    start: str  # place key
    end: str
    start_name: LocalizedText
    end_name: LocalizedText
    departure: int
    deadline: int
    visits: tuple[Visit, ...]
    lunch: Lunch | None
    home_leg: Leg
    return_time: int
    kind: str = "workday"  # "workday" | "weekend" | "holiday" | "makeup" (a weekend day worked, 调休)
    holiday: str = ""  # the public holiday's code (planner.calendar.HOLIDAY_CODES), "" on other days
    provisional: bool = False  # the day's holiday status is computed by rule, not yet published

    @property
    def legs(self) -> tuple[Leg, ...]:
        lunch = (self.lunch.leg,) if self.lunch is not None and self.lunch.leg is not None else ()
        return (*(v.leg for v in self.visits), *lunch, self.home_leg)

    @property
    def travel_minutes(self) -> int:
        return sum(g.minutes for g in self.legs)

    @property
    def km(self) -> float:
        return sum(g.km for g in self.legs)


@dataclass(frozen=True)
class Skipped:
    site: str
    name: LocalizedText
    reason: Reason


@dataclass(frozen=True)
class Totals:
    travel_minutes: int
    visit_minutes: int
    km: float
    tickets_cny: float  # known prices times the group
    tickets_unknown: int  # visits whose price is not known


@dataclass(frozen=True)
class Itinerary:
    request_params: dict
    catalog_version: str
    days: tuple[Day, ...]
    skipped: tuple[Skipped, ...]
    warnings: tuple[Reason, ...]
    totals: Totals
    score: int
    proven_optimal: bool
    method: str
    conflict: Reason | None = None  # must-visits that could not all be fitted
    notice: "Notice | None" = None  # the plan misses its point (no visit, a must-visit left out): why, what works
    extra: dict = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for day in self.days:
            _check_day(day, seen)

    @property
    def visits(self) -> tuple[Visit, ...]:
        return tuple(v for d in self.days for v in d.visits)

    def to_dict(self) -> dict:
        def text(t: LocalizedText) -> dict:
            return {"zh": t.zh, "en": t.en}

        def leg(g: Leg) -> dict:
            return {"from": g.origin, "to": g.destination, "minutes": g.minutes, "km": round(g.km, 1),
                    "approx": g.approx}

        return {
            "catalog_version": self.catalog_version,
            "request": self.request_params,
            "score": self.score,
            "proven_optimal": self.proven_optimal,
            "days": [{
                "date": d.date.isoformat(), "start": d.start, "end": d.end, "departure": clock(d.departure),
                "return": clock(d.return_time), "deadline": clock(d.deadline),
                "stops": [{"site": v.site, "name": text(v.name), "arrival": clock(v.arrival), "wait_minutes": v.wait,
                           "start": clock(v.start), "end": clock(v.end), "departure": clock(v.departure),
                           "guided_tour": v.guided, "booking_required": v.booking, "leg": leg(v.leg)}
                          for v in d.visits],
                "lunch": None if d.lunch is None else {
                    "start": clock(d.lunch.start), "end": clock(d.lunch.end), "site": d.lunch.venue,
                    "at": d.lunch.at, "name": text(d.lunch.name), "during_visit": d.lunch.during,
                    "leg": None if d.lunch.leg is None else leg(d.lunch.leg)},
                "return_leg": leg(d.home_leg),
                "calendar": {"kind": d.kind, "holiday": d.holiday or None, "provisional": d.provisional},
            } for d in self.days],
            "left_out": [{"site": s.site, "name": text(s.name), **s.reason.to_dict()} for s in self.skipped],
            "totals": {"travel_minutes": self.totals.travel_minutes, "visit_minutes": self.totals.visit_minutes,
                       "km": round(self.totals.km, 1), "tickets_cny": self.totals.tickets_cny,
                       "tickets_unknown": self.totals.tickets_unknown},
            "warnings": [w.to_dict() for w in self.warnings],
            "conflict": None if self.conflict is None else self.conflict.to_dict(),
            "notice": None if self.notice is None else self.notice.to_dict(),
        }


def _fail(message: str) -> None:
    raise ItineraryError(message)


def _check_day(day: Day, seen: set[str]) -> None:
    t = day.departure
    for v in day.visits:
        if v.site in seen:
            _fail(f"{v.site} visited twice")
        seen.add(v.site)
        if v.arrival < t + v.leg.minutes and not _lunch_between(day, t, v.arrival):
            _fail(f"{v.site}: arrives {clock(v.arrival)}, before it can get there")
        if not v.arrival <= v.start < v.end <= v.departure:
            _fail(f"{v.site}: times out of order")
        if v.wait < 0:
            _fail(f"{v.site}: negative wait")
        t = v.departure
    if day.return_time < t + day.home_leg.minutes and not _lunch_between(day, t, day.return_time):
        _fail("returns before it can get back")
    if day.return_time > day.deadline:
        _fail(f"day {day.index + 1} returns at {clock(day.return_time)}, after {clock(day.deadline)}")
    if day.lunch is not None and not day.lunch.start < day.lunch.end:
        _fail("lunch has no length")


def _lunch_between(day: Day, after: int, before: int) -> bool:
    return day.lunch is not None and after <= day.lunch.start and day.lunch.end <= before + 1440
