"""Embeds for other sites' pages: a bare map with its list, options in the URL, frameable by EMBED_ORIGINS,
cacheable, no cookies. Thin: web.share.embed_view does the work."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import gettext as _

from web.share import embed_view
from web.share.embed_options import OptionsError
from web.platform.live_catalog import get_catalog

bp = Blueprint("embed", __name__, url_prefix="/embed")
bp.before_request(embed_view.bare_page)


@bp.get("/map")
def map_all():
    return embed_view.respond(embed_view.all_sites)


@bp.get("/tours/<tour_id>")
def tour(tour_id: str):
    if get_catalog().public_tour(tour_id) is None:
        abort(404)
    return embed_view.respond(lambda catalog, opts: embed_view.tour(catalog, tour_id, opts), tour_id)


@bp.get("/sites/<site_id>")
def site(site_id: str):
    if get_catalog().public_site(site_id) is None:
        abort(404)
    return embed_view.respond(lambda catalog, opts: embed_view.site(catalog, site_id, opts), site_id)


@bp.get("/plan")
def plan():
    """A planned trip from its permalink (the planner's fields, e.g. ?start=chongqing&date=...&must=...)."""
    from web.platform import clock
    from web.plan.service import fields_from_args

    fields = tuple(sorted(fields_from_args(request.args).items()))
    # the plan depends on the day it is made (booking lead times): part of the cache key
    return embed_view.respond(embed_view.plan, fields, request.args.get("day", "1"), clock.today().isoformat())


@bp.errorhandler(embed_view.PlanError)
@bp.errorhandler(OptionsError)
def bad_options(exc: OptionsError):
    """A wrong option: say which and what it accepts, inside the frame (still frameable, short cache)."""
    response = current_app.make_response((render_template(
        "embed/error.html", code=400, title=_("This map’s address has a mistake"), errors=exc.errors), 400))
    response.headers["Cache-Control"] = "public, max-age=60"
    return response


@bp.errorhandler(404)
def not_found(_exc):
    response = current_app.make_response((render_template(
        "embed/error.html", code=404, title=_("This map is no longer available"), errors={}), 404))
    response.headers["Cache-Control"] = "public, max-age=60"
    return response
