"""The planner form: its choices from the catalog, its defaults, the holidays the date picker marks, and
the values to show again (what the visitor typed, or the plan's own fields).

No JavaScript is needed: every choice is a plain control, a start can be typed as "lat,lon" with its
datum, and the optional map click (static/js/plan-form.js) only fills that same field.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, timedelta
from typing import Mapping

from flask_babel import lazy_gettext as _l

from catalog.hant import TRADITIONAL, to_hant
from catalog.model import Catalog, Category, HolidayCalendar
from planner.calendar import CalendarUnknown, day_info, years_not_published
from planner.field_errors import flag, items
from planner.request import next_saturday
from planner.request_fields import BY_NAME, FIELDS, Field

from . import places
from .holiday_words import holiday_name
from web.platform.i18n import current_lang

HOLIDAY_DAYS_AHEAD = 150  # the date picker lists holidays and make-up working days this far ahead
MODE_LABELS = {"car": _l("By car"), "taxi": _l("By taxi"), "coach": _l("By coach (group)"),
               "cycling": _l("By bicycle"), "walking": _l("On foot")}
PACE_LABELS = {"relaxed": _l("Relaxed: longer visits, more slack"), "normal": _l("Normal"),
               "packed": _l("Packed: shorter visits")}
DATUM_LABELS = {"wgs84": _l("WGS-84 (GPS, OpenStreetMap, Tianditu)"), "gcj02": _l("GCJ-02 (AMap, Tencent, Apple in China)"),
                "bd09": _l("BD-09 (Baidu)")}


@dataclass(frozen=True)
class DayMark:
    start: date
    end: date
    kind: str  # "holiday" | "makeup"
    name: str
    provisional: bool = False


@dataclass
class FormView:
    values: dict[str, str]  # field -> text to show
    chosen: dict[str, set[str]]  # list fields -> ticked ids
    errors: dict[str, str] = field(default_factory=dict)
    today: date | None = None
    spec: Mapping[str, Field] = field(default_factory=lambda: BY_NAME)  # each field's limits, for min/max


def defaults(today: date, start: str = "") -> dict[str, str]:
    """Each field's default as the form shows it (planner/request_fields.py): next Saturday, 08:00 from the
    first start point, back by 20:00, by car, lunch, two people, normal pace."""
    out = {f.name: f.text(f.default) for f in FIELDS}
    out.update(start=start, date=next_saturday(today).isoformat())
    return out


def form_view(fields: Mapping[str, str], today: date, errors: Mapping[str, str] | None = None,
              start: str = "") -> FormView:
    values = {**defaults(today, start), **{k: str(v) for k, v in fields.items()}}
    for f in FIELDS:  # yes/no written any accepted way shows as the form's own yes/no
        on = flag(values[f.name]) if f.kind == "bool" else None
        if on is not None:
            values[f.name] = f.text(on)
    chosen = {f.name: {x.split(":")[0] for x in items(values[f.name])} for f in FIELDS if f.many}
    return FormView(values, chosen, dict(errors or {}), today)


def _labelled(name: str, labels: Mapping) -> list[tuple[str, object]]:
    """The field's choices (planner/request_fields.py), each with its words."""
    return [(value, labels.get(value, value)) for value in BY_NAME[name].choices]


def default_start(catalog: Catalog) -> str:
    """The start the empty form shows: the catalog's first start point."""
    return catalog.start_points[0].id if catalog.start_points else ""


def options(catalog: Catalog) -> dict:
    """What the form offers: start points, ends, sites to insist on or leave out, themes, overnight bases."""
    lang = current_lang()
    sites = sorted((s for s in catalog.published_sites if s.category is not Category.TRANSPORT),
                   key=lambda s: (s.category.value, s.name.get(lang)))
    themes = sorted(catalog.themes, key=lambda t: (not t.brand, t.name.get(lang)))
    offered = {key for s in catalog.published_sites for key in (*s.themes, s.category.value)}
    lodging = [("point", p) for p in catalog.start_points if p.lodging] + \
              [("site", s) for s in catalog.published_sites if s.lodging]
    ends = [(p.id, p.name) for p in catalog.start_points] + \
           [(f"site:{s.id}", s.name) for s in sorted(catalog.published_sites, key=lambda s: s.name.get(lang))]
    return {"starts": catalog.start_points, "sites": sites, "themes": themes, "lodging": lodging, "ends": ends,
            "empty_themes": {t.id for t in themes if t.id not in offered},
            "modes": _labelled("mode", MODE_LABELS), "paces": _labelled("pace", PACE_LABELS),
            "datums": _labelled("start_datum", DATUM_LABELS), "gazetteer": places.available()}


def holiday_marks(catalog: Catalog, today: date, days: int = HOLIDAY_DAYS_AHEAD) -> list[DayMark]:
    """Public holidays (runs of days) and make-up working days (调休) from today on, for the date picker."""
    lang = "zh-Hant" if current_lang() == "zh" and TRADITIONAL.get() else current_lang()
    return list(_marks(catalog.calendar, today, days, lang))


def unpublished_years(catalog: Catalog, today: date) -> list[int]:
    """Years a trip can be planned in whose holiday calendar is not published (said on the form itself)."""
    return years_not_published(catalog.calendar, today)


@lru_cache(maxsize=16)
def _marks(calendar: HolidayCalendar, today: date, days: int, lang: str) -> tuple[DayMark, ...]:
    marks: list[DayMark] = []
    for i in range(days):
        day = today + timedelta(days=i)
        try:
            info = day_info(day, calendar, today)
        except CalendarUnknown:
            break
        if info.kind not in ("holiday", "makeup"):
            continue
        name = holiday_name(info.holiday) if info.kind == "holiday" else ""
        name = to_hant(name) if lang == "zh-Hant" else name
        last = marks[-1] if marks else None
        if last and last.kind == info.kind and last.name == name and last.end == day - timedelta(days=1):
            marks[-1] = DayMark(last.start, day, info.kind, name, last.provisional or info.provisional)
        else:
            marks.append(DayMark(day, day, info.kind, name, info.provisional))
    return tuple(marks)
