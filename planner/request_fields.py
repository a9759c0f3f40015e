"""The trip request's fields, declared once.

Everything else is derived from ``FIELDS``: the ``TripRequest`` defaults, parsing (planner/request.py), the
permalink (``TripRequest.to_params``), the planner form's defaults and limits (web/plan/form.py and
templates/planner/_form.html), the query-string and JSON field names (web/plan/service.py, routes/api.py)
and the OpenAPI request schema (web/api/openapi.py). tests/test_request_fields.py checks that the form's inputs,
the OpenAPI properties and this table are the same set.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from catalog.model import Datum, fmt_minutes

from .travel import MODES

PACES = ("relaxed", "normal", "packed")
MAX_LIST = 50  # entries of a list field
MAX_PLACE_CHARS = 80


@dataclass(frozen=True)
class Field:
    name: str  # in the query string, the form, the permalink and the API body
    kind: str  # place | date | time | int | choice | bool | sites | interests
    default: Any = None  # the TripRequest value; None: worked out from the other fields (see ``note``)
    lo: int | None = None  # int: the smallest accepted value
    hi: int | None = None
    choices: tuple[str, ...] = ()
    many: bool = False  # several values: repeated fields, a JSON array or one comma-separated text
    required: bool = False
    attr: str = ""  # the TripRequest attribute, when it is not ``name``
    always: bool = False  # in every permalink, not only when it differs from the default
    note: str = ""  # for the API's documentation (English: read by developers)

    @property
    def key(self) -> str:
        return self.attr or self.name

    def text(self, value: Any) -> str:
        """``value`` (a TripRequest attribute) as the field's text: what parses back to it."""
        if value is None:
            return ""
        if self.kind == "time":
            return fmt_minutes(value)
        if self.kind == "bool":
            return "yes" if value else "no"
        if self.kind == "place":
            return value.token()
        if self.kind == "date":
            return value.isoformat()
        if self.kind == "interests":
            return ",".join(k if w == 1 else f"{k}:{w:g}" for k, w in value)
        if self.many:
            return ",".join(value)
        return str(value.value if isinstance(value, Datum) else value)


FIELDS: tuple[Field, ...] = (
    Field("start", "place", required=True, always=True,
          note="A start point id, a site id (or site:ID), or 'lat,lon'."),
    Field("end", "place", note="Where the trip ends, written like start; default: back at the start."),
    Field("date", "date", always=True, note="YYYY-MM-DD; default: next Saturday."),
    Field("depart", "time", 8 * 60, always=True, note="HH:MM"),
    Field("return_by", "time", 20 * 60, always=True, note="HH:MM"),
    Field("days", "int", 1, 1, 3),
    Field("overnight", "place", note="Where to sleep on a trip of several days; default: the county seat."),
    Field("mode", "choice", "car", choices=tuple(MODES), always=True),
    Field("interests", "interests", (), many=True, note="Theme or category ids, each optionally ':weight' (0-5)."),
    Field("must", "sites", (), many=True, note="Site ids to visit."),
    Field("exclude", "sites", (), many=True, note="Site ids to leave out."),
    Field("lunch", "bool", True),
    Field("lunch_from", "time", 11 * 60 + 30, note="HH:MM"),
    Field("lunch_to", "time", 13 * 60 + 30, note="HH:MM"),
    Field("lunch_minutes", "int", 60, 15, 180, attr="lunch_min"),
    Field("group", "int", 2, 1, 500, always=True),
    Field("step_free", "bool", False),
    Field("pace", "choice", "normal", choices=PACES, always=True),
    Field("start_datum", "choice", Datum.WGS84, choices=tuple(d.value for d in Datum),
          note="The datum of coordinates given as start, end or overnight."),
)
BY_NAME = {f.name: f for f in FIELDS}
NAMES = tuple(BY_NAME)
DEFAULTS = {f.key: f.default for f in FIELDS}  # TripRequest attribute -> its default
