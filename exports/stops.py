"""An itinerary as the ordered places of each day (start, visits, lunch, end), with what every export,
print sheet and hand-off link needs: WGS-84 coordinates, times, the leg that reaches the place,
address, phone and booking notes.

Pure (no Flask). Coordinates are converted here once, from each place's recorded datum to WGS-84,
so every export says the same thing about where a stop is.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from catalog.model import EMPTY_TEXT, Catalog, Datum, Location, LocalizedText, Precision
from geo.datum import location_in
from planner.itinerary import Day, Itinerary, Leg

VISITOR = LocalizedText("您的位置", "Your location")


@dataclass(frozen=True)
class Stop:
    day: int  # 0-based day of the trip
    date: date
    seq: int  # order within the day, the start is 0
    kind: str  # "start" | "visit" | "lunch" | "end"
    key: str  # place key (site id, start point id, "coords:lat,lon")
    site: str | None  # site id when the place is a site
    number: str  # the visit's number on the map ("1", "2", ...); "" otherwise
    name: LocalizedText
    location: Location  # as recorded (for hand-off links that want another datum)
    lat: float  # WGS-84
    lon: float
    arrive: int | None  # minutes after midnight
    start: int | None
    end: int | None
    leave: int | None
    leg: Leg | None  # how you got here
    address: LocalizedText = EMPTY_TEXT
    phone: str = ""
    booking: bool = False
    booking_contact: str = ""  # phone or link
    booking_notes: LocalizedText = EMPTY_TEXT
    estimate_m: int | None = None  # uncertainty radius when the position is an estimate

    @property
    def wait(self) -> int:
        return (self.start - self.arrive) if self.start is not None and self.arrive is not None else 0


@dataclass(frozen=True)
class DayStops:
    index: int
    date: date
    stops: tuple[Stop, ...]

    @property
    def visits(self) -> tuple[Stop, ...]:
        return tuple(s for s in self.stops if s.kind == "visit")


def place_location(key: str, catalog: Catalog, datum: str = "wgs84") -> Location:
    """Where a place key is: a site, a start point, or a visitor's "coords:lat,lon" (in ``datum``)."""
    if key.startswith("coords:"):
        lat, lon = (float(x) for x in key[7:].split(","))
        return Location(lat, lon, Datum(datum), Precision.SURVEYED, None, "visitor")
    thing = catalog.site(key) or catalog.start_point(key)
    if thing is None:
        raise KeyError(key)
    return thing.location


def place_name(key: str, catalog: Catalog) -> LocalizedText:
    if key.startswith("coords:"):
        return VISITOR
    thing = catalog.site(key) or catalog.start_point(key)
    return thing.name if thing else LocalizedText(key, key)


def day_stops(itinerary: Itinerary, catalog: Catalog) -> tuple[DayStops, ...]:
    datum = str(itinerary.request_params.get("start_datum", "wgs84"))
    return tuple(DayStops(d.index, d.date, _stops(d, catalog, datum)) for d in itinerary.days)


def _stops(day: Day, catalog: Catalog, datum: str) -> tuple[Stop, ...]:
    """The day in the order the visitor lives it, each leg once and from where they really are: a lunch
    taken on arrival at the next stop comes after the drive there (the drive is the lunch's leg, the
    visit then needs none); one taken before leaving a stop comes before the drive on."""
    out: list[Stop] = [_place(day, 0, "start", day.start, catalog, datum, leave=day.departure)]
    lunch_done = day.lunch is None
    number = 0
    for v in day.visits:
        leg, arrive = v.leg, v.arrival
        if not lunch_done and day.lunch.start < v.start:  # lunch before this visit's service (maybe in its wait)
            drive_first = day.lunch.venue is None and day.lunch.at == v.site and leg.origin != v.site
            out.append(_lunch(day, len(out), catalog, datum, leg if drive_first else None))
            if drive_first:  # already there after lunch: no second drive
                leg = Leg(v.site, v.site, 0, 0.0)
            lunch_done = True
        number += 1
        out.append(_place(day, len(out), "visit", v.site, catalog, datum, leg=leg, number=str(number),
                          arrive=arrive, start=v.start, end=v.end, leave=v.departure))
    home = day.home_leg
    if not lunch_done:
        drive_first = day.lunch.venue is None and day.lunch.at == day.end and home.origin != day.end
        out.append(_lunch(day, len(out), catalog, datum, home if drive_first else None))
        if drive_first:
            home = Leg(day.end, day.end, 0, 0.0)
    out.append(_place(day, len(out), "end", day.end, catalog, datum, leg=home, arrive=day.return_time))
    return tuple(out)


def _lunch(day: Day, seq: int, catalog: Catalog, datum: str, drive: Leg | None = None) -> Stop:
    lunch = day.lunch
    key = lunch.venue or lunch.at
    stop = _place(day, seq, "lunch", key, catalog, datum, leg=lunch.leg or drive, arrive=lunch.start, start=lunch.start,
                  end=lunch.end, leave=lunch.end)
    if lunch.venue is None:  # lunch near a stop, not at a venue: name it so, and it is not that site's visit
        return Stop(**{**stop.__dict__, "name": lunch.name, "site": None, "phone": "", "booking": False,
                       "booking_contact": "", "booking_notes": EMPTY_TEXT})
    return stop


def _place(day: Day, seq: int, kind: str, key: str, catalog: Catalog, datum: str, *, leg: Leg | None = None,
           number: str = "", arrive: int | None = None, start: int | None = None, end: int | None = None,
           leave: int | None = None) -> Stop:
    location = place_location(key, catalog, datum)
    lat, lon = location_in(location, "wgs84")
    site = catalog.site(key)
    extra = {}
    if site is not None:
        extra = {"address": site.address, "phone": site.contact.phone, "booking": site.booking.required,
                 "booking_contact": site.booking.phone or site.booking.url or site.contact.phone,
                 "booking_notes": site.booking.notes}
    return Stop(day.index, day.date, seq, kind, key, site.id if site else None, number, place_name(key, catalog),
                location, round(lat, 6), round(lon, 6), arrive, start, end, leave, leg,
                estimate_m=location.radius_m if location.is_estimate else None, **extra)
