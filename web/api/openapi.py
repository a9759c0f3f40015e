"""The OpenAPI 3.1 document of /api/v1, kept true by tests/test_api_openapi.py (real responses, every
success and error kind, validated against it). Built in code so field lists come from the planner itself: the request schema from its one declaration."""
from __future__ import annotations

from catalog.model import Category
from planner.field_errors import NO, YES
from planner.request_fields import FIELDS, MAX_LIST, MAX_PLACE_CHARS, Field

from .errors import CODES


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(props: dict, required: list[str] | None = None, **extra) -> dict:
    return {"type": "object", "properties": props, "required": required if required is not None else list(props),
            **extra}


STR, INT, NUM, BOOL = {"type": "string"}, {"type": "integer"}, {"type": "number"}, {"type": "boolean"}
CLOCK = {"type": "string", "pattern": r"^\d{2}:\d{2}$"}
URL = {"type": "string", "format": "uri"}


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


SCHEMAS = {
    "Text": _obj({"zh": STR, "en": STR}, description="A text in Chinese and English."),
    "Point": _obj({"lat": NUM, "lon": NUM, "datum": {"type": "string", "enum": ["wgs84"]}},
                  description="A position in WGS-84 (converted from the catalog's recorded datum)."),
    "Position": {"allOf": [_ref("Point"), _obj({"estimate": BOOL, "uncertainty_m": _nullable(INT)})]},
    "SiteSummary": _obj({
        "id": STR, "name": _ref("Text"), "short": _ref("Text"),
        "category": {"type": "string", "enum": [c.value for c in Category]}, "themes": {"type": "array", "items": STR},
        "location": _ref("Position"), "booking_required": BOOL, "url": URL, "self": URL}),
    "Site": {"allOf": [_ref("SiteSummary"), _obj({
        "description": _ref("Text"), "address": _ref("Text"),
        "hours": _obj({"weekly": {"type": "object", "additionalProperties": {"type": "array", "items": STR}},
                       "public_holidays": {"type": "string", "enum": ["open", "closed"]},
                       "last_entry_minutes": INT, "unverified": BOOL, "notes": _ref("Text")}),
        "guided_tours": {"type": "array", "items": _obj({"days": {"type": "array", "items": STR},
                                                         "times": {"type": "array", "items": CLOCK},
                                                         "minutes": INT, "capacity": _nullable(INT)})},
        "visit_minutes": INT,
        "booking": _obj({"required": BOOL, "lead_hours": INT, "phone": STR, "url": STR, "notes": _ref("Text")}),
        "price_cny": _nullable(NUM), "step_free": _nullable(BOOL), "max_group": _nullable(INT), "phone": STR,
        "meals": BOOL, "lodging": BOOL, "last_verified": _nullable({"type": "string", "format": "date"}),
        "navigation": _obj({"amap": URL, "baidu": URL, "apple": URL})})]},
    "TourSummary": _obj({"id": STR, "theme": STR, "name": _ref("Text"), "summary": _ref("Text"), "start": STR,
                         "stop_count": INT, "url": URL, "plan_url": URL, "self": URL}),
    "Tour": {"allOf": [_ref("TourSummary"), _obj({
        "start_point": _obj({"id": STR, "name": _ref("Text"), "location": _ref("Position")}),
        "stops": {"type": "array", "items": _obj({"site": STR, "name": _ref("Text"), "time": _nullable(CLOCK),
                                                  "minutes": INT, "note": _ref("Text"), "location": _ref("Position")})}})]},
    "Reason": _obj({"code": STR, "message": _ref("Text")},
                   description="Why, as a machine code and a message in both languages."),
    "Leg": _obj({"from": STR, "to": STR, "minutes": INT, "km": NUM, "approx": BOOL}),
    "Stop": _obj({"site": STR, "name": _ref("Text"), "arrival": CLOCK, "wait_minutes": INT, "start": CLOCK,
                  "end": CLOCK, "departure": CLOCK, "guided_tour": BOOL, "booking_required": BOOL, "leg": _ref("Leg"),
                  "location": _ref("Point")}),
    "Lunch": _obj({"start": CLOCK, "end": CLOCK, "site": _nullable(STR), "at": STR, "name": _ref("Text"),
                   "during_visit": BOOL, "leg": _nullable(_ref("Leg")), "location": _nullable(_ref("Point"))}),
    "Notice": _obj({"code": {"type": "string", "enum": ["no_visit", "must_left_out"]}, "message": _ref("Text"),
                    "causes": {"type": "array", "items": _ref("Reason")},
                    "alternatives": {"type": "array", "items": {"allOf": [_ref("Reason"), _obj({
                        "request": {"type": "object", "additionalProperties": STR}, "stops": INT, "url": URL})]}}},
                   description="The plan has no visit, or leaves out a must-visit: why, and changes that work "
                               "(each one planned before it is offered)."),
    "Day": _obj({"date": {"type": "string", "format": "date"}, "start": STR, "end": STR, "departure": CLOCK,
                 "return": CLOCK, "deadline": CLOCK, "stops": {"type": "array", "items": _ref("Stop")},
                 "lunch": _nullable(_ref("Lunch")), "return_leg": _ref("Leg"), "start_location": _ref("Point"),
                 "calendar": _obj({"kind": {"type": "string", "enum": ["workday", "weekend", "holiday", "makeup"]},
                                   "holiday": _nullable(STR), "provisional": BOOL,
                                   "message": _nullable(_ref("Text"))}),
                 "end_location": _ref("Point")}),
    "Plan": _obj({
        "request": {"type": "object", "additionalProperties": STR,
                    "description": "The request's fields as the permalink carries them."},
        "catalog_version": STR, "score": INT, "proven_optimal": BOOL,
        "days": {"type": "array", "items": _ref("Day"), "minItems": 1, "maxItems": 3},
        "left_out": {"type": "array", "items": {"allOf": [_obj({"site": STR, "name": _ref("Text")}), _ref("Reason")]}},
        "totals": _obj({"travel_minutes": INT, "visit_minutes": INT, "km": NUM, "tickets_cny": NUM,
                        "tickets_unknown": INT}),
        "warnings": {"type": "array", "items": _ref("Reason")}, "conflict": _nullable(_ref("Reason")),
        "notice": _nullable(_ref("Notice")), "permalink": URL,
        "links": _obj({k: URL for k in ("page", "print", "qr_svg", "qr_png", "gpx", "ics", "geojson", "csv")})}),
    "Error": _obj({"error": _obj({
        "code": {"type": "string", "enum": sorted(set(CODES.values()))}, "message": STR,
        "fields": {"type": "object", "additionalProperties": _obj({"code": STR, "message": STR})}},
        required=["code", "message"], additionalProperties=False)}),
}

_HHMM = {"type": "string", "pattern": "^([01]?[0-9]|2[0-4]):[0-5][0-9]$"}
_BY_KIND = {  # the JSON a field of each kind accepts (planner/request.py reads it)
    "place": {"type": "string", "maxLength": MAX_PLACE_CHARS},
    "date": {"type": "string"},
    "time": _HHMM,
    "bool": {"anyOf": [BOOL, STR], "description": f"true/false, or yes: {', '.join(YES)}; no: {', '.join(NO)}"},
    "sites": {"anyOf": [STR, {"type": "array", "items": STR, "maxItems": MAX_LIST}]},
}
_BY_KIND["interests"] = _BY_KIND["sites"]


def _field_schema(f: Field) -> dict:
    if f.kind == "int":
        schema = {"anyOf": [{"type": "integer", "minimum": f.lo, "maximum": f.hi},
                            {"type": "string", "pattern": "^[0-9]{1,3}$"}]}
    elif f.kind == "choice":
        schema = {"type": "string", "enum": list(f.choices)}
    else:
        schema = dict(_BY_KIND[f.kind])
    if f.required and f.kind == "place":
        schema["minLength"] = 1
    default = f.text(f.default) if f.default not in (None, ()) else None
    if f.note:
        schema["description"] = f.note
    return {**schema, **({"default": default} if default else {})}


PLAN_REQUEST = {
    "type": "object", "additionalProperties": False,
    "description": "The planner page's fields (planner/request_fields.py). Only start is required; the rest "
                   "default as on the page (next Saturday, 08:00 to 20:00, by car, lunch, 2 people, normal pace).",
    "properties": {f.name: _field_schema(f) for f in FIELDS},
    "required": [f.name for f in FIELDS if f.required],
}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict:
    out = {str(s): {"$ref": f"#/components/responses/E{s}"} for s in statuses}
    out["default"] = {"$ref": "#/components/responses/Error"}
    return out


LANG = {"name": "lang", "in": "query", "required": False, "schema": {"type": "string", "enum": ["zh", "en"]},
        "description": "Language of error messages (default: Accept-Language, then Chinese)."}


def _get(summary: str, ok: dict, *errors: int, params: tuple = ()) -> dict:
    return {"get": {"summary": summary, "parameters": [LANG, *params], "responses": {"200": ok, **_errors(*errors)}}}


def _path_param(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def document() -> dict:
    filters = ({"name": "category", "in": "query", "required": False,
                "schema": {"type": "string", "enum": [c.value for c in Category]}},
               {"name": "theme", "in": "query", "required": False, "schema": STR})
    version = {"catalog_version": STR}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Wusheng Industrial Trails API", "version": "1.0.0",
                 "description": "Sites, curated tours and trip planning for Wusheng County's industry + tourism "
                                "sites. Positions are WGS-84; times are Asia/Shanghai. No cookies, no session."},
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/sites": _get("Published sites", _json(_obj({**version, "sites": {"type": "array", "items": _ref(
                "SiteSummary")}}), "The sites"), 400, params=filters),
            "/sites/{site_id}": _get("One site", _json(_obj({**version, "site": _ref("Site")}), "The site"), 404,
                                     params=(_path_param("site_id"),)),
            "/tours": _get("Curated tours", _json(_obj({**version, "tours": {"type": "array", "items": _ref(
                "TourSummary")}}), "The tours")),
            "/tours/{tour_id}": _get("One tour with its stops", _json(_obj({**version, "tour": _ref("Tour")}), "The tour"),
                                     404, params=(_path_param("tour_id"),)),
            "/plan": {"post": {
                "summary": "Plan a trip", "parameters": [LANG],
                "requestBody": {"required": True, "content": {"application/json": {"schema": PLAN_REQUEST}}},
                "responses": {"200": _json(_ref("Plan"), "The planned trip"), **_errors(400, 413, 415, 422, 429)}}},
            "/openapi.json": _get("This document", _json({"type": "object"}, "OpenAPI 3.1")),
        },
        "components": {
            "schemas": SCHEMAS,
            "responses": {
                **{f"E{s}": _json(_ref("Error"), f"{s} {CODES[s]}") for s in (400, 404, 413, 415, 422)},
                "E429": {**_json(_ref("Error"), "429 too_many_requests"), "headers": {"Retry-After": {
                    "description": "Seconds to wait", "schema": {"type": "integer", "minimum": 1}}}},
                "Error": _json(_ref("Error"), "Any other error, same shape"),
            },
        },
    }
