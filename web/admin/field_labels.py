"""What a form field is called for people (conflict page, history): ``hours.sat[0]`` -> "Opening hours · Saturday",
``name.zh`` -> "Name (Chinese)", ``stops[2].site`` -> "Stop 3 · Site". The same words as the forms' labels."""
from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from web.labels import WEEKDAY

PLAIN = {
    "id": _l("Id"), "status": _l("Status"), "category": _l("Category"), "themes": _l("Themes"),
    "score": _l("Planning score (1–10)"), "visit_minutes": _l("Typical visit (minutes)"),
    "meals": _l("Lunch can be taken here"), "lodging": _l("Can be an overnight base"),
    "name": _l("Name"), "short": _l("Short description"), "description": _l("Description"),
    "address": _l("Address"), "summary": _l("Summary"), "theme": _l("Theme"), "start": _l("Start point"),
    "location.lat": _l("Latitude"), "location.lon": _l("Longitude"), "location.datum": _l("Datum of these numbers"),
    "location.precision": _l("Precision"), "location.radius_m": _l("Uncertainty radius (metres; needed for an estimate)"),
    "location.source": _l("How this position was found"),
    "hours": _l("Opening hours"), "hours.closed_dates": _l("Closed dates (one per line, like 2026-12-05)"),
    "hours.public_holidays": _l("On public holidays"), "hours.makeup_days": _l("On make-up working days (调休)"),
    "hours.last_entry_minutes": _l("Last entry, minutes before closing"),
    "hours.assumed": _l("Hours are assumed (no source gives them)"), "hours.notes": _l("Notes on hours"),
    "hours.holiday": _l("Public holidays (when open)"),
    "booking.required": _l("Booking required"), "booking.lead_hours": _l("Book at least this many hours ahead"),
    "booking.phone": _l("Booking phone"), "booking.url": _l("Booking web address"), "booking.notes": _l("Booking notes"),
    "price.amount_cny": _l("Price in yuan (0 = free, empty = not known)"),
    "price.assumed": _l("Price is assumed, not sourced"), "price.notes": _l("Price notes"),
    "rules.photography": _l("Photography"), "rules.closed_shoes": _l("Closed shoes required"),
    "rules.min_age": _l("Minimum age"), "rules.max_group": _l("Largest group admitted"), "rules.notes": _l("Rules notes"),
    "accessibility.step_free": _l("Step-free access"), "accessibility.coach_parking": _l("Coach parking"),
    "accessibility.notes": _l("Accessibility notes"),
    "contact.phone": _l("Phone"), "contact.url": _l("Web address"), "contact.wechat": _l("WeChat"),
    "provenance.sources": _l("Sources"), "provenance.last_verified": _l("Last verified with the site"),
    "provenance.confidence": _l("Confidence"), "provenance.notes": _l("Provenance notes"),
    "provenance.assumed": _l("Assumed, not sourced"),
    # parts of guided-tour slots and tour stops
    "days": _l("Days"), "times": _l("Start times (comma-separated, e.g. 10:00, 14:30)"),
    "duration_minutes": _l("Duration (minutes)"), "capacity": _l("Capacity (people; empty = no limit)"),
    "language": _l("Languages"), "order": _l("Order"), "site": _l("Site"), "time": _l("Suggested start (HH:MM)"),
    "minutes": _l("Minutes (empty = the site's usual)"), "note": _l("Note"),
}
LANGS = {"zh": _l("(Chinese)"), "en": _l("(English)"), "zh_hant": _l("(Traditional Chinese)")}
ROW = re.compile(r"^(tour_slots|stops)\[(\d+)\]\.(.+)$")
DAY = re.compile(r"^hours\.(\w+)(?:\[(\d+)\])?$")


def label(name: str) -> str:
    lang = None
    base, _dot, last = name.rpartition(".")
    if last in LANGS and (base in PLAIN or ROW.match(name)):
        name, lang = base, last
    text = _plain(name)
    return f"{text} {LANGS[lang]}" if lang else text


def _plain(name: str) -> str:
    if name in PLAIN:
        return str(PLAIN[name])
    row = ROW.match(name)
    if row:
        what = _("Guided tour %(n)d", n=int(row.group(2)) + 1) if row.group(1) == "tour_slots" else \
            _("Stop %(n)d", n=int(row.group(2)) + 1)
        return f"{what} · {_plain(row.group(3))}"
    day = DAY.match(name)
    if day and (day.group(1) in WEEKDAY or day.group(1) == "holiday"):
        which = WEEKDAY[day.group(1)] if day.group(1) in WEEKDAY else PLAIN["hours.holiday"]
        return f"{PLAIN['hours']} · {which}"
    return _("Other field")
