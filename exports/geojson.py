"""GeoJSON (RFC 7946): a Point per stop and a LineString per day; coordinates [lon, lat] in WGS-84."""
from __future__ import annotations

import json

from . import COORDINATES_NOTE, GENERATOR
from .notice import NoticeText
from .stops import DayStops, Stop
from .text import hhmm


def _props(stop: Stop) -> dict:
    return {
        "day": stop.day + 1, "date": stop.date.isoformat(), "seq": stop.seq, "kind": stop.kind,
        "number": stop.number or None, "site": stop.site, "place": stop.key,
        "name_zh": stop.name.zh, "name_en": stop.name.en,
        "arrive": hhmm(stop.arrive) or None, "start": hhmm(stop.start) or None, "end": hhmm(stop.end) or None,
        "leave": hhmm(stop.leave) or None,
        "leg_minutes": stop.leg.minutes if stop.leg else None, "leg_km": round(stop.leg.km, 1) if stop.leg else None,
        "leg_approx": stop.leg.approx if stop.leg else None,
        "address_zh": stop.address.zh or None, "address_en": stop.address.en or None, "phone": stop.phone or None,
        "booking_required": stop.booking, "booking_contact": stop.booking_contact or None,
        "position_uncertainty_m": stop.estimate_m,
    }


def to_geojson(days: tuple[DayStops, ...], *, permalink: str = "", catalog_version: str = "",
               notice: NoticeText | None = None) -> str:
    features = []
    for day in days:
        features.append({"type": "Feature", "properties": {
            "kind": "route", "day": day.index + 1, "date": day.date.isoformat(),
            "minutes": sum(s.leg.minutes for s in day.stops if s.leg),
            "km": round(sum(s.leg.km for s in day.stops if s.leg), 1)},
            "geometry": {"type": "LineString", "coordinates": [[s.lon, s.lat] for s in day.stops]}})
        for stop in day.stops:
            features.append({"type": "Feature", "properties": _props(stop),
                             "geometry": {"type": "Point", "coordinates": [stop.lon, stop.lat]}})
    # Foreign members (RFC 7946 section 6.1): what is wrong with the plan (first, null when nothing), who made
    # it, from which plan, and the datum in words.
    doc = {"type": "FeatureCollection", "notice": notice.to_dict() if notice else None, "generator": GENERATOR, "coordinates_note": COORDINATES_NOTE,
           "permalink": permalink or None, "catalog_version": catalog_version or None, "features": features}
    return json.dumps(doc, ensure_ascii=False, indent=1)
