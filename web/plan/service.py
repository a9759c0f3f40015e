"""One computation for the planner page, its exports, print view, QR codes and the JSON API.

Fields (named in planner/request_fields.py) come from a query string or a JSON body and go through
``planner.request.parse_request``; the
plan comes from one ``Planner`` per catalog version (its travel matrices cached per version and mode,
the catalog's known drive times applied). Finished itineraries are kept in a small LRU keyed by the
catalog version, the request and the minute of "now" (booking lead times are measured from now), so the
exports, QR code and print view of a plan just shown cost no second solve.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Mapping
from urllib.parse import urlencode

from cachetools import LRUCache
from flask import current_app, url_for

from catalog.model import Catalog
from planner.calendar import CalendarUnknown
from planner.itinerary import Itinerary
from planner import request_fields
from planner.field_errors import items
from planner.plan import Planner
from planner.request import RequestError, TripRequest, parse_request
from planner.routing import OsrmTravelTimes, ValhallaTravelTimes
from planner.travel import EstimatedTravelTimes

from . import places
from web.platform import clock
from web.platform.links import absolute  # noqa: F401  (``path`` on the public site; used by the planner's views)
from web.platform.live_catalog import get_catalog

MAX_FIELD_CHARS = 2000  # longer values are cut before parsing: no field needs more


@dataclass(frozen=True)
class Outcome:
    """A planned trip, or the field errors that stopped it (``request`` is None then)."""

    catalog: Catalog
    request: TripRequest | None
    itinerary: Itinerary | None
    error: RequestError | None

    @property
    def params(self) -> dict[str, str]:
        return self.request.to_params() if self.request else {}


def fields_from_args(args) -> dict[str, str]:
    """The request fields of a query string (a MultiDict): lists joined with commas, other keys ignored."""
    out: dict[str, str] = {}
    for f in request_fields.FIELDS:
        name = f.name
        values = [str(v)[:MAX_FIELD_CHARS] for v in args.getlist(name)]
        if not values:
            continue
        if f.many:  # several checkboxes, or one comma-separated value
            out[name] = ",".join(v for v in values if v.strip())
        else:  # the first filled one: a start point chosen from the list beats coordinates typed below it
            out[name] = next((v for v in values if v.strip()), values[0])
    return out


def has_trip_fields(args) -> bool:
    return any(name in args for name in request_fields.NAMES)


def _travel(config, catalog: Catalog):
    estimate = EstimatedTravelTimes(overrides=catalog.travel_times)
    url = str(config.get("ROUTING_URL", "") or "").strip()
    if not url:
        return estimate
    engine = ValhallaTravelTimes if str(config.get("ROUTING_ENGINE", "osrm")).strip() == "valhalla" else OsrmTravelTimes
    return engine(url, estimate, timeout_s=float(config.get("ROUTING_TIMEOUT_SECONDS", 1.5)))


class _Plans:
    """Per-process state: the current catalog's Planner and recent itineraries."""

    def __init__(self, size: int):
        self.lock = threading.Lock()
        self.version: str | None = None
        self.planner: Planner | None = None
        self.recent: LRUCache[tuple, Itinerary] | None = LRUCache(maxsize=size) if size > 0 else None

    def planner_for(self, catalog: Catalog) -> Planner:
        with self.lock:
            if self.version != catalog.version or self.planner is None:
                config = current_app.config
                self.planner = Planner(travel=_travel(config, catalog),
                                       time_limit=float(config.get("PLAN_EXACT_SECONDS", 2.0)),
                                       iterations=int(config.get("PLAN_SEARCH_ITERATIONS", 400)),
                                       exact_multi_day_max=int(config.get("PLAN_EXACT_MULTI_DAY_MAX", 10)),
                                       exact_days=bool(config.get("PLAN_EXACT_DAYS", True)),
                                       explain_displace_max=int(config.get("PLAN_EXPLAIN_DISPLACE_MAX", 10)))
                self.version = catalog.version
                if self.recent is not None:
                    self.recent.clear()
            return self.planner

    def get(self, key: tuple) -> Itinerary | None:
        with self.lock:
            return self.recent.get(key) if self.recent is not None else None

    def put(self, key: tuple, itinerary: Itinerary) -> None:
        if self.recent is not None:
            with self.lock:
                self.recent[key] = itinerary


def _plans() -> _Plans:
    ext = current_app.extensions
    if "wusheng_plans" not in ext:
        ext["wusheng_plans"] = _Plans(int(current_app.config.get("PLAN_CACHE_SIZE", 64)))
    return ext["wusheng_plans"]


def _bounded(fields: Mapping[str, Any]) -> None:
    """Refuse what would take a worker for seconds: explaining which of many must-visits cannot fit together
    grows steeply with their number (8: 0.1 s; 12: 1.3 s; 18: 17 s on the bundled catalog)."""
    most = int(current_app.config.get("PLAN_MUST_MAX", 8))
    if most and len(set(items(fields.get("must")))) > most:
        raise RequestError({"must": ("too_many", {"n": most})})


def plan(fields: Mapping[str, Any]) -> Outcome:
    """Validate ``fields`` and plan the trip; field errors come back in ``Outcome.error``, never raised."""
    catalog = get_catalog()
    now = clock.now()
    fields = places.resolve_start(dict(fields), catalog)
    try:
        _bounded(fields)
        req = parse_request(fields, catalog, today=now.date())
    except RequestError as exc:
        return Outcome(catalog, None, None, exc)
    state = _plans()
    planner = state.planner_for(catalog)
    key = (catalog.version, tuple(sorted(req.to_params().items())), now.strftime("%Y-%m-%dT%H:%M"))
    itinerary = state.get(key)
    if itinerary is None:
        from web.platform.heavy_work import niced, slot

        try:
            # A burst of plans waits its turn as 503s, not in front of the pages (web/platform/heavy_work.py).
            with slot("plan"):
                itinerary = niced(lambda: planner.plan(req, catalog, now))
        except RequestError as exc:
            return Outcome(catalog, req, None, exc)
        except CalendarUnknown as exc:
            return Outcome(catalog, req, None, RequestError({"date": ("calendar", {"year": exc.year})}))
        state.put(key, itinerary)
    return Outcome(catalog, req, itinerary, None)


def permalink(params: Mapping[str, str], version: str, *, endpoint: str = "planner.plan", external: bool = True,
              **view_args: str) -> str:
    """The address that brings this plan back: every request field, and the catalog version it was made with.
    ``endpoint``/``view_args`` give the same plan's print view, exports or QR code."""
    return addresses(params, version, [(endpoint, view_args)], external=external)[0]


def addresses(params: Mapping[str, str], version: str, targets, *, external: bool = False) -> list[str]:
    """``permalink`` for each (endpoint, view_args) of ``targets``: the query is encoded once for all."""
    query = "?" + urlencode({**params, "v": version})
    paths = [url_for(endpoint, **view_args) + query for endpoint, view_args in targets]
    return [absolute(p) for p in paths] if external else paths
