"""Rows of a clerk's table -> catalog changes: which site each row updates (by ID, else by its Chinese name) or
adds, the values of the cells it fills, and the problems of each cell.

A new site needs only what a clerk knows: a name, a position or an address, a theme. Everything else gets a
stand-in value that the catalog marks as assumed (``provenance.assumed``, ``hours.assumed``), so it shows up in
the verification queue and visitors see it flagged. Pure: no Flask.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pypinyin import lazy_pinyin

from geo import county

from .clerk_columns import REQUIRED, CellProblem, Column, _Bad, convert, is_clear, match_header, nest
from .clerk_sheet import Table
from .model import WEEKDAYS

# Where a site with an address but no position is put: the county seat (as the catalog's own estimates do),
# flagged as an estimate with a radius that covers the county.
COUNTY_SEAT = {"lat": county.COUNTY_SEAT[0], "lon": county.COUNTY_SEAT[1], "datum": county.DATUM,
               "precision": "estimate", "radius_m": 15000,
               "source": "Estimate (估算), ±15 km, placed at the county seat on import; position to be verified"}
DEFAULT_HOURS = ["09:00-17:00"]


@dataclass
class ClerkRow:
    number: int
    id: str = ""
    values: dict = field(default_factory=dict)
    problems: list[CellProblem] = field(default_factory=list)
    new: bool = False
    columns: dict[str, Column] = field(default_factory=dict)  # catalog path -> the column that filled it

    def column_for(self, path: str) -> Column | None:
        """The column behind a catalog path such as ``hours.mon[0]`` (the longest matching column path)."""
        best = None
        for p, col in self.columns.items():
            target = "hours.mon" if p == "hours.all" and path.startswith("hours.") else p
            if (path == target or path.startswith(target + ".") or path.startswith(target + "[")
                    or (p == "hours.all" and path.startswith("hours."))):
                if best is None or len(p) > len(best[0]):
                    best = (p, col)
        return best[1] if best else None


def parse(table: Table, vocab: dict, existing: list[tuple[str, str]]) -> tuple[list[ClerkRow], list[CellProblem]]:
    """(rows, problems of the header). ``existing``: (id, Chinese name) of each site in the catalog."""
    columns, general = match_header(table.header)
    ids = {i for i, _ in existing}
    by_name = {name.strip(): i for i, name in existing if name}
    rows: list[ClerkRow] = []
    seen: dict[str, int] = {}
    taken = set(ids)
    for number, cells in table.rows:
        row = _row(number, cells, columns, vocab)
        name = str((row.values.get("name") or {}).get("zh") or "").strip()
        if row.id and row.id not in ids and not re.match(r"^[a-z0-9][a-z0-9-]*$", row.id):
            row.problems.append(CellProblem(number, row.columns.get("id"), "choice",
                                            {"choices": "a-z 0-9 -"}))
        if not row.id and name in by_name:
            row.id = by_name[name]
        if row.id and row.id in ids:
            row.values["id"] = row.id
        else:
            row.new = True
            _complete_new(row, taken)
        key = row.id or f"name:{name}"
        if key in seen:
            row.problems.append(CellProblem(number, None, "duplicate", {"other": seen[key]}))
        seen.setdefault(key, number)
        rows.append(row)
    return rows, general


def _row(number: int, cells: list[str], columns: list[Column | None], vocab: dict) -> ClerkRow:
    row = ClerkRow(number)
    flat: dict[str, Any] = {}
    for col, raw in zip(columns, cells):
        if col is None or raw == "":
            continue
        row.columns[col.path] = col
        if is_clear(raw):
            if col.path in REQUIRED:
                row.problems.append(CellProblem(number, col, "clear_required"))
            else:
                flat[col.path] = None
            continue
        try:
            flat[col.path] = convert(col, raw, vocab)
        except _Bad as bad:
            row.problems.append(CellProblem(number, col, bad.code, bad.params))
    if ("location.lat" in flat) != ("location.lon" in flat):
        row.problems.append(CellProblem(number, row.columns.get("location.lat") or row.columns.get("location.lon"),
                                        "both_lat_lon"))
    row.id = str(flat.pop("id", "") or "")
    row.values = nest(flat)
    return row


def _complete_new(row: ClerkRow, taken: set[str]) -> None:
    """Fill what a clerk does not know, each stand-in marked as assumed; complain about what only they know."""
    v = row.values
    name = (v.get("name") or {}).get("zh") or ""
    loc = v.get("location") or {}
    address = (v.get("address") or {}).get("zh") or ""
    missing = []
    if not name:
        missing.append(("the name", "「名称」"))
    if not v.get("themes"):
        missing.append(("a theme", "「主题」"))
    if not (loc.get("lat") and loc.get("lon")) and not address:
        missing.append(("a position (latitude and longitude) or an address", "位置（纬度和经度）或「地址」"))
    if missing:
        row.problems.append(CellProblem(row.number, None, "new_needs", {
            "what": ", ".join(m[0] for m in missing), "what_zh": "、".join(m[1] for m in missing)}))
        return
    row.id = row.id or _new_id(name, taken)
    taken.add(row.id)
    assumed = ["hours", "visit_minutes", "booking", "price", "accessibility"]
    pinyin = " ".join(w.capitalize() for w in lazy_pinyin(name) if w.strip()).strip() or row.id
    v["id"] = row.id
    v.setdefault("status", "draft")  # a clerk's new row is a draft until someone has looked at it
    v["name"] = {"en": pinyin, **v["name"]}
    v["short"] = {"zh": name, "en": pinyin, **(v.get("short") or {})}
    v["description"] = {"zh": f"{name}：由表格导入，详细介绍待补充。", "en": f"{pinyin} (imported; description to be written).",
                        **(v.get("description") or {})}
    if not address:
        assumed.append("address")
    v["address"] = {"zh": address or "四川省广安市武胜县（待核实）", "en": "Wusheng County, Guang'an, Sichuan (to be verified)",
                    **{k: x for k, x in (v.get("address") or {}).items() if x}}
    if loc.get("lat") and loc.get("lon"):
        v["location"] = {"datum": "gcj02", "precision": "estimate", "radius_m": 500,
                         "source": "Entered on import (导入时填写); to be verified", **loc}
    else:
        v["location"] = dict(COUNTY_SEAT)
    assumed.append("location")
    given_hours = v.get("hours") or {}
    if not any(given_hours.get(d) for d in WEEKDAYS):
        v["hours"] = {**{d: list(DEFAULT_HOURS) for d in WEEKDAYS}, **given_hours, "assumed": True,
                      "notes": {"zh": "导入时假设为每天开放（上午九点至下午五点），待核实。",
                                "en": "Assumed on import (open every day, nine to five); to be verified."}}
    else:
        assumed.remove("hours")
    v.setdefault("visit_minutes", 60)
    v.setdefault("score", 5)
    v.setdefault("category", "museum")
    if (v.get("price") or {}).get("amount_cny") is not None:
        assumed.remove("price")
    v["provenance"] = {"sources": [], "last_verified": None, "confidence": "low", "assumed": assumed}


def _new_id(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", "-".join(lazy_pinyin(name)).lower()).strip("-")[:48] or "site"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate
