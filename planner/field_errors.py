"""Bad fields, one way everywhere: the trip request, embed options, promotion files and the API.

Code that checks a field records a code and its parameters (``FieldErrors``); the words are English msgids
here, their Chinese in the Babel catalog (planner.words), so the translation test covers every message a
visitor can read. The same error shows as a field marked on a page, as an embed's error list, as a file's
plain-text 400 or as the API's ``fields``, in the language of the request.

Also the one vocabulary for yes/no and list values in addresses and JSON (``flag``, ``items``).
"""
from __future__ import annotations

from typing import Any

from .words import N_, say

# yes/no in a URL or JSON: every spelling the planner, embeds, promotion files and the API ever accepted, so
# links already shared keep opening. Compared lower-case.
YES = ("1", "yes", "y", "true", "on")
NO = ("0", "no", "n", "false", "off")

# code -> English msgid; the Chinese is in the Babel catalog.
MESSAGES = {
    'required': N_('is required'),
    'date': N_('must be a date like 2026-12-05'),
    'past': N_('is in the past'),
    'too_far': N_('is more than a year ahead'),
    'time': N_('must be a time like 08:00'),
    'return_before_depart': N_('must be after the departure time'),
    'int_range': N_('must be a whole number from %(lo)s to %(hi)s'),
    'choice': N_('must be one of: %(choices)s'),
    'unknown_place': N_('“%(value)s” is not a start point, a site or coordinates “lat,lon”'),
    'unknown_site': N_('unknown site “%(value)s”'),
    'unknown_interest': N_('unknown theme or category “%(value)s”'),
    'weight': N_('weight of “%(value)s” must be a number from 0 to 5'),
    'no_lodging': N_('“%(value)s” has no lodging for an overnight stay'),
    'overnight_needed': N_('is needed for a trip of several days'),
    'coords_region': N_('coordinates are outside the area we plan for'),
    'conflict': N_('“%(value)s” is both a must-visit and excluded'),
    'too_many': N_('has more than %(n)s entries'),
    'lunch_window': N_('lunch must fit in its window'),
    'lunch_before_depart': N_('the lunch window ends before you leave: move it later or plan without lunch'),
    'bool': N_('must be yes or no (1 or 0)'),
    'calendar': N_('the public-holiday calendar for %(year)s is not known yet'),
    'unknown_field': N_('is not a trip field'),
    'campaign': N_('a campaign tag is 1 to 40 lowercase letters, digits and hyphens, e.g. spring-fair'),
    'not_filterable': N_('only the map of all places can be filtered'),
    'pixels': N_('at most %(n)s pixels in all (for example 1080 x 2000)'),
    'unknown_tour': N_('There is no tour “%(id)s”.'),
}


class FieldErrors(ValueError):
    """Every bad field at once: {field: (code, params)}; worded on demand in the language asked for."""

    def __init__(self, fields: dict[str, tuple[str, dict]]):
        self.fields = dict(fields)
        super().__init__("; ".join(f"{k}: {self.message(k, 'en')}" for k in self.fields))

    def message(self, name: str, lang: str) -> str:
        code, params = self.fields[name]
        return say(MESSAGES[code], lang, params)

    def messages(self, lang: str) -> dict[str, str]:
        return {k: self.message(k, lang) for k in self.fields}

    def as_api(self, lang: str) -> dict[str, dict[str, str]]:
        """The API's ``fields``: name -> {"code", "message"}."""
        return {k: {"code": code, "message": self.message(k, lang)} for k, (code, _) in self.fields.items()}


class Collector:
    """Gathers field errors while a form, a query string or a JSON body is read; the first per field wins."""

    def __init__(self) -> None:
        self.errors: dict[str, tuple[str, dict]] = {}

    def fail(self, name: str, code: str, **params: Any) -> None:
        self.errors.setdefault(name, (code, params))

    def raise_any(self, error_type: type[FieldErrors] = FieldErrors) -> None:
        if self.errors:
            raise error_type(self.errors)


def flag(value: Any) -> bool | None:
    """A yes/no value (a JSON boolean or any spelling of ``YES``/``NO``); None when it is neither."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    return True if text in YES else False if text in NO else None


def items(value: Any) -> list[str]:
    """A list value: a JSON array, repeated fields joined with commas, or one comma-separated text; blanks dropped."""
    if value is None:
        return []
    raw = value if isinstance(value, (list, tuple)) else str(value).split(",")
    return [str(i).strip() for i in raw if str(i).strip()]
