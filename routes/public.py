"""Public pages for tourists: home, site list, site page, curated tour page. Thin: parse, query, render."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _

from catalog.model import Category, fmt_minutes
from catalog.query import SiteFilter, filter_sites
from planner.calendar import CalendarUnknown, day_info, open_day, week
from web.platform import clock
from web.platform import labels
from web.platform.i18n import current_lang
from web.platform.live_catalog import get_catalog
from web.public.photo_view import with_thumbs
from web.maps.site_maps import sites_map
from web.public.site_view import site_facts

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    catalog = get_catalog()
    category = request.args.get("category", "")
    errors = {}
    if category and category not in {c.value for c in Category}:
        errors["category"] = _("Unknown category “%(value)s”.", value=category[:40])
        category = ""
    sites = filter_sites(catalog, SiteFilter(category=category))
    brand = {t.id for t in catalog.themes if t.brand}
    tours = [t for t in catalog.published_tours if t.theme in brand]  # the three brand tours lead
    more_tours = [t for t in catalog.published_tours if t.theme not in brand]
    rendered, entries = sites_map(catalog, sites)
    # Home lists each place once, by name and kind: descriptions and filters live on /sites.
    entries = [replace(e, subtitle=str(labels.CATEGORY.get(e.kind, ""))) for e in entries]
    return render_template("public/home.html", catalog=catalog, sites=sites, tours=tours, more_tours=more_tours,
                           category=category, errors=errors, map=rendered, map_entries=entries), \
        400 if errors else 200


@bp.get("/sites")
def sites():
    catalog = get_catalog()
    args = request.args
    errors: dict[str, str] = {}
    category = args.get("category", "").strip()
    if category and category not in {c.value for c in Category}:
        errors["category"] = _("Unknown category “%(value)s”.", value=category[:40])
    theme = args.get("theme", "").strip()
    if theme and catalog.theme(theme) is None:
        errors["theme"] = _("Unknown theme “%(value)s”.", value=theme[:40])
    query = args.get("q", "").strip()[:100]
    open_on, is_open = None, None
    if args.get("date"):
        try:
            open_on = date.fromisoformat(args["date"].strip())
        except ValueError:
            errors["date"] = _("Enter a date as YYYY-MM-DD, for example %(example)s.",
                               example=clock.today().isoformat())
        else:
            try:
                day_info(open_on, catalog.calendar, clock.today())
            except CalendarUnknown as exc:
                errors["date"] = exc.message(current_lang())
            else:
                is_open = lambda s: open_day(s, open_on, catalog.calendar, clock.today()).is_open  # noqa: E731
    results = [] if errors else filter_sites(
        catalog, SiteFilter(category=category, theme=theme, query=query, is_open=is_open))
    rendered, entries = sites_map(catalog, results) if results else (None, [])
    entries = with_thumbs(entries, results)
    return render_template("public/sites.html", catalog=catalog, sites=results, errors=errors, category=category,
                           theme=theme, query=query, open_on=args.get("date", "")[:20], map=rendered,
                           map_entries=entries), 400 if errors else 200


@bp.get("/sites/<site_id>")
def site(site_id: str):
    catalog = get_catalog()
    s = catalog.public_site(site_id)
    if s is None:
        abort(404)
    days = week(s, clock.today(), 7, catalog.calendar, clock.today())
    rendered, entries = sites_map(catalog, [s], height_px=320)
    entries = [replace(e, subtitle=s.address.get(current_lang())) for e in entries]  # the lead is above the map
    return render_template("public/site.html", catalog=catalog, site=s, days=days, facts=site_facts(s, catalog),
                           map=rendered, map_entries=entries)


@bp.get("/tours/<tour_id>")
def tour(tour_id: str):
    catalog = get_catalog()
    t = catalog.public_tour(tour_id)
    if t is None:
        abort(404)
    stops = [(stop, catalog.site(stop.site)) for stop in t.stops]
    start = catalog.start_point(t.start)
    rendered, entries = sites_map(catalog, [site for _, site in stops], numbered=True, route=True, start=start)
    entries = tour_entries(entries, stops, start)
    return render_template("public/tour.html", catalog=catalog, tour=t, stops=stops, start=start, map=rendered,
                           map_entries=entries)


def tour_entries(entries: list, stops: list, start) -> list:
    """The map's list is the tour's timeline: each stop's time, stay, booking and note (no second list)."""
    out = list(entries)
    offset = 1 if start is not None else 0
    if start is not None:
        out[0] = replace(out[0], subtitle=_("Start"))
    for i, (stop, site) in enumerate(stops):
        parts = [fmt_minutes(stop.time)] if stop.time is not None else []
        parts.append(_("%(min)d min", min=stop.minutes or site.visit_min))
        if site.booking.required:
            parts.append(_("booking required"))
        note = stop.note.get(current_lang()) if stop.note else ""
        out[i + offset] = replace(out[i + offset], subtitle=" · ".join(parts) + (f" — {note}" if note else ""))
    return out
