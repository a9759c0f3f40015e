"""A start typed as a place name, found in the offline gazetteer when the project has one.

``geo.geocode`` (the admin's geocoder) brings an offline gazetteer of Wusheng's towns and landmarks. When
it is installed, a start such as "宝箴塞镇" or "Yankou" becomes its coordinates and datum; the online
service is never called while serving a visitor (it may take seconds). Without the module, or when the
name is not in the gazetteer, the field is left as typed and the form explains what it accepts.
"""
from __future__ import annotations

import importlib
from functools import lru_cache

from catalog.model import Catalog
from planner.request import COORDS


@lru_cache(maxsize=1)
def gazetteer():
    """The offline gazetteer, or None when this installation has none."""
    try:
        module = importlib.import_module("geo.geocode")
        return module.Gazetteer()
    except Exception:  # no module, or its data file is missing: typed names are simply not looked up
        return None


def available() -> bool:
    return gazetteer() is not None


def resolve_start(fields: dict, catalog: Catalog) -> dict:
    """``fields`` with a typed place name for ``start`` replaced by the gazetteer's coordinates and datum."""
    text = str(fields.get("start", "")).strip()
    if not text or COORDS.match(text) or text.startswith("site:") or catalog.start_point(text) or catalog.site(text):
        return fields
    found = gazetteer().geocode(text[:80], exactly_one=True) if gazetteer() is not None else None
    if found is None:
        return fields
    datum = str((found.raw or {}).get("datum") or "wgs84").lower()
    return {**fields, "start": f"{found.latitude:.6f},{found.longitude:.6f}", "start_datum": datum}
