"""The site editor's form: every catalog field of a site (docs/catalog.md), read into catalog values and
flattened back into field strings. Field names are YAML paths relative to the site."""
from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from catalog.model import WEEKDAYS

from .formfields import field_for, localized, read, show, show_localized  # noqa: F401  (field_for: used by routes)

LOCALIZED = ("name", "short", "description", "address", "hours.notes", "booking.notes", "price.notes",
             "accessibility.notes", "rules.notes", "provenance.notes")
# (path, kind) of every scalar field, in form order.
SCALARS = (
    ("id", "text"), ("status", "choice"), ("category", "choice"), ("themes", "multi"),
    ("location.lat", "float"), ("location.lon", "float"), ("location.datum", "choice"),
    ("location.precision", "choice"), ("location.radius_m", "int"), ("location.source", "text"),
    ("hours.closed_dates", "lines"), ("hours.public_holidays", "choice"), ("hours.makeup_days", "choice"),
    ("hours.last_entry_minutes", "int"), ("hours.assumed", "bool"),
    ("visit_minutes", "int"),
    ("booking.required", "bool"), ("booking.lead_hours", "int"), ("booking.phone", "text"), ("booking.url", "text"),
    ("price.amount_cny", "money"), ("price.assumed", "bool"),
    ("accessibility.step_free", "tri"), ("accessibility.coach_parking", "tri"),
    ("rules.photography", "choice"), ("rules.closed_shoes", "bool"), ("rules.min_age", "int"),
    ("rules.max_group", "int"),
    ("contact.phone", "text"), ("contact.url", "text"), ("contact.wechat", "text"),
    ("score", "int"), ("provenance.sources", "multi"), ("provenance.last_verified", "date"),
    ("provenance.confidence", "choice"), ("provenance.assumed", "multi"), ("meals", "bool"), ("lodging", "bool"),
)
SLOT_FIELDS = (("days", "multi"), ("times", "list"), ("duration_minutes", "int"), ("capacity", "int"),
               ("language", "multi"))
DAYS = (*WEEKDAYS, "holiday")  # "holiday": hours on public holidays when open
WINDOWS_SHOWN = 3  # empty window inputs per day; more appear when a day already has more
MAX_ROWS = 50


def _set(target: dict, path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for key in parents:
        target = target.setdefault(key, {})
    target[last] = value


def _get(source: Any, path: str) -> Any:
    for key in path.split("."):
        if not isinstance(source, dict):
            return None
        source = source.get(key)
    return source


def values_from_form(form: MultiDict) -> dict:
    """The site as catalog values (every key present; None where the field is empty)."""
    out: dict = {}
    for path, kind in SCALARS:
        _set(out, path, read(kind, form, path))
    for path in LOCALIZED:
        _set(out, path, localized(form, path))
    for day in DAYS:
        windows = [read("window", form, f"hours.{day}[{i}]") for i in range(MAX_ROWS)]
        _set(out, f"hours.{day}", [w for w in windows if w] or None)
    slots = []
    for i in range(MAX_ROWS):
        slot = {key: read(kind, form, f"tour_slots[{i}].{key}") for key, kind in SLOT_FIELDS}
        if slot["times"] and isinstance(slot["times"], list):
            slot["times"] = [read("time", MultiDict({"t": t}), "t") for t in slot["times"]]
        if slot["days"] or slot["times"]:
            slots.append(slot)
    out["tour_slots"] = slots or None
    return out


def fields_from_values(site: Any) -> dict[str, str]:
    """Flatten a site (round-trip node or values) into {field name: string}."""
    out: dict[str, str] = {}
    for path, kind in SCALARS:
        out[path] = show(kind, _get(site, path))
    for path in LOCALIZED:
        show_localized(out, path, _get(site, path))
    for day in DAYS:
        windows = _get(site, f"hours.{day}") or []
        for i in range(max(WINDOWS_SHOWN, len(windows) + 1)):
            out[f"hours.{day}[{i}]"] = str(windows[i]) if i < len(windows) and isinstance(windows, list) else ""
    slots = _get(site, "tour_slots") or []
    for i in range(len(slots) + 1):
        slot = slots[i] if i < len(slots) and isinstance(slots[i], dict) else {}
        for key, kind in SLOT_FIELDS:
            out[f"tour_slots[{i}].{key}"] = show(kind, slot.get(key))
    return out

