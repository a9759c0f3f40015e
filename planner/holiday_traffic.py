"""Holiday road traffic: public-holiday periods (and the evening before them) are slow on the expressways.

A holiday period is a run of public holidays and the weekend days joined to them, three days or more
(Qingming, May Day, Dragon Boat, Mid-Autumn, National Day, Spring Festival). Its first and last days
are the outbound and return peaks; the working day before it is the exodus evening. Golden Weeks
(periods of seven days or more) stay busy throughout. The factors multiply the driving part of a road
leg, not parking; they are the planner's assumption, stated in the plan's note, not a measured figure.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from catalog.model import HolidayCalendar

from .calendar import CalendarUnknown, day_info
from .reasons import Reason

PEAK = 1.4  # first and last day of a holiday period
GOLDEN_WEEK = 1.25  # the days between, in a period of 7 days or more
HOLIDAY = 1.15  # the days between, in a shorter period
EVE = 1.2  # the working day before a period starts
GOLDEN_WEEK_DAYS = 7
MIN_PERIOD_DAYS = 3


@dataclass(frozen=True)
class Traffic:
    factor: float
    day: date  # the trip day with the slowest roads

    def note(self) -> Reason:
        return Reason("holiday_traffic", {"date": self.day.isoformat(), "n": round((self.factor - 1) * 100)})


def _off(day: date, calendar: HolidayCalendar | None, today: date) -> tuple[bool, bool]:
    """(a day off, a public holiday)"""
    info = day_info(day, calendar, today)
    return info.kind in ("holiday", "weekend"), info.kind == "holiday"


def _period(day: date, calendar, today) -> tuple[date, date] | None:
    off, _ = _off(day, calendar, today)
    if not off:
        return None
    first = last = day
    holiday = False
    for step in (-1, 1):
        d = day
        while True:
            is_off, is_holiday = _off(d, calendar, today)
            if not is_off:
                break
            holiday |= is_holiday
            first, last = min(first, d), max(last, d)
            d += timedelta(days=step)
    if not holiday or (last - first).days + 1 < MIN_PERIOD_DAYS:
        return None
    return first, last


def day_factor(day: date, calendar: HolidayCalendar | None = None, today: date | None = None) -> float:
    today = today or date.today()
    try:
        period = _period(day, calendar, today)
        if period is None:
            nxt = _period(day + timedelta(days=1), calendar, today)
            return EVE if nxt is not None and nxt[0] == day + timedelta(days=1) else 1.0
    except CalendarUnknown:  # the plan says so elsewhere; roads are taken as ordinary
        return 1.0
    first, last = period
    if day in (first, last):
        return PEAK
    return GOLDEN_WEEK if (last - first).days + 1 >= GOLDEN_WEEK_DAYS else HOLIDAY


def trip_traffic(days: list[date], calendar: HolidayCalendar | None, today: date) -> Traffic | None:
    """The slowest day of the trip, or None when every day has ordinary traffic. One travel matrix serves the
    whole trip, so a trip of several days is planned at its slowest day's pace (the safe side)."""
    factors = [(day_factor(d, calendar, today), d) for d in days]
    factor, day = max(factors, key=lambda fd: (fd[0], -fd[1].toordinal()))
    return Traffic(factor, day) if factor > 1.0 else None
