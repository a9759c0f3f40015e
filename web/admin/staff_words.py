"""Human names for what staff pages would otherwise show as codes: catalog field paths (``hours.mon[0]``,
``sites[2].location.radius_m``), catalog problems, and audit actions (``login_failed``), in the interface
language, used by every admin page, the audit log and save summaries; and form fields (``name.zh``,
``stops[2].site``) in the words of the forms' own labels, for the conflict page and the history.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from catalog.problems import Problem

from web.platform import labels
from web.platform.i18n import current_lang

# Keys of a site, tour, start point, theme, source... by path with list indexes removed ("stops.site").
FIELD = {
    "id": _l("web address name"), "status": _l("status"), "name": _l("name"), "short": _l("short description"),
    "description": _l("description"), "category": _l("category"), "themes": _l("themes"),
    "location": _l("position"), "location.lat": _l("latitude"), "location.lon": _l("longitude"),
    "location.datum": _l("datum of the coordinates"), "location.precision": _l("precision of the position"),
    "location.radius_m": _l("uncertainty radius"), "location.source": _l("how the position was found"),
    "address": _l("address"), "hours": _l("opening hours"), "hours.closed_dates": _l("closed dates"),
    "hours.public_holidays": _l("opening on public holidays"), "hours.holiday": _l("hours on public holidays"),
    "hours.makeup_days": _l("make-up working days"), "hours.last_entry_minutes": _l("last entry"),
    "hours.assumed": _l("hours are assumed"), "hours.notes": _l("notes on hours"),
    "tour_slots": _l("guided tour slots"), "tour_slots.days": _l("days"), "tour_slots.times": _l("start times"),
    "tour_slots.duration_minutes": _l("duration"), "tour_slots.capacity": _l("capacity"),
    "tour_slots.language": _l("languages"), "visit_minutes": _l("typical visit length"),
    "booking": _l("booking"), "booking.required": _l("booking required"),
    "booking.lead_hours": _l("hours to book ahead"), "booking.phone": _l("booking phone"),
    "booking.url": _l("booking web address"), "booking.notes": _l("booking notes"), "price": _l("price"),
    "price.amount_cny": _l("price in yuan"), "price.notes": _l("price notes"), "price.assumed": _l("price is assumed"),
    "accessibility": _l("accessibility"), "accessibility.step_free": _l("step-free access"),
    "accessibility.coach_parking": _l("coach parking"), "accessibility.notes": _l("accessibility notes"),
    "rules": _l("visitor rules"), "rules.photography": _l("photography"), "rules.closed_shoes": _l("closed shoes"),
    "rules.min_age": _l("minimum age"), "rules.max_group": _l("largest group"), "rules.notes": _l("rules notes"),
    "contact": _l("contact"), "contact.phone": _l("phone"), "contact.url": _l("web address"),
    "contact.wechat": _l("WeChat"), "score": _l("planning score"), "provenance": _l("where this comes from"),
    "provenance.sources": _l("sources"), "provenance.last_verified": _l("last verified"),
    "provenance.confidence": _l("confidence"), "provenance.assumed": _l("assumed facts"),
    "provenance.notes": _l("provenance notes"), "meals": _l("lunch here"), "lodging": _l("overnight base"),
    # tours
    "theme": _l("theme"), "summary": _l("summary"), "start": _l("start point"), "stops": _l("stops"),
    "stops.site": _l("site"), "stops.time": _l("suggested start"), "stops.minutes": _l("minutes"),
    "stops.note": _l("note"), "stops.order": _l("order"),
    # sources, themes, travel times, calendar, meta
    "title": _l("title"), "url": _l("web address"), "publisher": _l("publisher"), "date": _l("date"),
    "reliability": _l("reliability"), "brand": _l("brand theme"), "from": _l("from"), "to": _l("to"),
    "mode": _l("means of travel"), "minutes": _l("minutes"), "km": _l("distance"), "source": _l("source"),
    "both_ways": _l("both ways"), "holidays": _l("public holidays"), "workdays": _l("make-up working days"),
    "years": _l("years"),
}
STATUS = {"published": _l("Published"), "draft": _l("Draft"), "archived": _l("Archived")}
LANGUAGE = {"zh": _l("Chinese"), "en": _l("English"), "zh_hant": _l("Traditional Chinese")}
SECTION = {  # top-level list -> (one item, the section as a whole)
    "sites": (_l("site"), _l("sites")), "tours": (_l("tour"), _l("tours")),
    "start_points": (_l("start point"), _l("start points")), "themes": (_l("theme"), _l("themes")),
    "travel_times": (_l("travel time"), _l("travel times")), "sources": (_l("source"), _l("sources")),
    "calendar": (_l("holiday calendar"), _l("holiday calendar")), "meta": (_l("catalog details"),
                                                                        _l("catalog details")),
}
ACTION = {
    "login": _l("Logged in"), "login_failed": _l("Failed login"), "login_throttled": _l("Login refused (too many failures)"),
    "logout": _l("Logged out"), "save": _l("Saved"), "restore": _l("Restored a revision"),
    "archive": _l("Archived"), "unarchive": _l("Restored from the archive"), "import": _l("Import"),
    "user_create": _l("Account created"), "user_role": _l("Role changed"), "user_disable": _l("Account disabled"),
    "user_enable": _l("Account enabled"), "user_password": _l("Password reset"),
    "verify": _l("Fact verified"), "user_invite": _l("Invitation link made"),
    "user_reset_link": _l("Password reset link made"), "user_password_set": _l("Password set with a one-time link"),
}
# Problems whose catalog wording speaks YAML; a form fills these itself.
FORM_MESSAGES = {
    "time": _l("must be a time like 09:30"),
    "choice": _l("is not one of the values offered"),
}
STEP = re.compile(r"\.?([A-Za-z_][\w-]*)|\[(\d+)\]")


def action_label(action: str) -> str:
    return str(ACTION.get(action, action))


def _steps(path: str) -> list[str | int]:
    return [key if key else int(index) for key, index in STEP.findall(path)]


def field_label(path: str) -> str:
    """A path inside one item as words: "hours.mon[0]" -> "opening hours Monday window 1",
    "tour_slots[1].times" -> "guided tour slot 2, start times", "name.zh" -> "name (Chinese)"."""
    keys: list[str] = []
    parts: list[tuple[str, str]] = []  # (text, "field" | "item" | "qualifier" | "language")
    for step in _steps(path):
        last = keys[-1] if keys else ""
        if isinstance(step, int):
            if last in ("tour_slots", "stops") and parts:  # list items with no name of their own
                parts[-1] = (_("guided tour slot %(n)d", n=step + 1) if last == "tour_slots"
                             else _("stop %(n)d", n=step + 1), "item")
            else:
                parts.append((_("window %(n)d", n=step + 1) if last in (*labels.WEEKDAY, "holiday")
                              else _("item %(n)d", n=step + 1), "qualifier"))
        elif last == "hours" and step in labels.WEEKDAY:
            keys.append(step)
            parts.append((str(labels.WEEKDAY[step]), "qualifier"))
        elif step in LANGUAGE and keys:
            parts.append((_("(%(language)s)", language=LANGUAGE[step]), "language"))
        else:
            keys.append(step)
            label = str(FIELD.get(".".join(k for k in keys if k not in labels.WEEKDAY), step))  # unknown: as typed
            if parts and parts[-1][1] == "field":
                parts[-1] = (label, "field")  # "location.lat": latitude, not "position latitude"
            else:
                parts.append((label, "field"))
    out = ""
    for i, (text, kind) in enumerate(parts):
        if not out:
            out = text
        elif kind == "language":  # "名称（英文）", "name (English)"
            out += text if text.startswith("（") else f" {text}"
        elif kind == "field" and parts[i - 1][1] == "item":
            out = _("%(item)s, %(field)s", item=out, field=text)
        else:
            out = f"{out} {text}"
    return out


def field_list(paths: Iterable[str]) -> str:
    """Changed fields for a save summary: "name (Chinese), opening hours Monday"."""
    seen = list(dict.fromkeys(field_label(p) for p in paths))
    return _(", ").join(seen)


NameOf = Callable[[str, int], str]


def names_in(doc: Any) -> NameOf:
    """Item names from a loaded catalog document (plain or round-trip), in the interface language."""
    lang = current_lang()

    def name_of(section: str, index: int) -> str:
        try:
            item = doc[section][index]
            name = item.get("name")
            text = name.get(lang) or name.get("zh") or name.get("en") if isinstance(name, dict) else name
            return str(text or item.get("id") or "")
        except (KeyError, IndexError, TypeError, AttributeError):
            return ""
    return name_of


def where(path: str, name_of: NameOf | None = None) -> str:
    """A problem's full path as words: "sites[2].hours" -> "site 3 “安泰丝绸”, opening hours"."""
    steps = _steps(path)
    if not steps:
        return _("the whole file")
    section = steps[0]
    if not isinstance(section, str) or section not in SECTION:
        return field_label(path)
    one, whole = SECTION[section]
    rest = path[len(section):]
    if len(steps) > 1 and isinstance(steps[1], int):
        index = steps[1]
        name = name_of(section, index) if name_of else ""
        item = (_("%(kind)s %(n)d “%(name)s”", kind=one, n=index + 1, name=name) if name
                else _("%(kind)s %(n)d", kind=one, n=index + 1))
        rest = rest[len(f"[{index}]"):]
        return _("%(item)s, %(field)s", item=item, field=field_label(rest)) if rest.strip(".") else item
    if section in ("sources", "calendar", "meta") and len(steps) > 1:
        if section == "sources":
            inner = rest.lstrip(".").split(".", 1)
            item = _("%(kind)s “%(name)s”", kind=one, name=inner[0])
            return _("%(item)s, %(field)s", item=item, field=field_label(inner[1])) if len(inner) > 1 else item
        return _("%(item)s, %(field)s", item=one, field=field_label(rest))
    return str(whole)


def message(problem: Problem, form: bool = False) -> str:
    lang = current_lang()
    if form and problem.code in FORM_MESSAGES:
        return str(FORM_MESSAGES[problem.code])
    return problem.message(lang)


def problem_text(problem: Problem, name_of: NameOf | None = None) -> str:
    """"site 3 “安泰丝绸”, opening hours Monday window 1: closes before it opens" (line added when known)."""
    if problem.line and not problem.path:  # the file cannot be read as YAML: the line is all there is
        return _("Line %(n)d: %(what)s", n=problem.line, what=message(problem))
    text = _("%(where)s: %(what)s", where=where(problem.path, name_of), what=message(problem))
    return _("Line %(n)d, %(text)s", n=problem.line, text=text) if problem.line else text


# Form fields by their form names, as the forms label them (templates/admin/*_form.html).
FORM = {
    "id": _l("Id"), "status": _l("Status"), "category": _l("Category"), "themes": _l("Themes"),
    "score": _l("Planning score (1–10)"), "visit_minutes": _l("Typical visit (minutes)"),
    "meals": _l("Lunch can be taken here"), "lodging": _l("Can be an overnight base"),
    "name": _l("Name"), "short": _l("Short description"), "description": _l("Description"),
    "address": _l("Address"), "summary": _l("Summary"), "theme": _l("Theme"), "start": _l("Start point"),
    "location.lat": _l("Latitude"), "location.lon": _l("Longitude"), "location.datum": _l("Datum of these numbers"),
    "location.precision": _l("Precision"), "location.radius_m": _l("Uncertainty radius (metres; needed for an estimate)"),
    "location.source": _l("How this position was found"),
    "hours": _l("Opening hours"), "hours.closed_dates": _l("Closed dates (one per line, like 2026-12-05)"),
    "hours.public_holidays": _l("On public holidays"), "hours.makeup_days": _l("On make-up working days (调休)"),
    "hours.last_entry_minutes": _l("Last entry, minutes before closing"),
    "hours.assumed": _l("Hours are assumed (no source gives them)"), "hours.notes": _l("Notes on hours"),
    "hours.holiday": _l("Public holidays (when open)"),
    "booking.required": _l("Booking required"), "booking.lead_hours": _l("Book at least this many hours ahead"),
    "booking.phone": _l("Booking phone"), "booking.url": _l("Booking web address"), "booking.notes": _l("Booking notes"),
    "price.amount_cny": _l("Price in yuan (0 = free, empty = not known)"),
    "price.assumed": _l("Price is assumed, not sourced"), "price.notes": _l("Price notes"),
    "rules.photography": _l("Photography"), "rules.closed_shoes": _l("Closed shoes required"),
    "rules.min_age": _l("Minimum age"), "rules.max_group": _l("Largest group admitted"), "rules.notes": _l("Rules notes"),
    "accessibility.step_free": _l("Step-free access"), "accessibility.coach_parking": _l("Coach parking"),
    "accessibility.notes": _l("Accessibility notes"),
    "contact.phone": _l("Phone"), "contact.url": _l("Web address"), "contact.wechat": _l("WeChat"),
    "provenance.sources": _l("Sources"), "provenance.last_verified": _l("Last verified with the site"),
    "provenance.confidence": _l("Confidence"), "provenance.notes": _l("Provenance notes"),
    "provenance.assumed": _l("Assumed, not sourced"),
    # parts of guided-tour slots and tour stops
    "days": _l("Days"), "times": _l("Start times (comma-separated, e.g. 10:00, 14:30)"),
    "duration_minutes": _l("Duration (minutes)"), "capacity": _l("Capacity (people; empty = no limit)"),
    "language": _l("Languages"), "order": _l("Order"), "site": _l("Site"), "time": _l("Suggested start (HH:MM)"),
    "minutes": _l("Minutes (empty = the site's usual)"), "note": _l("Note"),
}
FORM_LANGS = {"zh": _l("(Chinese)"), "en": _l("(English)"), "zh_hant": _l("(Traditional Chinese)")}
FORM_ROW = re.compile(r"^(tour_slots|stops)\[(\d+)\]\.(.+)$")
FORM_DAY = re.compile(r"^hours\.(\w+)(?:\[(\d+)\])?$")


def form_label(name: str) -> str:
    """What a form field is called, in the words of the form's own labels (conflict page, history):
    ``hours.sat[0]`` -> "Opening hours · Saturday", ``name.zh`` -> "Name (Chinese)", ``stops[2].site`` ->
    "Stop 3 · Site"."""
    lang = None
    base, _dot, last = name.rpartition(".")
    if last in FORM_LANGS and (base in FORM or FORM_ROW.match(name)):
        name, lang = base, last
    text = _form_words(name)
    return f"{text} {FORM_LANGS[lang]}" if lang else text


def _form_words(name: str) -> str:
    if name in FORM:
        return str(FORM[name])
    row = FORM_ROW.match(name)
    if row:
        what = _("Guided tour %(n)d", n=int(row.group(2)) + 1) if row.group(1) == "tour_slots" else \
            _("Stop %(n)d", n=int(row.group(2)) + 1)
        return f"{what} · {_form_words(row.group(3))}"
    day = FORM_DAY.match(name)
    if day and (day.group(1) in labels.WEEKDAY or day.group(1) == "holiday"):
        which = labels.WEEKDAY[day.group(1)] if day.group(1) in labels.WEEKDAY else FORM["hours.holiday"]
        return f"{FORM['hours']} · {which}"
    return _("Other field")
