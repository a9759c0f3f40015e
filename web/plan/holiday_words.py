"""Public holidays and make-up working days in the visitor's words (the planner core gives codes only)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

NAMES = {"new_year": _l("New Year's Day"), "spring_festival": _l("Spring Festival"),
         "tomb_sweeping": _l("Qingming Festival"), "labour_day": _l("Labour Day"),
         "dragon_boat": _l("Dragon Boat Festival"), "national_day": _l("National Day"),
         "mid_autumn": _l("Mid-Autumn Festival"), "victory_day": _l("Victory Day"), "holiday": _l("Public holiday")}


def holiday_name(code: str) -> str:
    return str(NAMES.get(code, NAMES["holiday"]))


def day_note(kind: str, holiday: str, provisional: bool) -> str:
    """What a visitor must know about the day: "Public holiday: 国庆节", "调休上班日：工厂开放"; "" otherwise."""
    if kind == "holiday":
        name = holiday_name(holiday)
        if provisional:
            return _("Public holiday: %(name)s (dates provisional)", name=name)
        return _("Public holiday: %(name)s", name=name)
    if kind == "makeup":
        return _("Make-up working day (调休): factories open as on a weekday")
    return ""


def not_published(years: list[int]) -> str:
    if not years:
        return ""
    return _("Holiday data for %(years)s is not published yet: opening hours on public holidays and make-up working "
             "days cannot be checked for those dates.", years="、".join(str(y) for y in years))
