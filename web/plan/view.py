"""What the result page and the day sheet show of an itinerary: per day its stops with hand-off links,
adjust links (each a new permalink), hours that day, a map or a sketch; then left-out sites, warnings,
totals, sharing. Built from ``exports.stops`` so the page says what the exports say.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup

from catalog.hant import TRADITIONAL
from catalog.model import Catalog, LocalizedText
from exports.stops import DayStops, Stop, day_stops
from geo.navigation import NavLink
from planner import adjust
from planner.calendar import open_day
from planner.itinerary import Itinerary
from planner.request import TripRequest
from promote import paint_svg
from promote.sketch import Pin, Sketch, Style, layout

from .handoff import HandOff
from .holiday_words import day_note
from web.platform.i18n import current_lang
from web.maps.map_component import MapLine, MapPoint, RenderedMap, basemap_for_request, cache_key, map_cache, render_map
from .service import permalink
from web.maps.site_maps import MapEntry


@dataclass
class Row:
    stop: Stop
    place_links: list[NavLink]
    leg_links: list[NavLink]
    href: str = ""
    hours: str = ""  # opening hours that day, for the sheet
    locked: bool = False
    lock_url: str = ""
    remove_url: str = ""
    nav_url: str = ""  # the AMap link to this stop, for the sheet's QR code
    during: bool = False  # a lunch eaten during the visit to a site that serves meals
    after_lunch: bool = False  # a visit right after lunch at the same place: its wait was the lunch


@dataclass
class DayView:
    index: int
    date: date
    rows: list[Row]
    day_links: list[NavLink]
    amap_too_many: bool
    travel_minutes: int
    km: float
    map: RenderedMap | None = None
    entries: list[MapEntry] = field(default_factory=list)
    sketch: Markup | None = None
    note: str = ""  # a public holiday or a make-up working day, named


def lunch_label() -> str:
    return "L" if current_lang() == "en" else "餐"


def _hours(stop: Stop, catalog: Catalog, today: date) -> str:
    site = catalog.site(stop.site) if stop.site else None
    if site is None:
        return ""
    windows = open_day(site, stop.date, catalog.calendar, today).windows
    return ", ".join(str(w) for w in windows)


def _adjust_url(req: TripRequest, version: str) -> str:
    return permalink(req.to_params(), version, external=False)


def day_views(itinerary: Itinerary, req: TripRequest, catalog: Catalog, handoff: HandOff, today: date, *,
              with_map: bool = True, with_sketch: bool = False) -> list[DayView]:
    version, must = catalog.version, set(req.must)
    out = []
    for day in day_stops(itinerary, catalog):
        rows, prev = [], None
        for stop in day.stops:
            row = Row(stop, handoff.stop(stop) if stop.kind != "start" else [],
                      handoff.leg(prev, stop) if prev is not None and stop.leg is not None else [],
                      url_for("public.site", site_id=stop.site) if stop.site else "",
                      _hours(stop, catalog, today), stop.site in must)
            if stop.kind == "visit":
                row.lock_url = _adjust_url(adjust.unlock(req, stop.site) if row.locked else
                                           adjust.lock(req, stop.site), version)
                row.remove_url = _adjust_url(adjust.remove(req, stop.site), version)
            amap = next((link for link in handoff.stop(stop) if link.app == "amap"), None)
            row.nav_url = amap.url if amap else ""
            row.during = stop.kind == "lunch" and bool(day_lunch(itinerary, day.index, "during"))
            row.after_lunch = prev is not None and prev.kind == "lunch" and prev.key == stop.key
            rows.append(row)
            prev = stop
        links, too_many = handoff.day(day)
        view = DayView(day.index, day.date, rows, links, too_many, sum(s.leg.minutes for s in day.stops if s.leg),
                       sum(s.leg.km for s in day.stops if s.leg))
        src = itinerary.days[day.index]
        view.note = day_note(src.kind, src.holiday, src.provisional)
        if with_map:
            view.map, view.entries = day_map(day, catalog)
        if with_sketch:
            view.sketch = Markup(day_sketch(day))  # noqa: S704 (paint_svg escapes every label)
        out.append(view)
    return out


def day_lunch(itinerary: Itinerary, index: int, attr: str):
    lunch = itinerary.days[index].lunch
    return getattr(lunch, attr) if lunch is not None else None


def _label(stop: Stop) -> str:
    zh = current_lang() != "en"  # badges in the visitor's script: 起/终, not S/E, on Chinese pages
    return {"visit": stop.number, "lunch": lunch_label(), "start": "起" if zh else "S", "end": "終" if TRADITIONAL.get() else "终" if zh else "E"}[stop.kind]


# The day sheet's sketch: the brand red for visits, ink for the start and the end, plum for lunch.
SHEET_STYLE = Style(palette={"visit": ("#c8102e", "#ffffff"), "lunch": ("#ad1457", "#ffffff"),
                             "start": ("#1a1a1a", "#ffffff"), "end": ("#1a1a1a", "#ffffff")}, sea="#f6f1e7")


def day_sketch(day: DayStops) -> str:
    """The day's stops as numbered pins joined in order, for paper (no tiles): one SVG element."""
    stops = [s for s in day.stops if not (s.kind == "end" and s.key == day.stops[0].key)]
    pins = tuple(Pin(s.lat, s.lon, _label(s), s.kind) for s in stops)
    sketch = Sketch(pins, outline=(), route=True, north=_("N"), km=_("km"))
    return paint_svg.svg(layout(sketch, 640, 360, SHEET_STYLE, unit=11), title=day.date.isoformat())


def day_map(day: DayStops, catalog: Catalog, *, basemap=None, zoom: int | None = None,
            scroll_zoom: bool = True) -> tuple[RenderedMap, list[MapEntry]]:
    """Numbered stops, the start, lunch marked, and the day's legs as one line; rendered once per content.

    Stops at one place (lunch where you visit) share one pin labelled with all their numbers ("2·餐"); places
    that only share a point (park facilities placed at one estimated position) get a pin each, fanned out
    around the point by the map (web/maps/spread.py), so each can be seen and tapped."""
    lang = current_lang()
    basemap = basemap or basemap_for_request()  # an embed passes its own (validated) basemap, zoom and wheel option
    groups: dict[str, list[Stop]] = {}
    for s in day.stops:
        if s.kind == "end" and s.key == day.stops[0].key:
            continue  # back where the day began: the start pin stands for both
        groups.setdefault(s.key, []).append(s)
    points, entries = [], []
    for stops in groups.values():
        first = stops[0]
        kind = {"start": "start", "end": "start", "lunch": "restaurant"}.get(first.kind)
        if kind is None:
            site = catalog.site(first.site)
            kind = site.category.value if site else "other"
        key, label = f"d{day.index + 1}-{first.seq}", _group_label([_label(s) for s in stops])
        points.append(MapPoint(key, first.location, kind, label=label))
        title = "; ".join(dict.fromkeys(s.name.get(lang) for s in stops))
        times = [t for s in stops for t in (_hhmm(s.start if s.start is not None else s.leave or s.arrive),
                                            _hhmm(s.end)) if t]
        href = url_for("public.site", site_id=first.site) if first.site and len(stops) == 1 else ""
        entries.append(MapEntry(key, title, f"{times[0]}–{times[-1]}" if len(times) > 1 else "".join(times), href,
                                label, kind))
    lines = (MapLine(tuple(s.location for s in day.stops), "route"),)
    options = {"height_px": 380, "cluster": False, "zoom": zoom, "scroll_zoom": scroll_zoom}
    key = cache_key(catalog.version, basemap, points, lines, **options)
    rendered = map_cache().get(key, lambda: render_map(points, lines, basemap=basemap, **options))
    return rendered, entries


def _group_label(labels: list[str]) -> str:
    """["3", "4", "5"] -> "3-5"; ["2", "餐", "3"] -> "2-3·餐"; too long for a pin -> "3+"."""
    if len(labels) == 1:
        return labels[0]
    numbers = [int(x) for x in labels if x.isdigit()]
    others = [x for x in dict.fromkeys(labels) if not x.isdigit()]
    if numbers and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
        head = [str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}-{numbers[-1]}"]
    else:
        head = [str(n) for n in numbers]
    text = "·".join(head + others)
    return text if len(text) <= 6 else f"{labels[0]}+"


def _hhmm(minutes: int | None) -> str:
    from exports.text import hhmm

    return hhmm(minutes)


def add_must_url(req: TripRequest, version: str, site_id: str) -> str:
    return _adjust_url(adjust.add_must(req, site_id), version)


def alternative_links(itinerary: Itinerary, version: str) -> list[tuple]:
    """(alternative, its permalink) for each change the plan's notice offers."""
    if itinerary.notice is None:
        return []
    return [(alt, permalink(alt.request, version, external=False)) for alt in itinerary.notice.alternatives]


def restore_url(req: TripRequest, version: str, site_id: str) -> str:
    return _adjust_url(adjust.restore(req, site_id), version)


@dataclass(frozen=True)
class PickMap:
    rendered: RenderedMap
    entries: list[MapEntry]
    datum: str  # the basemap's datum: what a click on it gives


def pick_map(catalog: Catalog) -> PickMap:
    """The start points on a map, for choosing where to start with a tap (static/js/plan-form.js)."""
    lang = current_lang()
    basemap = basemap_for_request()
    points = [MapPoint(f"start:{p.id}", p.location, "start") for p in catalog.start_points]
    entries = [MapEntry(f"start:{p.id}", p.name.get(lang), "", "", "", "start") for p in catalog.start_points]
    options = {"height_px": 320, "cluster": False}
    key = cache_key(catalog.version, basemap, points, (), **options)
    rendered = map_cache().get(key, lambda: render_map(points, basemap=basemap, **options))
    return PickMap(rendered, entries, basemap.datum)


GROUPED = ("booking_needed", "estimated_position", "unverified_hours")  # one line naming every site, not one each


@dataclass(frozen=True)
class WarningLine:
    code: str
    text: str
    names: tuple[str, ...] = ()


def warning_lines(warnings, lang: str) -> list[WarningLine]:
    """The plan's warnings, with the per-site notes that repeat for many sites folded into one line each."""
    from flask_babel import gettext as _

    heads = {"booking_needed": _("Book these places ahead"),
             "estimated_position": _("Positions are estimates for these places: confirm the address before driving"),
             "unverified_hours": _("Opening hours are not confirmed for these places: call ahead")}
    out: list[WarningLine] = []
    folded: dict[str, list[str]] = {}
    for w in warnings:
        if w.code in GROUPED and isinstance(w.params.get("name"), dict):
            if w.code not in folded:
                folded[w.code] = []
                out.append(WarningLine(w.code, heads[w.code]))
            name = LocalizedText(**{k: v for k, v in w.params["name"].items() if k in ("zh", "en")}).get(lang)
            folded[w.code].append(name + str(w.params.get("contact", "")))
        else:
            out.append(WarningLine(w.code, w.message(lang)))
    return [WarningLine(x.code, x.text, tuple(folded.get(x.code, ()))) for x in out]
