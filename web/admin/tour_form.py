"""The curated-tour form: ordered stops (reorder by editing the order numbers; empty site = removed)."""
from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from .formfields import field_for, localized, read, show, show_localized  # noqa: F401  (field_for: used by routes)

MAX_STOPS = 40
BLANK_STOPS = 2


def values_from_form(form: MultiDict) -> dict:
    stops = []
    for i in range(MAX_STOPS):
        p = f"stops[{i}]"
        site = (form.get(f"{p}.site") or "").strip()
        if not site:
            continue
        order = read("float", form, f"{p}.order")
        stops.append((order if isinstance(order, float) else float(i + 1), i, {
            "site": site, "time": read("time", form, f"{p}.time"), "minutes": read("int", form, f"{p}.minutes"),
            "note": localized(form, f"{p}.note")}))
    stops.sort(key=lambda t: (t[0], t[1]))
    return {
        "id": read("text", form, "id"), "status": read("choice", form, "status"),
        "theme": read("choice", form, "theme"), "name": localized(form, "name"),
        "summary": localized(form, "summary"), "start": read("choice", form, "start"),
        "stops": [s for _, _, s in stops] or None,
    }


def fields_from_values(tour: Any) -> dict[str, str]:
    out = {key: show("text", tour.get(key)) for key in ("id", "status", "theme", "start")}
    for key in ("name", "summary"):
        show_localized(out, key, tour.get(key))
    stops = tour.get("stops") or []
    for i in range(len(stops) + BLANK_STOPS):
        stop = stops[i] if i < len(stops) and isinstance(stops[i], dict) else {}
        p = f"stops[{i}]"
        out[f"{p}.order"] = str(i + 1)
        out[f"{p}.site"] = show("text", stop.get("site"))
        out[f"{p}.time"] = show("text", stop.get("time"))
        out[f"{p}.minutes"] = show("int", stop.get("minutes"))
        show_localized(out, f"{p}.note", stop.get("note"))
    return out

