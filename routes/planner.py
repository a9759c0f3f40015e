"""The trip planner for visitors: the form, the planned trip, its day sheet, exports and QR code.

Thin: fields from the query string -> ``web.plan.service.plan`` -> a template or a file. The query
string is the whole request (the permalink); nothing is stored between requests.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request

from planner import adjust
from planner.field_errors import FieldErrors
from promote import qr
from web.plan import downloads
from web.platform import clock
from web.plan.handoff import for_request
from web.platform.heavy_work import niced_view
from web.platform.i18n import current_lang
from web.platform.live_catalog import get_catalog
from web.plan.holiday_words import not_published
from web.plan.form import default_start, form_view, holiday_marks, options, unpublished_years
from web.plan.service import Outcome, fields_from_args, has_trip_fields, permalink, plan as run_plan
from web.plan.view import add_must_url, alternative_links, day_views, pick_map, restore_url, warning_lines

bp = Blueprint("planner", __name__)


def _fields() -> tuple[dict[str, str], FieldErrors | None]:
    """The request's trip fields, a curated tour's filled in underneath; and any error about the tour."""
    fields = fields_from_args(request.args)
    tour_id = request.args.get("tour", "").strip()
    if not tour_id:
        return fields, None
    catalog = get_catalog()
    tour = catalog.public_tour(tour_id)
    if tour is None:
        return fields, FieldErrors({"tour": ("unknown_tour", {"id": tour_id[:40]})})
    return {**adjust.tour_params(tour, catalog, clock.today()), **fields}, None


def _form_page(fields: dict, errors: dict, status: int, outcome: Outcome | None = None):
    catalog = get_catalog()
    today = clock.today()
    form = form_view(fields, today, errors, default_start(catalog))
    return render_template("planner/plan.html", catalog=catalog, form=form,
                           opts=options(catalog), holidays=holiday_marks(catalog, today), outcome=outcome,
                           unpublished=not_published(unpublished_years(catalog, today)),
                           result=None, pick_map=pick_map(catalog)), status


def _planned():
    """(outcome, None) for a planned trip, or (None, the form page with errors)."""
    fields, error = _fields()
    outcome = None if error else run_plan(fields)
    error = error or outcome.error
    if error is not None:
        return None, _form_page(fields, error.messages(current_lang()), 400, outcome)
    return outcome, None


@bp.get("/plan")
@niced_view
def plan():
    if not has_trip_fields(request.args) and "tour" not in request.args:
        return _form_page({}, {}, 200)
    outcome, failed = _planned()
    if failed:
        return failed
    it, catalog, req = outcome.itinerary, outcome.catalog, outcome.request
    handoff = for_request(outcome.request.mode)
    link = permalink(outcome.params, catalog.version)
    shown = request.args.get("v", "")
    result = {
        "itinerary": it, "days": day_views(it, req, catalog, handoff, clock.today()), "handoff": handoff,
        "permalink": link, "qr": qr.inline_svg(link), "changed": bool(shown) and shown != catalog.version,
        "add_urls": {s.site: add_must_url(req, catalog.version, s.site) for s in it.skipped},
        "restore_urls": {s.site: restore_url(req, catalog.version, s.site) for s in it.skipped
                         if s.reason.code == "excluded"},
        "links": downloads.links(outcome.params, catalog.version),
        "warnings": warning_lines(it.warnings, current_lang()),
        "alternatives": alternative_links(it, catalog.version),
    }
    today = clock.today()
    return render_template("planner/plan.html", catalog=catalog, outcome=outcome, result=result,
                           form=form_view(outcome.params, today), opts=options(catalog),
                           holidays=holiday_marks(catalog, today),
                           unpublished=not_published(unpublished_years(catalog, today)))


@bp.get("/plan/print")
def print_sheet():
    outcome, failed = _planned()
    if failed:
        return failed
    catalog = outcome.catalog
    link = permalink(outcome.params, catalog.version)
    days = day_views(outcome.itinerary, outcome.request, catalog, for_request(outcome.request.mode), clock.today(), with_map=False,
                     with_sketch=True)
    return render_template("planner/print.html", catalog=catalog, outcome=outcome, days=days, permalink=link,
                           qr=qr.inline_svg(link), qr_of=qr.inline_svg,
                           warnings=warning_lines(outcome.itinerary.warnings, current_lang()),
                           alternatives=alternative_links(outcome.itinerary, catalog.version))


@bp.get("/plan/export.<fmt>")
def export(fmt: str):
    if fmt not in downloads.FORMATS:
        abort(404)
    outcome, failed = _planned()
    if failed:
        return failed
    return downloads.response(fmt, outcome, permalink(outcome.params, outcome.catalog.version))


@bp.get("/plan/qr.<fmt>")
def qr_code(fmt: str):
    if fmt not in ("svg", "png"):
        abort(404)
    outcome, failed = _planned()
    if failed:
        return failed
    link = permalink(outcome.params, outcome.catalog.version)
    if fmt == "svg":
        body, mimetype = qr.svg(link), "image/svg+xml"
    else:
        body, mimetype = qr.png(link), "image/png"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'inline; filename="{downloads.filename(outcome, "qr", fmt)}"',
        "Cache-Control": "public, max-age=3600"})
