"""parse(raw) -> Catalog: read the loaded YAML into typed records, collecting every problem with its path.
Sites (and positions) are read by ``catalog.site_validation``; the sections around them and the references
between sections are checked here."""
from __future__ import annotations

from typing import Any

from . import model as m
from .fields import Walker, join
from .photos import parse_photos
from .problems import CatalogError
from .site_validation import read_location, read_site

TOP_KEYS = ("meta", "themes", "sources", "start_points", "sites", "tours", "travel_times", "calendar")
MODES = ("car", "coach", "taxi", "cycling", "walking")
def parse(raw: Any, version: str = "", memo: dict | None = None) -> m.Catalog:
    """Build a Catalog from loaded YAML, or raise CatalogError listing every problem at once.

    ``memo`` (kept by the caller between versions of one file) reuses the Site read from an unchanged,
    problem-free item: a one-site edit of a 2,000-site catalog then reads one site, not 2,000."""
    w = Walker()
    top = w.mapping(raw, "", allowed=TOP_KEYS)
    themes = tuple(_theme(w, item, path) for item, path, _ in w.items(w.seq(*w.field(top, "themes", "")), "themes"))
    sources = _sources(w, *w.field(top, "sources", ""))
    starts = tuple(_start_point(w, item, path)
                   for item, path, _ in w.items(w.seq(*w.field(top, "start_points", ""), required=True),
                                                "start_points"))
    sites = tuple(read_site(w, item, path, line, memo)
                  for item, path, line in w.items(w.seq(*w.field(top, "sites", ""), required=True), "sites"))
    tours = tuple(_tour(w, item, path)
                  for item, path, _ in w.items(w.seq(*w.field(top, "tours", ""), required=True), "tours"))
    travel = tuple(_travel(w, item, path)
                   for item, path, _ in w.items(w.seq(*w.field(top, "travel_times", "")), "travel_times"))
    calendar = _calendar(w, *w.field(top, "calendar", ""))
    _check_references(w, top, sites, tours, starts, themes, sources, travel)
    if w.problems:
        raise CatalogError(w.problems)
    return m.Catalog(sites=sites, tours=tours, start_points=starts, themes=themes, sources=sources,
                     travel_times=travel, calendar=calendar, version=version)


def _theme(w: Walker, raw: Any, path: str) -> m.Theme:
    d = w.mapping(raw, path, allowed=("id", "name", "brand"))
    return m.Theme(id=w.slug(*w.field(d, "id", path)), name=w.localized(*w.field(d, "name", path), required=True),
                   brand=bool(w.boolean(*w.field(d, "brand", path))))


def _sources(w: Walker, raw: Any, path: str, line: int | None) -> dict[str, m.Source]:
    d = w.mapping(raw, path, line, required=False)
    out: dict[str, m.Source] = {}
    for key in d:
        p = join(path, key)
        s = w.mapping(d[key], p, allowed=("title", "url", "publisher", "date", "reliability"))
        out[str(key)] = m.Source(
            id=str(key), title=w.text(*w.field(s, "title", p), required=True), url=w.url(*w.field(s, "url", p)),
            publisher=w.text(*w.field(s, "publisher", p)), date=str(s.get("date") or ""),
            reliability=m.Confidence(w.choice(*w.field(s, "reliability", p), [c.value for c in m.Confidence],
                                              default="medium")))
    return out


def _start_point(w: Walker, raw: Any, path: str) -> m.StartPoint:
    d = w.mapping(raw, path, allowed=("id", "name", "location", "lodging"))
    return m.StartPoint(id=w.slug(*w.field(d, "id", path)), name=w.localized(*w.field(d, "name", path), required=True),
                        location=read_location(w, *w.field(d, "location", path)),
                        lodging=bool(w.boolean(*w.field(d, "lodging", path))))


def _tour(w: Walker, raw: Any, path: str) -> m.Tour:
    d = w.mapping(raw, path, allowed=("id", "status", "theme", "name", "summary", "start", "stops", "photos"))
    stops = []
    for item, p, ln in w.items(w.seq(*w.field(d, "stops", path), required=True), join(path, "stops")):
        s = w.mapping(item, p, ln, allowed=("site", "time", "minutes", "note"))
        t = s.get("time")
        stops.append(m.TourStop(site=w.slug(*w.field(s, "site", p)),
                                time=w.time(*w.field(s, "time", p)) if t is not None else None,
                                minutes=w.integer(*w.field(s, "minutes", p), lo=5, hi=600),
                                note=w.localized(*w.field(s, "note", p))))
    if not stops:
        w.problem(join(path, "stops"), "empty")
    return m.Tour(id=w.slug(*w.field(d, "id", path)),
                  status=m.Status(w.choice(*w.field(d, "status", path), [s.value for s in m.Status],
                                           default="published")),
                  theme=w.slug(*w.field(d, "theme", path)), name=w.localized(*w.field(d, "name", path), required=True),
                  summary=w.localized(*w.field(d, "summary", path), required=True),
                  start=w.slug(*w.field(d, "start", path)), stops=tuple(stops),
                  photos=parse_photos(w, *w.field(d, "photos", path)))


def _travel(w: Walker, raw: Any, path: str) -> m.TravelOverride:
    d = w.mapping(raw, path, allowed=("from", "to", "mode", "minutes", "km", "source", "both_ways", "basis"))
    return m.TravelOverride(
        origin=w.slug(*w.field(d, "from", path)), destination=w.slug(*w.field(d, "to", path)),
        mode=w.choice(*w.field(d, "mode", path), MODES, default="car", required=True) or "car",
        minutes=w.integer(*w.field(d, "minutes", path), lo=1, hi=24 * 60, default=1, required=True) or 1,
        km=w.number(*w.field(d, "km", path), lo=0, hi=2000), source=w.text(*w.field(d, "source", path), required=True),
        both_ways=bool(w.boolean(*w.field(d, "both_ways", path), default=True)),
        basis=w.choice(*w.field(d, "basis", path), ("measured", "claim"), default="measured") or "measured")


def _calendar(w: Walker, raw: Any, path: str, line: int | None) -> m.HolidayCalendar:
    d = w.mapping(raw, path, line, allowed=("holidays", "workdays", "years", "source"), required=False)

    def dates(key: str) -> frozenset:
        return frozenset(filter(None, (w.day(v, p, ln) for v, p, ln in
                                       w.items(w.seq(*w.field(d, key, path)), join(path, key)))))

    years = frozenset(y for y in (w.integer(v, p, ln, lo=2000, hi=2100) for v, p, ln in
                                  w.items(w.seq(*w.field(d, "years", path)), join(path, "years"))) if y)
    return m.HolidayCalendar(holidays=dates("holidays"), workdays=dates("workdays"), years=years,
                             source=w.text(*w.field(d, "source", path)))


def _check_references(w: Walker, top: dict, sites, tours, starts, themes, sources, travel) -> None:
    _unique(w, "sites", [s.id for s in sites])
    _unique(w, "tours", [t.id for t in tours])
    _unique(w, "start_points", [p.id for p in starts])
    _unique(w, "themes", [t.id for t in themes])
    site_ids, start_ids = {s.id for s in sites}, {p.id for p in starts}
    theme_ids = {t.id for t in themes}
    for i, site in enumerate(sites):
        for j, theme in enumerate(site.themes):
            if theme_ids and theme not in theme_ids:
                w.problem(f"sites[{i}].themes[{j}]", "unknown_ref", kind="theme", ref=theme)
        for j, src in enumerate(site.provenance.sources):
            if src not in sources:
                w.problem(f"sites[{i}].provenance.sources[{j}]", "unknown_ref", kind="source", ref=src)
    for i, tour in enumerate(tours):
        if tour.start not in start_ids:
            w.problem(f"tours[{i}].start", "unknown_ref", kind="start point", ref=tour.start)
        if theme_ids and tour.theme not in theme_ids:
            w.problem(f"tours[{i}].theme", "unknown_ref", kind="theme", ref=tour.theme)
        for j, stop in enumerate(tour.stops):
            if stop.site not in site_ids:
                w.problem(f"tours[{i}].stops[{j}].site", "unknown_ref", kind="site", ref=stop.site)
    places = site_ids | start_ids
    pairs: set[tuple] = set()
    for i, t in enumerate(travel):
        for key, ref in (("from", t.origin), ("to", t.destination)):
            if ref not in places:
                w.problem(f"travel_times[{i}].{key}", "unknown_ref", kind="site", ref=ref)
        if t.origin and t.origin == t.destination:
            w.problem(f"travel_times[{i}].to", "same_place")
        keys = {(t.origin, t.destination, t.mode, t.basis)} | (
            {(t.destination, t.origin, t.mode, t.basis)} if t.both_ways else set())
        if keys & pairs:
            w.problem(f"travel_times[{i}]", "duplicate_pair", origin=t.origin, destination=t.destination, mode=t.mode)
        pairs |= keys


def _unique(w: Walker, section: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident and ident in seen:
            w.problem(f"{section}[{i}].id", "duplicate_id", id=ident)
        seen.add(ident)
