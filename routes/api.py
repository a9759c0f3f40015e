"""The public JSON API, /api/v1: sites, tours, and planning (the same fields as the planner page).

Stateless: no cookies, no session, no CSRF (nothing changes on the server). CORS for the GET
endpoints comes from ``API_CORS_ORIGINS`` (web/api/cors.py). Every error has one shape
(web/api/errors.py); ``/api/v1/openapi.json`` describes all of it (web/api/openapi.py).
"""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request

from flask_babel import gettext as _

from catalog.model import Category
from planner.field_errors import Collector, FieldErrors
from web.api import openapi, shapes
from web.api.errors import ApiError, error_response, json_object, rate_limit
from web.platform.heavy_work import niced_view
from web.platform.i18n import current_lang
from web.platform.live_catalog import get_catalog
from planner.request_fields import NAMES
from web.plan.service import plan as run_plan

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.before_request
def _stateless():
    g.remember_lang = False  # no language cookie: the API sets no cookies at all
    request.max_content_length = int(_config("API_MAX_BODY_BYTES", 16384))
    langs = request.args.getlist("lang")
    if langs and (len(langs) > 1 or langs[0] not in ("zh", "en")):
        # Pages forgive a wrong ?lang= (they fall back to Chinese); an API client should hear about it.
        raise ApiError.bad_fields(400, FieldErrors({"lang": ("choice", {"choices": "zh, en"})}))


def _config(name: str, default):
    from flask import current_app

    return current_app.config.get(name, default)


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError):
    return error_response(exc.status, exc.message, exc.fields)


def _published_site(site_id: str):
    site = get_catalog().public_site(site_id)
    if site is None:
        raise ApiError(404)
    return site


@bp.get("/sites")
def sites():
    catalog = get_catalog()
    category, theme = request.args.get("category"), request.args.get("theme")
    bad = Collector()
    if category is not None and (category not in {c.value for c in Category}
                                 or len(request.args.getlist("category")) > 1):
        bad.fail("category", "choice", choices=", ".join(c.value for c in Category))
    if theme is not None and (catalog.theme(theme) is None or len(request.args.getlist("theme")) > 1):
        bad.fail("theme", "choice", choices=", ".join(t.id for t in catalog.themes))
    if bad.errors:
        raise ApiError.bad_fields(400, FieldErrors(bad.errors), _("Some fields are not valid."))
    chosen = [s for s in catalog.published_sites if (not category or s.category.value == category)
              and (not theme or theme in s.themes)]
    return jsonify({"catalog_version": catalog.version, "sites": [shapes.site_summary(s) for s in chosen]})


@bp.get("/sites/<site_id>")
def site(site_id: str):
    catalog = get_catalog()
    return jsonify({"catalog_version": catalog.version, "site": shapes.site_detail(_published_site(site_id), catalog)})


@bp.get("/tours")
def tours():
    catalog = get_catalog()
    return jsonify({"catalog_version": catalog.version,
                    "tours": [shapes.tour_json(t, catalog) for t in catalog.published_tours]})


@bp.get("/tours/<tour_id>")
def tour(tour_id: str):
    catalog = get_catalog()
    t = catalog.public_tour(tour_id)
    if t is None:
        raise ApiError(404)
    return jsonify({"catalog_version": catalog.version, "tour": shapes.tour_json(t, catalog, detail=True)})


@bp.post("/plan")
@niced_view
def plan():
    rate_limit().check(request.remote_addr or "")
    fields = json_object(NAMES)
    outcome = run_plan(fields)
    if outcome.error is not None:
        raise ApiError(422, None, outcome.error.as_api(current_lang()))
    return jsonify(shapes.plan_json(outcome))


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(openapi.document())
