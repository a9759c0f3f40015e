"""Re-planning from a result, and curated tours as a starting point: edits of the permalink's fields.

Every function takes and returns the flat field mapping of ``TripRequest.to_params()`` (the permalink),
so each adjustment is itself a permalink: lock a stop (make it a must-visit), remove one (exclude it),
add a must-visit, or start from a tour's stops and start point.
"""
from __future__ import annotations

import math
from datetime import date, timedelta

from catalog.model import Catalog, Tour

from .calendar import CalendarUnknown, open_day
from .request import next_saturday

SEARCH_DAYS = 21  # how far a tour looks for a date on which all of its stops are open


def _items(params: dict, name: str) -> list[str]:
    return [x for x in str(params.get(name, "")).split(",") if x]


def _set(params: dict, name: str, items: list[str]) -> dict:
    out = dict(params)
    if items:
        out[name] = ",".join(dict.fromkeys(items))
    else:
        out.pop(name, None)
    return out


def lock(params: dict, site_id: str) -> dict:
    """Keep this stop whatever else changes: a must-visit (and no longer excluded)."""
    return _set(_set(params, "exclude", [x for x in _items(params, "exclude") if x != site_id]),
                "must", _items(params, "must") + [site_id])


def unlock(params: dict, site_id: str) -> dict:
    return _set(params, "must", [x for x in _items(params, "must") if x != site_id])


def remove(params: dict, site_id: str) -> dict:
    """Leave this site out: excluded (and no longer a must-visit)."""
    return _set(_set(params, "must", [x for x in _items(params, "must") if x != site_id]),
                "exclude", _items(params, "exclude") + [site_id])


def restore(params: dict, site_id: str) -> dict:
    return _set(params, "exclude", [x for x in _items(params, "exclude") if x != site_id])


add_must = lock  # adding a left-out site as a must-visit is the same edit as locking a planned one


def tour_params(tour: Tour, catalog: Catalog, today: date) -> dict:
    """Form fields for a curated tour: its start point, its stops as must-visits, its theme as the
    interest, and a date on which every stop is open (a weekend first), booking lead times allowed for."""
    stops = [s.site for s in tour.stops if catalog.site(s.site) is not None and catalog.site(s.site).published]
    params = {"start": tour.start, "must": ",".join(dict.fromkeys(stops))}
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
