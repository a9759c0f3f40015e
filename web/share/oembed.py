"""oEmbed (https://oembed.com) provider: the URL of one of our pages -> the iframe of its embed.

Accepted URLs are ours (SITE_URL's host, or the host asked) and name something embeddable: a tour page, a site
page, the home page or the site list (the map of all places, filtered as the list was), or an embed itself.
Anything else is 404, as the spec asks. The answer is type "rich": ``html`` is the iframe of the embed, at most
``maxwidth`` x ``maxheight``. Consumers discover the endpoint from ``<link rel="alternate"
type="application/json+oembed">`` in the page head (``discovery_link``).
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import current_app, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from web.platform.links import absolute, base_url, with_query
from . import embed_view
from .embed_options import OptionsError
from web.platform.i18n import LANGS
from web.platform.live_catalog import get_catalog

DEFAULT_WIDTH, DEFAULT_HEIGHT = 640, 480
MAX_DIMENSION = 10_000
# page endpoint -> embed endpoint (and the view argument they share)
EMBEDDABLE = {
    "public.tour": ("embed.tour", "tour_id"),
    "public.site": ("embed.site", "site_id"),
    "public.home": ("embed.map_all", None),
    "public.sites": ("embed.map_all", None),
    "embed.tour": ("embed.tour", "tour_id"),
    "embed.site": ("embed.site", "site_id"),
    "embed.map_all": ("embed.map_all", None),
    "planner.plan": ("embed.plan", None),  # a plan's permalink
    "embed.plan": ("embed.plan", None),
}
CARRIED = ("lang", "basemap", "zoom", "scroll", "list", "theme", "category", "c")  # from a page URL to its embed


class NotEmbeddable(LookupError):
    """Not one of our URLs, or nothing there to embed: the provider answers 404."""


@dataclass(frozen=True)
class Embed:
    src: str  # absolute URL of the embed
    title: str
    lang: str
    kind: str  # "tour" | "site" | "map"
    thumbnail: str = ""  # absolute URL of a static map image, when there is one


def _our_hosts() -> set[str]:
    return {urlsplit(base_url()).netloc.lower(), request.host.lower()}


def resolve(url: str) -> Embed:
    """The embed for one of our page URLs, or NotEmbeddable."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or parts.netloc.lower() not in _our_hosts():
        raise NotEmbeddable(url)
    adapter = current_app.url_map.bind(parts.netloc, url_scheme=parts.scheme)
    try:
        endpoint, args = adapter.match(parts.path or "/", method="GET")
    except HTTPException:
        raise NotEmbeddable(url) from None
    if endpoint not in EMBEDDABLE:
        raise NotEmbeddable(url)
    target, arg = EMBEDDABLE[endpoint]
    pairs = parse_qsl(parts.query)
    query = {k: v for k, v in pairs if k in CARRIED and v}
    if target == "embed.plan":
        return _plan(url, pairs, query)
    if target != "embed.map_all":
        query.pop("theme", None), query.pop("category", None)
    catalog = get_catalog()
    try:
        opts = embed_view.parse(query, filters=target == "embed.map_all")
    except OptionsError:
        raise NotEmbeddable(url) from None
    with force_locale(LANGS[opts.lang]):
        if target == "embed.tour":
            tour = catalog.public_tour(args[arg])
            if tour is None:
                raise NotEmbeddable(url)
            title, kind = tour.name.get(opts.lang), "tour"
            thumb = _thumbnail("promote.tour_image", tour_id=tour.id, lang=opts.lang)
        elif target == "embed.site":
            site = catalog.public_site(args[arg])
            if site is None:
                raise NotEmbeddable(url)
            title, kind = site.name.get(opts.lang), "site"
            thumb = _thumbnail("promote.site_image", site_id=site.id, lang=opts.lang)
        else:
            title, kind, thumb = _("Wusheng Industrial Trails"), "map", ""
            if opts.theme:
                title += " · " + catalog.theme(opts.theme).name.get(opts.lang)
    path = url_for(target, **({arg: args[arg]} if arg else {}))
    return Embed(absolute(with_query(path, opts.params(embed_view.default_basemap()))), title, opts.lang, kind, thumb)


def _plan(url: str, pairs: list[tuple[str, str]], query: dict[str, str]) -> Embed:
    """A plan's permalink: the embed carries every trip field; a permalink that does not plan is not embeddable."""
    from werkzeug.datastructures import MultiDict

    from web.plan import service

    fields = service.fields_from_args(MultiDict(pairs))
    try:
        opts = embed_view.parse(query, filters=False)
    except OptionsError:
        raise NotEmbeddable(url) from None
    outcome = service.plan(fields)
    if outcome.error is not None:
        raise NotEmbeddable(url)
    day = dict(pairs).get("day", "")
    params = {**outcome.params, "v": outcome.catalog.version, **({"day": day} if day else {}),
              **opts.params(embed_view.default_basemap())}
    with force_locale(LANGS[opts.lang]):
        title = _("Trip plan for %(date)s", date=outcome.request.date.isoformat())
    return Embed(absolute(with_query(url_for("embed.plan"), params)), title, opts.lang, "plan")


def _thumbnail(endpoint: str, **args: str) -> str:
    if endpoint not in current_app.view_functions:
        return ""
    return absolute(url_for(endpoint, **{k: v for k, v in args.items() if k != "lang" or v != "zh"}))


def iframe(src: str, width: int, height: int, title: str) -> Markup:
    """The iframe snippet (oEmbed ``html``, and the snippet builder's)."""
    return Markup(
        '<iframe src="{}" width="{}" height="{}" title="{}" loading="lazy" '
        'referrerpolicy="strict-origin-when-cross-origin" style="border:0;max-width:100%"></iframe>'
    ).format(src, int(width), int(height), title)


def dimension(raw: str | None, default: int) -> int:
    """maxwidth / maxheight: a positive whole number (ValueError otherwise); the smaller of it and ``default``."""
    if raw in (None, ""):
        return default
    if not raw.isdigit() or not 0 < int(raw) <= MAX_DIMENSION:
        raise ValueError(raw)
    return min(default, int(raw))


def response_body(embed: Embed, width: int, height: int) -> dict:
    with force_locale(LANGS[embed.lang]):
        provider = _("Wusheng Industrial Trails")
    body = {
        "version": "1.0", "type": "rich", "provider_name": provider, "provider_url": absolute("/"),
        "title": embed.title, "html": str(iframe(embed.src, width, height, embed.title)),
        "width": width, "height": height, "cache_age": int(current_app.config["EMBED_MAX_AGE"]),
    }
    if embed.thumbnail:
        tw = min(width, 640)
        body.update(thumbnail_url=embed.thumbnail, thumbnail_width=tw, thumbnail_height=tw * 5 // 8)
    return body


def endpoint_url(page_url: str) -> str:
    return absolute(url_for("oembed.oembed_") + "?" + urlencode({"url": page_url, "format": "json"}))


def discovery_link() -> Markup:
    """``<link rel="alternate" type="application/json+oembed">`` for embeddable pages (base.html and embeds)."""
    if request.endpoint not in EMBEDDABLE:
        return Markup("")
    if request.endpoint == "planner.plan":
        from web.plan.service import has_trip_fields

        if not has_trip_fields(request.args):  # the empty planner form: nothing to embed yet
            return Markup("")
    from web.platform.canonical_query import server_path

    page = absolute(server_path())
    return Markup('<link rel="alternate" type="application/json+oembed" href="{}" title="{}">').format(
        endpoint_url(page), _("Embed this map"))


def init_app(app) -> None:
    app.jinja_env.globals["oembed_link"] = discovery_link
