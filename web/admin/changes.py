"""A revision as a change list: per site and tour, per field, in the interface language ("Opening hours ·
Saturday: closed → 09:00-17:00"), instead of a YAML diff."""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _

from catalog.loader import load_bytes
from catalog.problems import CatalogError

from . import site_form, tour_form
from .staff_words import form_label

WINDOW = re.compile(r"^(hours\.\w+)\[\d+\]$")


@dataclass(frozen=True)
class Change:
    item: str  # the site's or tour's name
    field: str
    before: str
    after: str


def _grouped(fields: dict[str, str]) -> dict[str, str]:
    """Opening windows of one day as one field ("09:00-11:30, 13:30-17:00", or "closed")."""
    out: dict[str, str] = {}
    for name, value in fields.items():
        day = WINDOW.match(name)
        if day:
            key = day.group(1)
            out[key] = ", ".join(filter(None, [out.get(key, ""), value]))
        else:
            out[name] = value
    return {k: (v or _("Not open")) if WINDOW.match(k + "[0]") else v for k, v in out.items()}


def _items(data: bytes | None, section: str) -> dict:
    try:
        doc = load_bytes(data) if data else {}
    except CatalogError:
        return {}
    return {i.get("id"): i for i in (doc.get(section) or []) if isinstance(i, dict)}


def between(old: bytes | None, new: bytes) -> list[Change]:
    out: list[Change] = []
    for section, form, what in (("sites", site_form, _("Site")), ("tours", tour_form, _("Tour"))):
        before, after = _items(old, section), _items(new, section)
        for item_id in dict.fromkeys([*before, *after]):
            a = _grouped(form.fields_from_values(before[item_id])) if item_id in before else {}
            b = _grouped(form.fields_from_values(after[item_id])) if item_id in after else {}
            name = str(((after.get(item_id) or before.get(item_id) or {}).get("name") or {}).get("zh") or item_id)
            if not a or not b:
                out.append(Change(f"{what} {name}", _("the whole entry"), _("(none)") if not a else name,
                                  _("(none)") if not b else name))
                continue
            for key in dict.fromkeys([*a, *b]):
                if a.get(key, "") != b.get(key, ""):
                    out.append(Change(name, form_label(key), a.get(key, "") or "—", b.get(key, "") or "—"))
    return out
