"""TripRequest: what a visitor asks for, parsed from form fields or JSON, every bad field named and explained.

The fields, their defaults and limits are declared once in planner/request_fields.py; the same names serve
the planner page's query string, the JSON API and the permalink. Words for the errors: planner/field_errors.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Mapping

from catalog.fields import parse_time
from catalog.model import Catalog, Datum, Location, Precision

from .area import county_lodging, in_area
from .field_errors import Collector, FieldErrors, flag, items
from .request_fields import BY_NAME, DEFAULTS, FIELDS, MAX_LIST, MAX_PLACE_CHARS, Field

COORDS = re.compile(r"^\s*(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
D = DEFAULTS  # each field's default, from the one declaration (planner/request_fields.py)


class RequestError(FieldErrors):
    """Every invalid trip field at once: {field: (code, params)}."""


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
    """Defaults from ``request_fields.FIELDS``; tests/test_request_fields.py checks they stay the same."""

    start: PlaceRef
    end: PlaceRef
    date: date
    depart: int = D["depart"]  # minutes after midnight
    return_by: int = D["return_by"]
    days: int = D["days"]
    overnight: PlaceRef | None = None
    mode: str = D["mode"]
    interests: tuple[tuple[str, float], ...] = D["interests"]  # (theme or category, weight)
    must: tuple[str, ...] = D["must"]
    exclude: tuple[str, ...] = D["exclude"]
    lunch: bool = D["lunch"]
    lunch_from: int = D["lunch_from"]
    lunch_to: int = D["lunch_to"]
    lunch_min: int = D["lunch_min"]
    group: int = D["group"]
    step_free: bool = D["step_free"]
    pace: str = D["pace"]
    start_datum: Datum = D["start_datum"]

    def with_(self, **changes: Any) -> "TripRequest":
        return replace(self, **changes)

    def to_params(self) -> dict[str, str]:
        """Form fields that parse back to an equal request (the permalink): the fields marked ``always``, and
        the others where they differ from their default."""
        return {f.name: f.text(getattr(self, f.key)) for f in FIELDS
                if f.always or self._differs(f, getattr(self, f.key))}

    def _differs(self, f: Field, value: Any) -> bool:
        if f.name == "end":
            return value != self.start
        if f.name == "start_datum":  # the datum of typed coordinates: said only when some are typed
            return value != f.default and any(p is not None and p.kind == "coords"
                                              for p in (self.start, self.end, self.overnight))
        return value != f.default


class _Parser(Collector):
    """Reads each field by its kind (request_fields.FIELDS), noting every bad one."""

    def __init__(self, data: Mapping[str, Any], catalog: Catalog, today: date):
        super().__init__()
        self.data, self.catalog, self.today = data, catalog, today
        self.datum = D["start_datum"]

    def raw(self, name: str) -> Any:
        value = self.data.get(name)
        if isinstance(value, str):
            value = value.strip()
        return None if value in (None, "") else value

    def read(self, f: Field) -> Any:
        return getattr(self, "_" + f.kind)(f)

    def listing(self, f: Field) -> list[str]:
        found = items(self.raw(f.name))
        if len(found) > MAX_LIST:
            self.fail(f.name, "too_many", n=MAX_LIST)
            return []
        return found

    def _time(self, f: Field) -> int:
        value = self.raw(f.name)
        if value is None:
            return f.default
        parsed = parse_time(str(value)) if isinstance(value, str) else None
        if parsed is None:
            self.fail(f.name, "time")
            return f.default
        return parsed

    def _int(self, f: Field) -> int:
        value = self.raw(f.name)
        if value is None:
            return f.default
        try:
            number = int(str(value)) if not isinstance(value, bool) else None
        except ValueError:
            number = None
        if number is None or not f.lo <= number <= f.hi:
            self.fail(f.name, "int_range", lo=f.lo, hi=f.hi)
            return f.default
        return number

    def _bool(self, f: Field) -> bool:
        value = self.raw(f.name)
        if value is None:
            return f.default
        parsed = flag(value)
        if parsed is None:
            self.fail(f.name, "bool")
            return f.default
        return parsed

    def _choice(self, f: Field) -> Any:
        value = self.raw(f.name)
        if value is None:
            return f.default
        if value not in f.choices:
            self.fail(f.name, "choice", choices=", ".join(f.choices))
            return f.default
        return Datum(value) if f.name == "start_datum" else str(value)

    def _date(self, f: Field) -> date:
        value = self.raw(f.name)
        if value is None:
            return next_saturday(self.today)
        try:
            day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
        except ValueError:
            self.fail(f.name, "date")
            return self.today
        if day < self.today:
            self.fail(f.name, "past")
        elif (day - self.today).days > 366:
            self.fail(f.name, "too_far")
        return day

    def _place(self, f: Field) -> PlaceRef | None:
        value = self.raw(f.name)
        if value is None:
            return None
        text, name = str(value)[:MAX_PLACE_CHARS], f.name
        m = COORDS.match(text)
        if m:
            lat, lon = float(m.group(1)), float(m.group(2))
            if not in_area(self.catalog, lat, lon):
                self.fail(name, "coords_region")
                return None
            return PlaceRef("coords", location=Location(lat, lon, self.datum, Precision.SURVEYED, None, "visitor"))
        site_id = text[5:] if text.startswith("site:") else text
        if text.startswith("site:") and self._published(site_id):
            return PlaceRef("site", site_id)
        if self.catalog.start_point(text):
            return PlaceRef("point", text)
        if self._published(text):
            return PlaceRef("site", text)
        self.fail(name, "unknown_place", value=text)
        return None

    def _published(self, site_id: str) -> bool:
        site = self.catalog.site(site_id)
        return site is not None and site.published

    def _sites(self, f: Field) -> tuple[str, ...]:
        out = []
        for item in self.listing(f):
            if not self._published(item):
                self.fail(f.name, "unknown_site", value=item[:60])
            elif item not in out:
                out.append(item)
        return tuple(out)

    def _interests(self, f: Field) -> tuple[tuple[str, float], ...]:
        known = {t.id for t in self.catalog.themes} | {s.category.value for s in self.catalog.sites}
        out: dict[str, float] = {}
        for item in self.listing(f):
            key, _, weight = item.partition(":")
            key = key.strip()
            if key not in known:
                self.fail(f.name, "unknown_interest", value=key[:60])
                continue
            try:
                w = float(weight) if weight else 1.0
            except ValueError:
                w = -1
            if not 0 <= w <= 5 or w != w:
                self.fail(f.name, "weight", value=key)
                continue
            out[key] = w
        return tuple(out.items())


def parse_request(data: Mapping[str, Any], catalog: Catalog, *, today: date) -> TripRequest:
    """Build a TripRequest from form or JSON fields, or raise RequestError naming every bad field."""
    p = _Parser(data, catalog, today)
    p.datum = p.read(BY_NAME["start_datum"])  # the places' coordinates are read in it
    v = {f.key: p.read(f) for f in FIELDS if f.name != "start_datum"}
    v["start_datum"] = p.datum
    _check(p, v, catalog)
    p.raise_any(RequestError)
    return TripRequest(**v)


def _check(p: _Parser, v: dict[str, Any], catalog: Catalog) -> None:
    """The checks across fields, and the places worked out from others (end, overnight)."""
    bad = p.errors
    if v["start"] is None and "start" not in bad:
        p.fail("start", "required")
    v["end"] = v["end"] or v["start"]
    if "depart" not in bad and "return_by" not in bad and v["return_by"] <= v["depart"]:
        p.fail("return_by", "return_before_depart")
    if v["days"] > 1 and v["overnight"] is None and "overnight" not in bad:
        base = county_lodging(catalog)
        v["overnight"] = PlaceRef("point", base.id) if base else None
        if base is None:
            p.fail("overnight", "overnight_needed")
    if v["overnight"] is not None and not _has_lodging(catalog, v["overnight"]):
        p.fail("overnight", "no_lodging", value=v["overnight"].id or v["overnight"].key)
    for site_id in set(v["must"]) & set(v["exclude"]):
        p.fail("exclude", "conflict", value=site_id)
    if v["lunch"] and v["lunch_to"] - v["lunch_from"] < v["lunch_min"]:
        p.fail("lunch_to", "lunch_window")
    elif v["lunch"] and v["lunch_to"] - v["lunch_min"] < v["depart"] and "depart" not in bad:
        p.fail("lunch_to", "lunch_before_depart")
    if v["days"] == 1:
        v["overnight"] = None
    v["start"] = v["start"] or PlaceRef("point", "")
    v["end"] = v["end"] or PlaceRef("point", "")


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
