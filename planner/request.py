"""TripRequest: what a visitor asks for, parsed from form fields or JSON, every bad field named and explained.

The same field names serve the planner page's query string, the JSON API and the permalink.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Mapping

from catalog.model import Catalog, Datum, Location, Precision, fmt_minutes
from catalog.fields import parse_time

from .travel import MODES
from .words import N_, say

PACES = ("relaxed", "normal", "packed")
MAX_LIST = 50
COORDS = re.compile(r"^\s*(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")

# code -> English msgid; the Chinese is in the Babel catalog (planner.words)
MESSAGES = {
    'required': N_('is required'),
    'date': N_('must be a date like 2026-12-05'),
    'past': N_('is in the past'),
    'too_far': N_('is more than a year ahead'),
    'time': N_('must be a time like 08:00'),
    'return_before_depart': N_('must be after the departure time'),
    'int_range': N_('must be a whole number from %(lo)s to %(hi)s'),
    'choice': N_('must be one of: %(choices)s'),
    'unknown_place': N_('“%(value)s” is not a start point, a site or coordinates “lat,lon”'),
    'unknown_site': N_('unknown site “%(value)s”'),
    'unknown_interest': N_('unknown theme or category “%(value)s”'),
    'weight': N_('weight of “%(value)s” must be a number from 0 to 5'),
    'no_lodging': N_('“%(value)s” has no lodging for an overnight stay'),
    'overnight_needed': N_('is needed for a trip of several days'),
    'coords_region': N_('coordinates are outside the area we plan for'),
    'conflict': N_('“%(value)s” is both a must-visit and excluded'),
    'too_many': N_('has more than %(n)s entries'),
    'lunch_window': N_('lunch must fit in its window'),
    'lunch_before_depart': N_('the lunch window ends before you leave: move it later or plan without lunch'),
    'bool': N_('must be yes or no'),
    'calendar': N_('the public-holiday calendar for %(year)s is not known yet'),
}


class RequestError(ValueError):
    """Every invalid field at once: {field: (code, params)}."""

    def __init__(self, fields: dict[str, tuple[str, dict]]):
        self.fields = fields
        super().__init__("; ".join(f"{k}: {self.message(k, 'en')}" for k in fields))

    def message(self, name: str, lang: str) -> str:
        code, params = self.fields[name]
        return say(MESSAGES[code], lang, params)

    def messages(self, lang: str) -> dict[str, str]:
        return {k: self.message(k, lang) for k in self.fields}


@dataclass(frozen=True)
class PlaceRef:
    """Where a trip starts, ends or stays: a start point, a site, or coordinates with their datum."""

    kind: str  # "point" | "site" | "coords"
    id: str = ""
    location: Location | None = None

    @property
    def key(self) -> str:
        if self.kind == "coords" and self.location:
            return f"coords:{self.location.lat:.6f},{self.location.lon:.6f}"
        return self.id

    def token(self) -> str:
        """The form value that parses back to this place."""
        if self.kind == "coords" and self.location:
            return f"{self.location.lat:.6f},{self.location.lon:.6f}"
        return self.id if self.kind == "point" else f"site:{self.id}"


@dataclass(frozen=True)
class TripRequest:
    start: PlaceRef
    end: PlaceRef
    date: date
    depart: int = 8 * 60  # minutes after midnight
    return_by: int = 20 * 60
    days: int = 1
    overnight: PlaceRef | None = None
    mode: str = "car"
    interests: tuple[tuple[str, float], ...] = ()  # (theme or category, weight)
    must: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    lunch: bool = True
    lunch_from: int = 11 * 60 + 30
    lunch_to: int = 13 * 60 + 30
    lunch_min: int = 60
    group: int = 2
    step_free: bool = False
    pace: str = "normal"
    start_datum: Datum = Datum.WGS84

    def with_(self, **changes: Any) -> "TripRequest":
        return replace(self, **changes)

    def to_params(self) -> dict[str, str]:
        """Form fields that parse back to an equal request (the permalink)."""
        p = {"start": self.start.token(), "date": self.date.isoformat(), "depart": fmt_minutes(self.depart),
             "return_by": fmt_minutes(self.return_by), "mode": self.mode, "pace": self.pace,
             "group": str(self.group)}
        if self.end != self.start:
            p["end"] = self.end.token()
        if self.days > 1:
            p["days"] = str(self.days)
            if self.overnight:
                p["overnight"] = self.overnight.token()
        if self.interests:
            p["interests"] = ",".join(k if w == 1 else f"{k}:{w:g}" for k, w in self.interests)
        if self.must:
            p["must"] = ",".join(self.must)
        if self.exclude:
            p["exclude"] = ",".join(self.exclude)
        if not self.lunch:
            p["lunch"] = "no"
        elif (self.lunch_from, self.lunch_to, self.lunch_min) != (690, 810, 60):
            p.update(lunch_from=fmt_minutes(self.lunch_from), lunch_to=fmt_minutes(self.lunch_to),
                     lunch_minutes=str(self.lunch_min))
        if self.step_free:
            p["step_free"] = "yes"
        if self.start.kind == "coords":
            p["start_datum"] = self.start_datum.value
        return p


@dataclass
class _Parser:
    data: Mapping[str, Any]
    catalog: Catalog
    errors: dict[str, tuple[str, dict]] = field(default_factory=dict)

    def fail(self, name: str, code: str, **params: Any) -> None:
        self.errors.setdefault(name, (code, params))

    def raw(self, name: str) -> Any:
        value = self.data.get(name)
        if isinstance(value, str):
            value = value.strip()
        return None if value in (None, "") else value

    def listing(self, name: str) -> list[str]:
        value = self.raw(name)
        if value is None:
            return []
        items = value if isinstance(value, (list, tuple)) else str(value).split(",")
        items = [str(i).strip() for i in items if str(i).strip()]
        if len(items) > MAX_LIST:
            self.fail(name, "too_many", n=MAX_LIST)
            return []
        return items

    def time(self, name: str, default: int) -> int:
        value = self.raw(name)
        if value is None:
            return default
        parsed = parse_time(str(value)) if isinstance(value, str) else None
        if parsed is None:
            self.fail(name, "time")
            return default
        return parsed

    def integer(self, name: str, default: int, lo: int, hi: int) -> int:
        value = self.raw(name)
        if value is None:
            return default
        try:
            number = int(str(value)) if not isinstance(value, bool) else None
        except ValueError:
            number = None
        if number is None or not lo <= number <= hi:
            self.fail(name, "int_range", lo=lo, hi=hi)
            return default
        return number

    def boolean(self, name: str, default: bool) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        text = str(value).lower()
        if text in ("1", "true", "yes", "on", "y"):
            return True
        if text in ("0", "false", "no", "off", "n"):
            return False
        self.fail(name, "bool")
        return default

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = self.raw(name)
        if value is None:
            return default
        if value not in choices:
            self.fail(name, "choice", choices=", ".join(choices))
            return default
        return str(value)

    def place(self, name: str, datum: Datum) -> PlaceRef | None:
        value = self.raw(name)
        if value is None:
            return None
        text = str(value)[:80]
        m = COORDS.match(text)
        if m:
            lat, lon = float(m.group(1)), float(m.group(2))
            if not (28 <= lat <= 32 and 104 <= lon <= 108):
                self.fail(name, "coords_region")
                return None
            return PlaceRef("coords", location=Location(lat, lon, datum, Precision.SURVEYED, None, "visitor"))
        if text.startswith("site:") and self.catalog.site(text[5:]) and self.catalog.site(text[5:]).published:
            return PlaceRef("site", text[5:])
        if self.catalog.start_point(text):
            return PlaceRef("point", text)
        site = self.catalog.site(text)
        if site is not None and site.published:
            return PlaceRef("site", text)
        self.fail(name, "unknown_place", value=text)
        return None

    def sites(self, name: str) -> tuple[str, ...]:
        out = []
        for item in self.listing(name):
            site = self.catalog.site(item)
            if site is None or not site.published:
                self.fail(name, "unknown_site", value=item[:60])
            elif item not in out:
                out.append(item)
        return tuple(out)

    def interests(self) -> tuple[tuple[str, float], ...]:
        known = {t.id for t in self.catalog.themes} | {s.category.value for s in self.catalog.sites}
        out: dict[str, float] = {}
        for item in self.listing("interests"):
            key, _, weight = item.partition(":")
            key = key.strip()
            if key not in known:
                self.fail("interests", "unknown_interest", value=key[:60])
                continue
            try:
                w = float(weight) if weight else 1.0
            except ValueError:
                w = -1
            if not 0 <= w <= 5 or w != w:
                self.fail("interests", "weight", value=key)
                continue
            out[key] = w
        return tuple(out.items())


def parse_request(data: Mapping[str, Any], catalog: Catalog, *, today: date) -> TripRequest:
    """Build a TripRequest from form or JSON fields, or raise RequestError naming every bad field."""
    p = _Parser(data, catalog)
    datum_value = p.choice("start_datum", "wgs84", tuple(d.value for d in Datum))
    datum = Datum(datum_value)
    start = p.place("start", datum)
    if start is None and "start" not in p.errors:
        p.fail("start", "required")
    end = p.place("end", datum) or start
    day = _date(p, today)
    depart = p.time("depart", 8 * 60)
    return_by = p.time("return_by", 20 * 60)
    if "depart" not in p.errors and "return_by" not in p.errors and return_by <= depart:
        p.fail("return_by", "return_before_depart")
    days = p.integer("days", 1, 1, 3)
    overnight = p.place("overnight", datum)
    if days > 1 and overnight is None and "overnight" not in p.errors:
        overnight = _default_overnight(catalog, start)
        if overnight is None:
            p.fail("overnight", "overnight_needed")
    if overnight is not None and not _has_lodging(catalog, overnight):
        p.fail("overnight", "no_lodging", value=overnight.id or overnight.key)
    must, exclude = p.sites("must"), p.sites("exclude")
    for site_id in set(must) & set(exclude):
        p.fail("exclude", "conflict", value=site_id)
    lunch = p.boolean("lunch", True)
    lunch_from, lunch_to = p.time("lunch_from", 690), p.time("lunch_to", 810)
    lunch_min = p.integer("lunch_minutes", 60, 15, 180)
    if lunch and lunch_to - lunch_from < lunch_min:
        p.fail("lunch_to", "lunch_window")
    elif lunch and lunch_to - lunch_min < depart and "depart" not in p.errors:
        p.fail("lunch_to", "lunch_before_depart")
    request = TripRequest(
        start=start or PlaceRef("point", ""), end=end or PlaceRef("point", ""), date=day, depart=depart,
        return_by=return_by, days=days, overnight=overnight if days > 1 else None,
        mode=p.choice("mode", "car", tuple(MODES)), interests=p.interests(), must=must, exclude=exclude,
        lunch=lunch, lunch_from=lunch_from, lunch_to=lunch_to, lunch_min=lunch_min,
        group=p.integer("group", 2, 1, 500), step_free=p.boolean("step_free", False),
        pace=p.choice("pace", "normal", PACES), start_datum=datum)
    if p.errors:
        raise RequestError(p.errors)
    return request


def _date(p: _Parser, today: date) -> date:
    value = p.raw("date")
    if value is None:
        return next_saturday(today)
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        p.fail("date", "date")
        return today
    if day < today:
        p.fail("date", "past")
    elif (day - today).days > 366:
        p.fail("date", "too_far")
    return day


def next_saturday(today: date) -> date:
    return today + timedelta(days=(5 - today.weekday()) % 7 or 7)


def _has_lodging(catalog: Catalog, ref: PlaceRef) -> bool:
    if ref.kind == "point":
        point = catalog.start_point(ref.id)
        return bool(point and point.lodging)
    if ref.kind == "site":
        site = catalog.site(ref.id)
        return bool(site and site.lodging)
    return True  # a visitor's own coordinates: they know where they sleep


def _default_overnight(catalog: Catalog, start: PlaceRef | None) -> PlaceRef | None:
    """Several days without a chosen base: stay in the county seat (or the first start point with lodging)."""
    for point in catalog.start_points:
        if point.lodging and "wusheng" in point.id:
            return PlaceRef("point", point.id)
    lodging = next((pt for pt in catalog.start_points if pt.lodging), None)
    return PlaceRef("point", lodging.id) if lodging else None

