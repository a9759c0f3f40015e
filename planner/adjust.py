"""Re-planning from a result, and curated tours as a starting point.

Each adjustment edits a ``TripRequest`` and gives a new one, whose ``to_params()`` is the new permalink: lock
a stop (make it a must-visit), remove one (exclude it), add a must-visit, or start from a tour's stops and
start point (form fields, under what the address gives).
"""
from __future__ import annotations

import math
from datetime import date, timedelta

from catalog.model import Catalog, Tour

from .calendar import CalendarUnknown, open_day
from .request import TripRequest, next_saturday
from .request_fields import BY_NAME

SEARCH_DAYS = 21  # how far a tour looks for a date on which all of its stops are open


def _without(ids: tuple[str, ...], site_id: str) -> tuple[str, ...]:
    return tuple(x for x in ids if x != site_id)


def _with(ids: tuple[str, ...], site_id: str) -> tuple[str, ...]:
    return ids if site_id in ids else (*ids, site_id)


def lock(req: TripRequest, site_id: str) -> TripRequest:
    """Keep this stop whatever else changes: a must-visit (and no longer excluded)."""
    return req.with_(must=_with(req.must, site_id), exclude=_without(req.exclude, site_id))


def unlock(req: TripRequest, site_id: str) -> TripRequest:
    return req.with_(must=_without(req.must, site_id))


def remove(req: TripRequest, site_id: str) -> TripRequest:
    """Leave this site out: excluded (and no longer a must-visit)."""
    return req.with_(must=_without(req.must, site_id), exclude=_with(req.exclude, site_id))


def restore(req: TripRequest, site_id: str) -> TripRequest:
    return req.with_(exclude=_without(req.exclude, site_id))


add_must = lock  # adding a left-out site as a must-visit is the same edit as locking a planned one


def tour_params(tour: Tour, catalog: Catalog, today: date) -> dict:
    """Form fields for a curated tour: its start point, its stops as must-visits, its theme as the
    interest, and a date on which every stop is open (a weekend first), booking lead times allowed for."""
    stops = [s.site for s in tour.stops if catalog.site(s.site) is not None and catalog.site(s.site).published]
    params = {"start": tour.start, "must": BY_NAME["must"].text(tuple(dict.fromkeys(stops)))}
    if catalog.theme(tour.theme) is not None:
        params["interests"] = tour.theme
    params["date"] = tour_date([catalog.site(s) for s in stops], catalog, today).isoformat()
    return params


def tour_date(sites: list, catalog: Catalog, today: date) -> date:
    lead_days = max((math.ceil(s.booking.lead_hours / 24) for s in sites if s.booking.required), default=0)
    first = today + timedelta(days=1 + lead_days)
    days = [first + timedelta(days=i) for i in range(SEARCH_DAYS)]

    def all_open(day: date) -> bool:
        try:
            return all(open_day(s, day, catalog.calendar, today).is_open for s in sites)
        except CalendarUnknown:
            return False

    fits = [d for d in days if all_open(d)]
    weekend = [d for d in fits if d.weekday() >= 5]
    if weekend or fits:
        return (weekend or fits)[0]
    return max(next_saturday(today), first)
