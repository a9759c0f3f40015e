"""Restoring some fields of one site from a revision: the rows the confirmation page offers (one per catalog
path, so a day's opening windows or a tour slot's parts go back together) and the partial values that put
exactly those back, leaving every other field with its later edits."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from . import site_form
from .changes import _grouped
from .staff_words import form_label


def path_of(field: str) -> str:
    """The catalog path a form field lives under: "hours.sat[1]" -> "hours.sat", "tour_slots[0].times" ->
    "tour_slots" (a list goes back whole: half a list of windows would be a list nobody saw)."""
    return field.split("[", 1)[0]


def rows(now: Any, then: Any) -> list[tuple[str, str, str, str]]:
    """(catalog path, label, now, after restoring) for every path whose fields differ."""
    before, after = _grouped(site_form.fields_from_values(now)), _grouped(site_form.fields_from_values(then))
    out: dict[str, tuple[str, list[str], list[str]]] = {}
    for key in dict.fromkeys([*before, *after]):
        a, b = before.get(key, ""), after.get(key, "")
        if a == b:
            continue
        path = path_of(key)
        name = _("Guided tour slots") if path == "tour_slots" else form_label(key)
        entry = out.setdefault(path, (name, [], []))
        entry[1].append(a)
        entry[2].append(b)
    return [(path, name, "; ".join(filter(None, a)), "; ".join(filter(None, b)))
            for path, (name, a, b) in out.items()]


def values(then: Any, paths: list[str]) -> dict:
    """Partial site values holding ``then``'s value (None: absent, so removed) at each of ``paths``."""
    out: dict = {}
    for path in paths:
        site_form._set(out, path, _plain(site_form._get(then, path)))
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
