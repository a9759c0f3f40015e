"""GPX 1.1 (gpxpy): a waypoint per stop and a route per day, WGS-84 as GPX requires (and says so)."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from xml.sax.saxutils import escape

import gpxpy.gpx

from . import COORDINATES_NOTE, GENERATOR
from .notice import NoticeText
from .stops import DayStops
from .text import notes, title, xml_text

TZ = ZoneInfo("Asia/Shanghai")


def _when(day: DayStops, minutes: int | None) -> datetime | None:
    if minutes is None:
        return None
    return datetime.combine(day.date, time(0), TZ) + timedelta(minutes=minutes)


def to_gpx(days: tuple[DayStops, ...], lang: str, *, name: str, link: str = "",
           notice: NoticeText | None = None) -> str:
    gpx = gpxpy.gpx.GPX()
    gpx.creator = GENERATOR
    gpx.name = xml_text(name)
    # a plan that misses its point says so first: apps show the metadata desc with the file's name
    gpx.description = xml_text("\n".join([*(notice.lines(lang) if notice else ()), COORDINATES_NOTE]))
    if link:  # gpxpy escapes element text but writes attributes as given
        gpx.link = escape(xml_text(link), {'"': "&quot;"})
    for day in days:
        route = gpxpy.gpx.GPXRoute(name=xml_text(f"{name} · {day.date.isoformat()}"), number=day.index + 1)
        for stop in day.stops:
            label, desc = xml_text(title(stop, lang)), xml_text("\n".join(notes(stop, lang)))
            route.points.append(gpxpy.gpx.GPXRoutePoint(stop.lat, stop.lon, name=label, description=desc or None,
                                                        time=_when(day, stop.arrive or stop.leave)))
            if stop.kind in ("visit", "lunch"):
                gpx.waypoints.append(gpxpy.gpx.GPXWaypoint(
                    stop.lat, stop.lon, name=label, description=desc or None, type=stop.kind,
                    time=_when(day, stop.arrive), comment=stop.site or None))
        gpx.routes.append(route)
    return gpx.to_xml(version="1.1")
