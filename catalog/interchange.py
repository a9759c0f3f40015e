"""Sites as CSV rows and GeoJSON features, both ways. Columns are named by YAML path (``name.zh``,
``location.lat``, ``hours.mon``); lists are joined with ``|``. YAML export is the file itself (complete);
CSV and GeoJSON carry the fields below (not notes or tour slots). GeoJSON geometry is WGS-84 (RFC 7946);
the recorded position and its datum travel in the properties. Pure: no Flask."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .model import WEEKDAYS

LOCALIZED = ("name", "short", "description", "address")
COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "text"), ("status", "text"), ("category", "text"), ("themes", "list"),
    *((f"{k}.{lang}", "text") for k in LOCALIZED for lang in ("zh", "en")),
    ("location.lat", "float"), ("location.lon", "float"), ("location.datum", "text"),
    ("location.precision", "text"), ("location.radius_m", "int"), ("location.source", "text"),
    *((f"hours.{d}", "windows") for d in (*WEEKDAYS, "holiday")), ("hours.closed_dates", "dates"),
    ("hours.public_holidays", "text"), ("hours.makeup_days", "text"), ("hours.last_entry_minutes", "int"),
    ("hours.assumed", "bool"), ("visit_minutes", "int"), ("booking.required", "bool"), ("booking.lead_hours", "int"),
    ("booking.phone", "text"), ("booking.url", "text"), ("price.amount_cny", "float"), ("price.assumed", "bool"),
    ("accessibility.step_free", "tri"), ("accessibility.coach_parking", "tri"), ("rules.photography", "text"),
    ("rules.closed_shoes", "bool"), ("rules.min_age", "int"), ("rules.max_group", "int"), ("contact.phone", "text"),
    ("contact.url", "text"), ("contact.wechat", "text"), ("score", "int"), ("provenance.sources", "list"),
    ("provenance.last_verified", "date"), ("provenance.confidence", "text"), ("provenance.assumed", "list"),
    ("meals", "bool"), ("lodging", "bool"),
)
KINDS = dict(COLUMNS)
MAX_ROWS = 5000
TRUE, FALSE = {"true", "yes", "1", "是", "y"}, {"false", "no", "0", "否", "n"}


class ImportError_(ValueError):
    """The whole upload is unusable (not the format, too big, not UTF-8)."""


@dataclass
class Row:
    number: int  # 1-based row (CSV line after the header) or feature
    values: dict = field(default_factory=dict)  # nested catalog values, only the columns present
    problems: list[str] = field(default_factory=list)  # conversion problems: "column: what is wrong"

    @property
    def id(self) -> str:
        return str(self.values.get("id") or "")


def _get(node: Any, path: str) -> Any:
    for key in path.split("."):
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _cell(kind: str, value: Any) -> str:
    if value is None:
        return ""
    if kind in ("list", "windows", "dates"):
        return "|".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if kind in ("bool", "tri"):
        return "true" if value is True else "false" if value is False else ""
    return str(value)


def site_row(site: Any) -> dict[str, str]:
    return {name: _cell(kind, _get(site, name)) for name, kind in COLUMNS}


def export_csv(doc: Any) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[c for c, _ in COLUMNS], lineterminator="\n")
    writer.writeheader()
    for site in doc.get("sites") or []:
        writer.writerow({k: _sanitize(v) for k, v in site_row(site).items()})
    return out.getvalue()


def _sanitize(text: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheet programs (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "@") or (text[:1] == "-" and not _is_number(text)) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def export_geojson(doc: Any, to_wgs84) -> dict:
    """``to_wgs84(lat, lon, datum) -> (lat, lon)`` converts the recorded point for the geometry."""
    features = []
    for site in doc.get("sites") or []:
        loc = site.get("location") or {}
        try:
            lat, lon = to_wgs84(float(loc["lat"]), float(loc["lon"]), str(loc.get("datum", "wgs84")))
            geometry = {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]}
        except (KeyError, TypeError, ValueError):
            geometry = None
        props = {k: v for k, v in site_row(site).items() if v != ""}
        features.append({"type": "Feature", "id": str(site.get("id", "")), "geometry": geometry,
                         "properties": props})
    return {"type": "FeatureCollection", "features": features}


def _convert(kind: str, raw: str) -> Any:
    raw = raw.strip()
    if raw == "":
        return None
    if kind == "int":
        return int(raw) if raw.lstrip("-").isdigit() and len(raw) < 10 else raw
    if kind == "float":
        try:
            value = float(raw)
            return int(value) if value.is_integer() and "." not in raw else value
        except ValueError:
            return raw
    if kind in ("bool", "tri"):
        low = raw.lower()
        return True if low in TRUE else False if low in FALSE else raw
    if kind in ("list", "windows"):
        return [x.strip() for x in raw.split("|") if x.strip()]
    if kind in ("dates", "date"):
        items = [x.strip() for x in raw.split("|") if x.strip()]
        parsed = []
        for x in items:
            try:
                parsed.append(date.fromisoformat(x))
            except ValueError:
                parsed.append(x)
        return parsed if kind == "dates" else parsed[0]
    return raw


def nest(flat: dict[str, Any]) -> dict:
    """{"hours.mon": [...]} -> {"hours": {"mon": [...]}}: dotted column names into nested keys."""
    out: dict = {}
    for path, value in flat.items():
        *parents, last = path.split(".")
        node = out
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = value
    return out


def _row(number: int, cells: dict[str, Any]) -> Row:
    row = Row(number)
    flat: dict[str, Any] = {}
    for name, raw in cells.items():
        if name not in KINDS:
            row.problems.append(f"{name}: unknown column")
            continue
        text = "" if raw is None else str(raw)
        if "\x00" in text:
            row.problems.append(f"{name}: contains a NUL byte")
            continue
        flat[name] = _convert(KINDS[name], text.lstrip("'") if text[:2] in ("'=", "'+", "'@", "'-") else text)
    row.values = nest(flat)
    if not row.id:
        row.problems.append("id: required")
    return row


def _text(data: bytes, max_bytes: int) -> str:
    if len(data) > max_bytes:
        raise ImportError_(f"the file is larger than {max_bytes} bytes")
    if b"\x00" in data:
        raise ImportError_("the file contains NUL bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportError_("the file is not UTF-8 text") from None


def parse_csv(data: bytes, max_bytes: int = 2_000_000) -> list[Row]:
    text = _text(data, max_bytes)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        rows = []
        for i, cells in enumerate(reader, 1):
            if i > MAX_ROWS:
                raise ImportError_(f"more than {MAX_ROWS} rows")
            cells.pop(None, None)  # extra cells beyond the header
            rows.append(_row(i, cells))
    except csv.Error as exc:
        raise ImportError_(f"not valid CSV: {exc}") from None
    if reader.fieldnames is None or "id" not in reader.fieldnames:
        raise ImportError_("the first line must name the columns, including id")
    return rows


def parse_geojson(data: bytes, to_datum, max_bytes: int = 2_000_000) -> list[Row]:
    """``to_datum(lat, lon, from, to)`` converts a WGS-84 geometry into the datum the properties name."""
    text = _text(data, max_bytes)
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ImportError_(f"not valid JSON: {str(exc)[:100]}") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise ImportError_("expected a GeoJSON FeatureCollection")
    if len(doc["features"]) > MAX_ROWS:
        raise ImportError_(f"more than {MAX_ROWS} features")
    rows = []
    for i, feature in enumerate(doc["features"], 1):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            rows.append(Row(i, {}, ["properties: expected an object"]))
            continue
        cells = {k: v for k, v in props.items() if not isinstance(v, (dict, list))}
        bad = [k for k, v in props.items() if isinstance(v, (dict, list))]
        if "id" not in cells and isinstance(feature.get("id"), str):
            cells["id"] = feature["id"]
        geom = feature.get("geometry")
        if isinstance(geom, dict) and geom.get("type") == "Point" and "location.lat" not in cells:
            try:
                lon, lat = (float(c) for c in geom["coordinates"][:2])
                datum = str(cells.get("location.datum") or "wgs84")
                lat, lon = to_datum(lat, lon, "wgs84", datum) if datum in ("wgs84", "gcj02", "bd09") else (lat, lon)
                cells.update({"location.lat": str(round(lat, 6)), "location.lon": str(round(lon, 6)),
                              "location.datum": datum})
            except (TypeError, ValueError, KeyError):
                bad.append("geometry")
        row = _row(i, cells)
        row.problems += [f"{k}: expected a single value" for k in bad]
        rows.append(row)
    return rows
