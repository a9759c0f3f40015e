"""The catalog feed, served by the admin instance to the public instances on other machines
(catalog/remote.py): the current good catalog file, its version as ETag, 304 while unchanged.

Only for holders of CATALOG_FEED_TOKEN (sent as ``Authorization: Bearer``); without a token configured the
feed does not exist (404). The recipe's nginx sends /internal/ to the public instances, which have no such
route: the public instances ask the admin instance's own address on the private network."""
from __future__ import annotations

import hmac

from flask import Blueprint, Response, abort, current_app, request

from web.platform.live_catalog import get_source

bp = Blueprint("catalog_feed", __name__)


@bp.get("/internal/catalog")
def catalog():
    token = current_app.config.get("CATALOG_FEED_TOKEN", "")
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not token or not hmac.compare_digest(given.encode(), token.encode()):
        abort(404)  # nothing here for anyone else, not even that it exists
    source = get_source()
    snapshot = source.snapshot()
    response = Response(snapshot.data, mimetype="application/yaml")
    response.set_etag(snapshot.catalog.version)
    if source.loaded_mtime:  # the public instances give their copy this time: one Last-Modified everywhere
        response.last_modified = source.loaded_mtime
    response.headers["Cache-Control"] = "private, no-cache"
    return response.make_conditional(request)
