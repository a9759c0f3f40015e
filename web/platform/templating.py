"""Jinja helpers shared by every page: localized catalog text, language links, formatting."""
from __future__ import annotations

from flask import Flask, request, url_for

from catalog.hant import TRADITIONAL, to_hant
from catalog.model import LocalizedText, fmt_minutes

from . import labels
from web.maps import leaflet_assets
from .i18n import current_lang


def localized(text: LocalizedText | None) -> str:
    return text.get(current_lang()) if text else ""


def lang_url(lang: str) -> str:
    """The current page in another language (query kept; the new choice is remembered). Without the campaign
    tag: switching language is not a second visit from the campaign, and the page stays the same for every tag."""
    args = {k: v for k, v in request.args.to_dict(flat=False).items() if k not in ("c", "m")}
    args["lang"] = [lang]
    endpoint = request.endpoint or "public.home"
    try:
        return url_for(endpoint, **(request.view_args or {}), **args)
    except Exception:  # an error page for an unknown URL has no endpoint to rebuild
        return url_for("public.home", lang=lang)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["t"] = localized
    app.jinja_env.filters["hhmm"] = fmt_minutes
    app.jinja_env.filters["hant"] = to_hant  # the automatic Traditional conversion (admin forms show it)
    app.jinja_env.globals.update(lang_url=lang_url, labels=labels, asset_url=leaflet_assets.asset_url,
                                 traditional=TRADITIONAL.get)
    app.get_send_file_max_age = leaflet_assets.cache_max_age  # type: ignore[method-assign]

    @app.context_processor
    def _endpoints() -> dict:
        return {"url_endpoints": app.view_functions.keys()}
