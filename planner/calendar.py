"""What is open on a given date: weekly hours, closed dates, Chinese public holidays and make-up working days.

Sources of the holiday calendar, most authoritative first:
1. the catalog's own ``calendar`` section, which the bureau fills in from the State Council's yearly notice;
2. ``chinese_calendar`` (holidays and 调休 make-up working days, 2004 to 2026);
3. ``holidays`` (public holidays computed by rule, no make-up working days): such days are *provisional*
   and the planner says so, because the State Council fixes the real dates only a few weeks ahead.
A year none of them knows raises CalendarUnknown with a message saying so.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar
import holidays as holidays_lib

from catalog.model import WEEKDAYS, HolidayCalendar, OpeningHours, Site, Window

from .words import N_, say

MAX_PROVISIONAL_YEARS_AHEAD = 2  # rule-based holidays further ahead are guesses, not a calendar


class CalendarUnknown(ValueError):
    def __init__(self, year: int):
        self.year = year
        super().__init__(f"no public-holiday calendar is known for {year}")

    def message(self, lang: str) -> str:
        return say(N_("The public-holiday calendar for %(year)s is not known yet, so opening hours cannot be "
                      "checked."), lang, {"year": self.year})


# The holiday libraries' English names (chinese_calendar's, and holidays' for later years) -> one code each; the
# web layer words the codes in the visitor's language.
HOLIDAY_CODES = {"new year's day": "new_year", "spring festival": "spring_festival",
                 "chinese new year (spring festival)": "spring_festival", "chinese new year's eve": "spring_festival",
                 "tomb-sweeping day": "tomb_sweeping", "labour day": "labour_day", "labor day": "labour_day",
                 "dragon boat festival": "dragon_boat", "national day": "national_day",
                 "mid-autumn festival": "mid_autumn", "anti-fascist 70th day": "victory_day"}


def holiday_code(name: str) -> str:
    """'National Day (observed)' -> 'national_day'; '' when unknown or empty."""
    key = name.lower().replace(" (observed)", "").strip()
    return HOLIDAY_CODES.get(key, "holiday" if key else "")


def years_not_published(calendar: HolidayCalendar | None, today: date, ahead: int = 1) -> list[int]:
    """Years from ``today``'s on (``ahead`` more) whose holidays and make-up days no published source covers."""
    out = []
    for year in range(today.year, today.year + ahead + 1):
        if calendar is not None and year in calendar.years:
            continue
        if _official(date(year, 6, 1)) is None:
            out.append(year)
    return out


@dataclass(frozen=True)
class DayInfo:
    day: date
    kind: str  # "workday" | "weekend" | "holiday" | "makeup" (a weekend day worked in lieu, 调休)
    holiday_name: str = ""
    provisional: bool = False  # holiday dates computed by rule, not yet published

    @property
    def weekday(self) -> str:
        return WEEKDAYS[self.day.weekday()]

    @property
    def holiday(self) -> str:
        """The holiday's code (``holiday_code``); "" on ordinary days."""
        return holiday_code(self.holiday_name) if self.kind == "holiday" else ""


@dataclass(frozen=True)
class OpenDay:
    """A site on one date: its windows (possibly none) and why it is closed, if it is."""

    info: DayInfo
    windows: tuple[Window, ...]
    slots: tuple[tuple[int, int, int | None], ...]  # (start minute, duration, capacity)
    closed_reason: str = ""  # "closed_date" | "public_holiday" | "weekly" | ""

    @property
    def is_open(self) -> bool:
        return bool(self.windows)


def day_info(day: date, calendar: HolidayCalendar | None = None, today: date | None = None) -> DayInfo:
    weekend = day.weekday() >= 5
    if calendar is not None and day.year in calendar.years:
        if day in calendar.holidays:
            return DayInfo(day, "holiday")
        if day in calendar.workdays:
            return DayInfo(day, "makeup")
        return DayInfo(day, "weekend" if weekend else "workday")
    official = _official(day)
    if official is None:
        return _provisional(day, today or date.today())
    is_holiday, name = official
    if is_holiday and name:
        return DayInfo(day, "holiday", str(name))
    if weekend and not is_holiday:
        return DayInfo(day, "makeup", str(name or ""))
    return DayInfo(day, "weekend" if weekend else "workday")


@lru_cache(maxsize=1024)
def _official(day: date) -> tuple[bool, object] | None:
    """The State Council's published answer for ``day``; None for a year the installed chinese_calendar does not
    cover. Cached: a plan asks about the same few dates once per candidate site."""
    try:
        return chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return None


def _provisional(day: date, today: date) -> DayInfo:
    if day.year > today.year + MAX_PROVISIONAL_YEARS_AHEAD or day.year < 2004:
        raise CalendarUnknown(day.year)
    name = _rule_holidays(day.year).get(day)
    if name:
        return DayInfo(day, "holiday", str(name), provisional=True)
    return DayInfo(day, "weekend" if day.weekday() >= 5 else "workday", provisional=True)


@lru_cache(maxsize=8)
def _rule_holidays(year: int) -> dict:
    return dict(holidays_lib.China(years=[year]))


def windows_on(hours: OpeningHours, info: DayInfo) -> tuple[tuple[Window, ...], str]:
    """The site's opening windows on that day and, when there are none, why."""
    if info.day in hours.closed_dates:
        return (), "closed_date"
    if info.kind == "holiday":
        if hours.public_holidays == "closed":
            return (), "public_holiday"
        if hours.holiday_windows is not None:
            return hours.holiday_windows, ""
    if info.kind == "makeup" and hours.makeup_days == "workday":
        wins = next((hours.windows_for(d) for d in WEEKDAYS[:5] if hours.windows_for(d)), ())
        return wins, "" if wins else "weekly"
    wins = hours.windows_for(info.weekday)
    return wins, "" if wins else "weekly"


def open_day(site: Site, day: date, calendar: HolidayCalendar | None = None, today: date | None = None) -> OpenDay:
    info = day_info(day, calendar, today)
    windows, reason = windows_on(site.hours, info)
    slot_day = info.weekday
    if info.kind == "makeup" and site.hours.makeup_days == "workday":
        slot_day = "mon"
    slots = tuple(sorted(
        (t, s.duration_min, s.capacity)
        for s in site.tour_slots if slot_day in s.days
        for t in s.times if any(w.opens <= t < w.closes for w in windows)))
    return OpenDay(info, windows, slots, reason)


def week(site: Site, start: date, days: int = 7, calendar: HolidayCalendar | None = None,
         today: date | None = None) -> list[OpenDay]:
    """The coming ``days`` days from ``start``; days whose calendar is unknown are left out."""
    out = []
    for i in range(days):
        try:
            out.append(open_day(site, start + timedelta(days=i), calendar, today))
        except CalendarUnknown:
            break
    return out
