"""iCalendar (RFC 5545, icalendar): one event per visit and per lunch, in Asia/Shanghai with its VTIMEZONE,
with the place, its position (GEO, WGS-84), phone and booking notes."""
from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar

from . import COORDINATES_NOTE, GENERATOR
from .notice import NoticeText
from .stops import DayStops
from .text import notes, title

TZ = ZoneInfo("Asia/Shanghai")


def _at(day: DayStops, minutes: int) -> datetime:
    return datetime.combine(day.date, time(0), TZ) + timedelta(minutes=minutes)


def to_ics(days: tuple[DayStops, ...], lang: str, *, name: str, permalink: str, stamp: datetime,
           notice: NoticeText | None = None) -> bytes:
    """A plan's notice heads the calendar's description and every event's, and is an all-day event of its
    own on the first day (what a calendar shows at the top of the day; an empty plan has no other event)."""
    told = notice.lines(lang) if notice else []
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{GENERATOR}//trip planner//{'EN' if lang.startswith('en') else 'ZH'}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Shanghai")
    if told:
        cal.add("description", "\n".join(told))  # RFC 7986
        cal.add("x-wr-caldesc", icalendar.vText("\n".join(told)))  # unknown to icalendar: say it is text
    plan_id = hashlib.sha256(permalink.encode("utf-8")).hexdigest()[:16]
    for day in days:
        for stop in day.stops:
            if stop.kind not in ("visit", "lunch") or stop.start is None or stop.end is None:
                continue
            event = icalendar.Event()
            event.add("uid", f"{plan_id}-{day.index}-{stop.seq}@wusheng-trails")
            event.add("dtstamp", stamp)
            event.add("dtstart", _at(day, stop.start))
            event.add("dtend", _at(day, stop.end))
            event.add("summary", title(stop, lang))
            where = stop.name.get(lang) + (f", {stop.address.get(lang)}" if stop.address else "")
            event.add("location", where)
            event.add("geo", (stop.lat, stop.lon))
            event.add("description", "\n".join([*told, *notes(stop, lang), COORDINATES_NOTE, permalink]))
            if permalink:
                event.add("url", permalink)
            event.add("categories", ["lunch" if stop.kind == "lunch" else "visit"])
            if stop.booking:
                event.add("status", "TENTATIVE")  # until the visitor has booked
            cal.add_component(event)
    if notice and days:
        cal.add_component(_notice_event(notice, told, days[0].date, plan_id, stamp, permalink))
    if days:  # only the trip's years: Shanghai had summer time in 1986-91, no need to carry that history
        cal.add_missing_timezones(first_date=days[0].date.replace(month=1, day=1),
                                  last_date=days[-1].date.replace(year=days[-1].date.year + 1, month=1, day=1))
    return cal.to_ical()


def _notice_event(notice: NoticeText, told: list[str], day: date, plan_id: str, stamp: datetime,
                  permalink: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{plan_id}-notice@wusheng-trails")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)  # all day: nothing is planned at any hour
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", notice.title)
    event.add("description", "\n".join([*told, permalink]))
    if permalink:
        event.add("url", permalink)
    event.add("transp", "TRANSPARENT")
    return event
