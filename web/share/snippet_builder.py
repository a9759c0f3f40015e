"""The snippet builder behind /promote: what to promote and how (a GET form), and everything to copy.

The same option checks as the embeds themselves (``web.share.embed_options``), so the builder can never hand out an
embed that answers 400. Errors are shown at their fields.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from flask import url_for
from flask_babel import gettext as _

from catalog.model import Catalog

from . import embed_view, oembed
from web.platform.links import absolute, tagged, with_query
from .embed_options import EmbedOptions, OptionsError
from .promote_files import QR_DEFAULT

WIDTH = (300, 1200, 640)  # iframe width: min, max, default
HEIGHT = (300, 1200, 480)
QR_SIZES = (96, 2048, QR_DEFAULT)
DEFAULT_CAMPAIGN = "partner"


@dataclass
class Builder:
    what: str = "map"  # "map" | "tour:<id>" | "site:<id>"
    options: EmbedOptions = field(default_factory=EmbedOptions)
    width: int = WIDTH[2]
    height: int = HEIGHT[2]
    qr_size: int = QR_DEFAULT
    errors: dict[str, str] = field(default_factory=dict)
    # the outputs (empty when there are errors)
    embed_path: str = ""  # relative, for the live preview
    iframe: str = ""
    oembed_url: str = ""
    link: str = ""
    qr_svg: str = ""
    qr_png: str = ""
    flyers: dict[str, str] = field(default_factory=dict)  # lang -> URL
    image: str = ""
    title: str = ""


def _whole(args, name: str, bounds: tuple, errors: dict[str, str]) -> int:
    lo, hi, default = bounds
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    if raw.isdigit() and lo <= int(raw) <= hi:
        return int(raw)
    errors[name] = _("Use a whole number from %(lo)d to %(hi)d.", lo=lo, hi=hi)
    return default


def build(args, catalog: Catalog) -> Builder:
    b = Builder(what=(args.get("what") or "map").strip())
    kind, _sep, ident = b.what.partition(":")
    if kind == "tour":
        thing = catalog.public_tour(ident)
        ok = thing is not None
    elif kind == "site":
        thing = catalog.public_site(ident)
        ok = thing is not None
    else:
        kind, ok = "map", b.what == "map"
    if not ok:
        b.errors["what"] = _("Choose a tour, a place or the map of all places.")
        kind, b.what = "map", "map"
    embed_args = {k: v for k, v in args.items() if k in ("lang", "basemap", "zoom", "scroll", "list", "c")}
    if kind == "map":
        embed_args.update({k: v for k, v in args.items() if k in ("theme", "category")})
    embed_args.setdefault("c", DEFAULT_CAMPAIGN)
    if not embed_args["c"]:
        embed_args["c"] = DEFAULT_CAMPAIGN
    try:
        b.options = embed_view.parse(embed_args, filters=kind == "map")
    except OptionsError as exc:
        b.errors.update(exc.errors)
    b.width = _whole(args, "width", WIDTH, b.errors)
    b.height = _whole(args, "height", HEIGHT, b.errors)
    b.qr_size = _whole(args, "qr_size", QR_SIZES, b.errors)
    if b.errors:
        return b
    _outputs(b, kind, ident, catalog)
    return b


def _outputs(b: Builder, kind: str, ident: str, catalog: Catalog) -> None:
    o = b.options
    lang = o.lang
    params = o.params(embed_view.default_basemap())
    if kind == "tour":
        embed, page = url_for("embed.tour", tour_id=ident), url_for("public.tour", tour_id=ident)
        b.title = catalog.tour(ident).name.get(lang)
        qr_base = url_for("promote.qr_code", kind="tours", ident=ident, fmt="svg")
        b.flyers = {code: absolute(with_query(url_for("promote.flyer", tour_id=ident), {"lang": code, "c": o.campaign}))
                    for code in ("zh", "en")}
        b.image = absolute(with_query(url_for("promote.tour_image", tour_id=ident), {"lang": lang, "c": o.campaign}))
    elif kind == "site":
        embed, page = url_for("embed.site", site_id=ident), url_for("public.site", site_id=ident)
        b.title = catalog.site(ident).name.get(lang)
        qr_base = url_for("promote.qr_code", kind="sites", ident=ident, fmt="svg")
        b.image = absolute(with_query(url_for("promote.site_image", site_id=ident), {"lang": lang, "c": o.campaign}))
    else:
        embed = url_for("embed.map_all")
        filters = {"theme": o.theme, "category": o.category}
        page = with_query(url_for("public.sites"), filters) if o.theme or o.category else url_for("public.home")
        b.title = _("Wusheng Industrial Trails")
        qr_base = with_query(url_for("promote.qr_code", kind="map", ident="", fmt="svg"), filters)
    b.embed_path = with_query(embed, params)
    b.iframe = str(oembed.iframe(absolute(b.embed_path), b.width, b.height, b.title))
    page_lang = with_query(page, {"lang": lang})
    b.oembed_url = oembed.endpoint_url(absolute(page_lang)) + "&" + urlencode(
        {"maxwidth": b.width, "maxheight": b.height})
    b.link = absolute(tagged(page_lang, o.campaign))
    qr_args = {"lang": lang, "c": o.campaign}
    b.qr_svg = absolute(with_query(qr_base, qr_args))
    b.qr_png = absolute(with_query(qr_base.replace(".svg", ".png", 1), {**qr_args, "size": str(b.qr_size)}))
