"""What an embed shows: a title, the map and its list, and the "open full page" link, for each kind of embed.

Links inside an embed open in a new tab (``<base target="_blank">`` in the template: our full pages are never
frameable) and carry the embed's campaign tag with ``m=embed``, so the bureau sees what each partner sent.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Sequence

from flask import current_app, make_response, render_template, request, url_for
from flask_babel import gettext as _

from catalog.model import Catalog, Site, StartPoint

from web.platform import labels
from web.maps.basemaps import Basemap, enabled_basemaps
from web.platform.links import base_url, with_query
from .embed_options import EmbedOptions, OptionsError, parse_options
from web.platform.conditional_get import conditional, validators
from web.platform.live_catalog import get_catalog
from web.maps.map_component import RenderedMap
from web.platform.security import allow_framing
from web.maps.site_maps import MapEntry, sites_map

EMBED_CAMPAIGN = "embed"  # the tag of an untagged embed's "open full page" link
MAP_HEIGHT = 360  # the canvas fills the frame (static/css/embed.css); this is the fallback height


@dataclass(frozen=True)
class EmbedContent:
    title: str
    subtitle: str
    rendered: RenderedMap
    entries: list[MapEntry]
    full_url: str  # the full page, same language, basemap and filters, with the campaign tag
    ordered: bool = False


def frame_ancestors() -> list[str]:
    """CSP frame-ancestors sources from EMBED_ORIGINS ('*' = any http(s) page); our own pages always."""
    raw = str(current_app.config.get("EMBED_ORIGINS") or "").strip()
    origins = [o.strip() for o in raw.split(",") if o.strip()]
    if "*" in origins:
        # '*' matches every network scheme; naming http: and https: as well covers browsers that read '*' as
        # "same scheme as this page only" (CSP level 2), so an https embed still shows on an http partner page.
        return ["*", "http:", "https:"]
    return ["'self'", *origins]


def check_origins(raw: str) -> None:
    """Refuse a malformed EMBED_ORIGINS at start-up rather than send a broken CSP."""
    import re

    pattern = re.compile(r"^(\*|https?://(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?)$")
    for origin in (o.strip() for o in str(raw or "").split(",")):
        if origin and not pattern.match(origin):
            raise ValueError(f"EMBED_ORIGINS: {origin!r} is not '*' or an origin like https://partner.example.com")


def bare_page() -> None:
    """Before every embed request: frameable by EMBED_ORIGINS; language only from ?lang= (set in parse)."""
    from web.platform.i18n import language_from_url_only

    language_from_url_only()
    allow_framing(frame_ancestors())


def basemaps() -> dict[str, Basemap]:
    """The enabled basemaps, built once per app (configuration does not change while it runs)."""
    ext = current_app.extensions
    if "embed_basemaps" not in ext:
        ext["embed_basemaps"] = enabled_basemaps(current_app.config)
    return ext["embed_basemaps"]


def parse(args, *, filters: bool) -> EmbedOptions:
    """Options from ``args`` (a request's, or a pasted URL's) against this app's catalog and basemaps."""
    return parse_options(args, get_catalog(), basemaps={k: b.max_zoom for k, b in basemaps().items()},
                         default_basemap=default_basemap(), filters=filters)


def options() -> EmbedOptions:
    return parse(request.args, filters=request.endpoint == "embed.map_all")


def full_link(path: str, opts: EmbedOptions, **extra: str) -> str:
    params = {"lang": opts.lang, **extra, "basemap": opts.basemap if opts.basemap != default_basemap() else "",
              "c": opts.campaign or EMBED_CAMPAIGN, "m": "embed"}
    return with_query(path, params)


def default_basemap() -> str:
    from web.maps.basemaps import default_name

    return default_name(current_app.config)


def _basemap(opts: EmbedOptions) -> Basemap:
    return basemaps()[opts.basemap]


def _linked(entries: Sequence[MapEntry], opts: EmbedOptions) -> list[MapEntry]:
    return [replace(e, href=full_link(e.href, opts)) if e.href else e for e in entries]


def _map(catalog: Catalog, sites: Sequence[Site], opts: EmbedOptions, *, numbered: bool = False,
         route: bool = False, start: StartPoint | None = None) -> tuple[RenderedMap, list[MapEntry]]:
    rendered, entries = sites_map(catalog, sites, numbered=numbered, route=route, start=start, height_px=MAP_HEIGHT,
                                  basemap=_basemap(opts), zoom=opts.zoom, scroll_zoom=opts.scroll)
    return rendered, _linked(entries, opts)


def all_sites(catalog: Catalog, opts: EmbedOptions) -> EmbedContent:
    from catalog.query import SiteFilter, filter_sites

    sites = filter_sites(catalog, SiteFilter(category=opts.category, theme=opts.theme))
    rendered, entries = _map(catalog, sites, opts)
    parts = []
    if opts.theme:
        parts.append(catalog.theme(opts.theme).name.get(opts.lang))
    if opts.category:
        parts.append(str(labels.CATEGORY[opts.category]))
    subtitle = " · ".join(parts) or _("Factories, museums and heritage sites")
    path = url_for("public.sites") if parts else url_for("public.home")
    return EmbedContent(_("Wusheng Industrial Trails"), subtitle, rendered, entries,
                        full_link(path, opts, theme=opts.theme, category=opts.category))


def tour(catalog: Catalog, tour_id: str, opts: EmbedOptions) -> EmbedContent:
    t = catalog.tour(tour_id)
    stops = [catalog.site(s.site) for s in t.stops]
    rendered, entries = _map(catalog, stops, opts, numbered=True, route=True, start=catalog.start_point(t.start))
    subtitle = _("%(n)d stops", n=len(stops))
    return EmbedContent(t.name.get(opts.lang), subtitle, rendered, entries,
                        full_link(url_for("public.tour", tour_id=t.id), opts), ordered=True)


def site(catalog: Catalog, site_id: str, opts: EmbedOptions) -> EmbedContent:
    s = catalog.site(site_id)
    rendered, entries = _map(catalog, [s], opts)
    return EmbedContent(s.name.get(opts.lang), s.short.get(opts.lang), rendered, entries,
                        full_link(url_for("public.site", site_id=s.id), opts))


class PlanError(OptionsError):
    """The permalink's trip fields are wrong: shown like wrong options."""


def plan(catalog: Catalog, opts: EmbedOptions) -> EmbedContent:
    """A planned trip from its permalink (the planner's fields in the URL): the chosen day's map and stops."""
    from exports.stops import day_stops

    from web.plan import service
    from web.plan.view import day_map

    outcome = service.plan(service.fields_from_args(request.args))
    if outcome.error is not None:
        raise PlanError(outcome.error.fields)
    days = day_stops(outcome.itinerary, catalog)
    raw = (request.args.get("day") or "1").strip()
    if not raw.isdigit() or not 1 <= int(raw) <= len(days):
        raise PlanError({"day": ("int_range", {"lo": 1, "hi": len(days)})})
    day = days[int(raw) - 1]
    rendered, entries = day_map(day, catalog, basemap=_basemap(opts), zoom=opts.zoom, scroll_zoom=opts.scroll)
    title = _("Trip plan for %(date)s", date=day.date.isoformat())
    subtitle = _("Day %(n)d of %(total)d", n=day.index + 1, total=len(days)) if len(days) > 1 else \
        _("%(n)d stops", n=len(day.visits))
    link = service.permalink(outcome.params, catalog.version, external=False)
    full = full_link(link, opts)
    return EmbedContent(title, subtitle, rendered, _linked(entries, opts), full, ordered=True)


def respond(build: Callable[[Catalog, EmbedOptions], EmbedContent], *key: object):
    """Check the options, then answer 304 or render: the embed page with its cache headers."""
    from .channels import enabled as counting

    opts = options()
    catalog = get_catalog()
    # the /promote preview (?preview=1) shows the embed to staff: not a view to count
    count_view = counting() and request.args.get("preview") != "1"
    v = validators("embed", request.endpoint, key, opts, base_url(), count_view)

    def render():
        content = build(catalog, opts)
        return make_response(render_template("embed/page.html", content=content, opts=opts, count_view=count_view))

    return conditional(v, render, max_age=int(current_app.config["EMBED_MAX_AGE"]))
