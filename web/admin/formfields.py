"""Form fields named by YAML path: a field's name is the path of the value it edits (``hours.mon[0]``,
``tour_slots[1].times``), so a validation problem at ``sites[3].hours.mon[0]`` lands on the field
``hours.mon[0]`` without any lookup table.

``read(kind, raw)`` turns a submitted string into a catalog value. A value it cannot convert is passed on as
the string typed, so catalog.validation reports it at its path in the editor's language.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from werkzeug.datastructures import MultiDict

from catalog.hant import to_hant

SPLIT = re.compile(r"[,，、;；\s]+")


def read(kind: str, form: MultiDict, name: str) -> Any:
    if kind == "bool":
        return form.get(name) in ("on", "true", "1", "yes")
    if kind == "multi":  # checkboxes, or one comma-separated value (the conflict page's merge choice)
        out: list[str] = []
        for v in form.getlist(name):
            out += [x for x in SPLIT.split(v) if x]
        return out or None
    raw = (form.get(name) or "").strip()
    if kind == "tri":
        return {"yes": True, "no": False}.get(raw)
    if raw == "":
        return None
    if kind == "int":
        return int(raw) if re.fullmatch(r"-?\d{1,9}", raw) else raw
    if kind == "float":
        try:
            value = float(raw)
        except ValueError:
            return raw
        return value if value == value and abs(value) != float("inf") else raw
    if kind == "money":
        value = read("float", form, name)
        return int(value) if isinstance(value, float) and value.is_integer() else value
    if kind == "date":
        try:
            return date.fromisoformat(raw)
        except ValueError:
            return raw
    if kind == "list":
        return [x for x in SPLIT.split(raw) if x] or None
    if kind in ("lines", "textlines"):
        items = [x.strip() for x in raw.splitlines() if x.strip()]
        return ([_maybe_date(x) for x in items] if kind == "lines" else items) or None
    if kind == "window":
        m = re.fullmatch(r"(\d{1,2}:\d{2})\s*[-–~至到]\s*(\d{1,2}:\d{2})", raw)
        return f"{_pad(m.group(1))}-{_pad(m.group(2))}" if m else raw
    if kind == "time":
        return _pad(raw) if re.fullmatch(r"\d{1,2}:\d{2}", raw) else raw
    return raw  # text, choice


def show(kind: str, value: Any) -> str:
    """A catalog value as the string a form field shows."""
    if value is None:
        return ""
    if kind == "bool":
        return "on" if value is True else ""
    if kind == "tri":
        return {True: "yes", False: "no"}.get(value, "")
    if kind in ("multi", "list"):
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if kind in ("lines", "textlines"):
        return "\n".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if kind == "money" and isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _maybe_date(text: str) -> Any:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text


def _pad(hhmm: str) -> str:
    h, m = hhmm.split(":")
    return f"{int(h):02d}:{m}"


def localized(form: MultiDict, name: str) -> dict | None:
    """Both texts exactly as typed (a browser sends line breaks as CRLF); only blank counts as empty.
    A Traditional wording is kept (``zh_hant``) only when it differs from the automatic conversion of the
    Chinese: an empty box, or one holding the conversion, leaves the conversion in charge."""
    zh, en, hant = (typed(form.get(f"{name}.{lang}", "")) for lang in LANGS)
    if not (zh or en):
        return None
    return {"zh": zh, "en": en, **({"zh_hant": hant} if hant and hant != to_hant(zh) else {})}


LANGS = ("zh", "en", "zh_hant")  # the keys of a bilingual text, as stored and as form fields (name.zh_hant)


def show_localized(out: dict[str, str], name: str, text: Any) -> None:
    """A bilingual text's fields ({name}.zh, .en, .zh_hant) from a stored mapping (or None)."""
    for lang in LANGS:
        out[f"{name}.{lang}"] = show("text", text.get(lang) if isinstance(text, dict) else None)


def typed(value: str) -> str:
    value = value.replace("\r\n", "\n")
    return value if value.strip() else ""


def field_for(problem_path: str, fields: dict[str, str]) -> str | None:
    """The form field a problem path (relative to the item) belongs to, or None (shown above the form)."""
    path = problem_path
    while path:
        if path in fields:
            return path
        inside = next((f for f in fields if f.startswith((f"{path}.", f"{path}["))), None)
        if inside:
            return inside  # "location" -> "location.lat", "tour_slots[0]" -> its first field
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None
