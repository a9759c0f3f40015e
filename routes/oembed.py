"""The oEmbed provider: ``/oembed?url=<one of our pages>&format=json&maxwidth=&maxheight=``. Thin: web.share.oembed."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from web.share import oembed
from web.platform.links import base_url
from web.platform.conditional_get import conditional, validators

bp = Blueprint("oembed", __name__)


def _error(status: int, code: str, message: str):
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response


@bp.get("/oembed")
def oembed_():
    fmt = (request.args.get("format") or "json").strip().lower()
    if fmt != "json":
        return _error(501, "format_not_implemented", "Only format=json is provided.")
    url = request.args.get("url", "")
    if not url:
        return _error(400, "url_required", "Give the page to embed as url=.")
    try:
        width = oembed.dimension(request.args.get("maxwidth"), oembed.DEFAULT_WIDTH)
        height = oembed.dimension(request.args.get("maxheight"), oembed.DEFAULT_HEIGHT)
    except ValueError:
        return _error(400, "bad_dimension", f"maxwidth and maxheight are whole numbers from 1 to {oembed.MAX_DIMENSION}.")
    try:
        embed = oembed.resolve(url[:2000])
    except oembed.NotEmbeddable:
        return _error(404, "not_found", "That URL is not a tour, place or map of this site.")
    v = validators("oembed", embed, width, height, base_url())
    return conditional(v, lambda: jsonify(oembed.response_body(embed, width, height)),
                       max_age=int(current_app.config["EMBED_MAX_AGE"]))


@bp.after_request
def _anyone_may_read(response):
    # oEmbed consumers may be scripts on other sites' pages; the answer holds only public data.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
