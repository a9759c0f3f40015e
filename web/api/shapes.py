"""JSON shapes of the public API (``/api/v1``): sites, tours and planned trips, as ``web/api/openapi.py`` describes.

Positions are WGS-84 (converted from the catalog's recorded datum) and say so in ``datum``; texts are
``{"zh": ..., "en": ...}``; times are "HH:MM" in Asia/Shanghai.
"""
from __future__ import annotations

from flask import url_for
from flask_babel import force_locale

from catalog.model import Catalog, Location, LocalizedText, Site, Tour, fmt_minutes
from exports.stops import day_stops
from geo.datum import location_in
from geo.navigation import marker_links
from planner.itinerary import Itinerary

from web.plan import downloads
from web.plan.holiday_words import day_note
from web.platform.i18n import LANGS
from web.plan.service import Outcome, absolute, permalink


def text(t: LocalizedText) -> dict:
    return {"zh": t.zh, "en": t.en}


def position(loc: Location) -> dict:
    lat, lon = location_in(loc, "wgs84")
    return {"lat": round(lat, 6), "lon": round(lon, 6), "datum": "wgs84", "estimate": loc.is_estimate,
            "uncertainty_m": loc.radius_m if loc.is_estimate else None}


def site_summary(site: Site) -> dict:
    return {"id": site.id, "name": text(site.name), "short": text(site.short), "category": site.category.value,
            "themes": list(site.themes), "location": position(site.location), "booking_required": site.booking.required,
            "url": absolute(url_for("public.site", site_id=site.id)),
            "self": absolute(url_for("api.site", site_id=site.id))}


def site_detail(site: Site, catalog: Catalog) -> dict:
    h = site.hours
    return {
        **site_summary(site), "description": text(site.description), "address": text(site.address),
        "hours": {"weekly": {d: [str(w) for w in wins] for d, wins in h.weekly.items()},
                  "public_holidays": h.public_holidays, "last_entry_minutes": h.last_entry_min,
                  "unverified": h.assumed, "notes": text(h.notes)},
        "guided_tours": [{"days": list(s.days), "times": [fmt_minutes(t) for t in s.times],
                          "minutes": s.duration_min, "capacity": s.capacity} for s in site.tour_slots],
        "visit_minutes": site.visit_min,
        "booking": {"required": site.booking.required, "lead_hours": site.booking.lead_hours,
                    "phone": site.booking.phone, "url": site.booking.url, "notes": text(site.booking.notes)},
        "price_cny": site.price.amount_cny, "step_free": site.accessibility.step_free,
        "max_group": site.rules.max_group, "phone": site.contact.phone, "meals": site.meals, "lodging": site.lodging,
        "last_verified": site.provenance.last_verified.isoformat() if site.provenance.last_verified else None,
        "navigation": {link.app: link.url for link in marker_links(site.location, site.name.zh)},
    }


def tour_json(tour: Tour, catalog: Catalog, *, detail: bool = False) -> dict:
    out = {"id": tour.id, "theme": tour.theme, "name": text(tour.name), "summary": text(tour.summary),
           "start": tour.start, "stop_count": len(tour.stops),
           "url": absolute(url_for("public.tour", tour_id=tour.id)),
           "plan_url": absolute(url_for("planner.plan", tour=tour.id)),
           "self": absolute(url_for("api.tour", tour_id=tour.id))}
    if detail:
        point = catalog.start_point(tour.start)
        out["start_point"] = {"id": point.id, "name": text(point.name), "location": position(point.location)}
        out["stops"] = [{"site": s.site, "name": text(catalog.site(s.site).name),
                         "time": fmt_minutes(s.time) if s.time is not None else None,
                         "minutes": s.minutes or catalog.site(s.site).visit_min, "note": text(s.note),
                         "location": position(catalog.site(s.site).location)} for s in tour.stops]
    return out


def plan_json(outcome: Outcome) -> dict:
    """The itinerary (``Itinerary.to_dict``) with each stop's WGS-84 position, the permalink and the files."""
    it: Itinerary = outcome.itinerary
    body = it.to_dict()
    for day, stops in zip(body["days"], day_stops(it, outcome.catalog)):
        where = {s.key: {"lat": s.lat, "lon": s.lon, "datum": "wgs84"} for s in stops.stops}
        day["start_location"], day["end_location"] = where[day["start"]], where[day["end"]]
        for stop in day["stops"]:
            stop["location"] = where[stop["site"]]
        if day["lunch"] is not None:
            day["lunch"]["location"] = where.get(day["lunch"]["site"] or day["lunch"]["at"])
        cal = day["calendar"]
        note = {}
        for lang in ("zh", "en"):
            with force_locale(LANGS[lang]):
                note[lang] = day_note(cal["kind"], cal["holiday"] or "", cal["provisional"])
        cal["message"] = note if note["en"] else None
    link = permalink(outcome.params, outcome.catalog.version)
    for alt in (body["notice"] or {}).get("alternatives", ()):
        alt["url"] = permalink(alt["request"], outcome.catalog.version)
    body.pop("request")
    return {"request": outcome.params, **body, "permalink": link,
            "links": {"page": link, **downloads.links(outcome.params, outcome.catalog.version, external=True)}}
