"""Interface labels for catalog enumerations (translated through Flask-Babel)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

CATEGORY = {
    "food_factory": _l("Food factory"),
    "silk": _l("Silk"),
    "brewery": _l("Brewery"),
    "museum": _l("Museum"),
    "showroom": _l("Showroom & shop"),
    "tasting": _l("Tasting & experience"),
    "lab": _l("Lab & R&D"),
    "park_facility": _l("Park facility"),
    "heritage": _l("Heritage & scenery"),
    "transport": _l("Transport hub"),
    "restaurant": _l("Restaurant"),
}

WEEKDAY = {
    "mon": _l("Monday"), "tue": _l("Tuesday"), "wed": _l("Wednesday"), "thu": _l("Thursday"),
    "fri": _l("Friday"), "sat": _l("Saturday"), "sun": _l("Sunday"),
}

CLOSED_REASON = {
    "closed_date": _l("Closed on this date"),
    "public_holiday": _l("Closed on public holidays"),
    "weekly": _l("Closed"),
}

DAY_KIND = {
    "holiday": _l("Public holiday"),
    "makeup": _l("Make-up working day"),
}

PHOTOGRAPHY = {
    "allowed": _l("Photography allowed"),
    "restricted": _l("Photography restricted"),
    "forbidden": _l("No photography"),
    "unknown": _l("Photography rules not known"),
}

CONFIDENCE = {"high": _l("High"), "medium": _l("Medium"), "low": _l("Low")}

ASSUMED = {
    "existence": _l("that it exists"), "identity": _l("which facility this is"), "location": _l("position"),
    "address": _l("address"), "hours": _l("opening hours"), "last_entry": _l("last entry"),
    "holidays": _l("holiday opening"), "tour_slots": _l("guided tour times"), "visit_minutes": _l("visit length"),
    "booking": _l("booking"), "price": _l("price"), "rules": _l("visitor rules"),
    "accessibility": _l("accessibility"), "meals": _l("meals"), "lodging": _l("lodging"), "contact": _l("contact"),
}
