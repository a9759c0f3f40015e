"""Curated tours: list, create, edit (reorder stops), publish."""
from __future__ import annotations

from functools import partial

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from catalog import edit, itemtext
from catalog.problems import CatalogError
from web.admin import saving, tour_form
from web.admin import conflict, stale
from web.admin.views import form_errors
from web.platform.auth import requires
from web.admin.staff_words import STATUS, field_list
from web.platform.i18n import current_lang
from web.platform.live_catalog import get_catalog

from . import bp


@bp.get("/tours")
@requires("editor")
def tours():
    return render_template("admin/tours.html", tours=get_catalog().tours)


def _render(tour_id: str | None, fields: dict, base: str, problems=(), status: int = 200, index: int | None = None,
            base_fields: dict | None = None):
    errors, general = form_errors(problems, "tours", index, fields, tour_form.field_for)
    catalog, lang = get_catalog(), current_lang()
    return render_template(
        "admin/tour_form.html", tour_id=tour_id, f=fields, base_version=base, errors=errors, general=general,
        base_fields=conflict.encode(base_fields) if tour_id and base_fields else "",
        stop_count=sum(1 for k in fields if k.endswith(".site")),
        site_options=[(s.id, f"{s.name.get(lang)}（{STATUS[s.status.value]}）" if lang == "zh"
                       else f"{s.name.get(lang)} ({STATUS[s.status.value]})") for s in catalog.sites],
        theme_options=[(t.id, t.name.get(lang)) for t in catalog.themes],
        start_options=[(p.id, p.name.get(lang)) for p in catalog.start_points]), status


@bp.get("/tours/new")
@requires("editor")
def tour_new():
    return _render(None, tour_form.fields_from_values({"status": "draft"}), saving.current()[1])


@bp.get("/tours/<tour_id>")
@requires("editor")
def tour_edit(tour_id: str):
    data, version = saving.current()
    try:
        _, node = edit.find(itemtext.parsed(data, version).plain, "tours", tour_id)
    except CatalogError as exc:
        return render_template("admin/broken.html", problems=exc.problems), 503
    except edit.NotFound:
        abort(404)
    fields = tour_form.fields_from_values(node)
    return _render(tour_id, fields, version, base_fields=fields)


@bp.post("/tours/new", endpoint="tour_create")
@bp.post("/tours/<tour_id>")
@requires("editor")
def tour_save(tour_id: str | None = None):
    action = url_for("admin.tour_save", tour_id=tour_id) if tour_id else url_for("admin.tour_create")
    waiting = stale.unanswered(request.form, "tour", tour_id or "", action) if tour_id else None
    if waiting is not None:
        return waiting

    def describe(attempt: stale.Attempt, changes: list) -> tuple[str, str]:
        name = (attempt.values.get("name") or {}).get(current_lang()) or attempt.values.get("id")
        return _("Tour “%(name)s”: %(fields)s", name=name, fields=field_list(changes)), str(attempt.values.get("id"))

    try:
        saved = stale.save_item(stale.first(request.form, tour_form, tour_id), "tours", tour_id, tour_form, describe,
                                kind="tour", action=action)
    except edit.NotFound:
        abort(404)
    if saved.conflict is not None:  # a new tour: nothing to merge with
        flash(_("Someone else saved the catalog in the meantime. Check your new tour and save again."), "error")
        return _render(None, saved.attempt.mine, saved.conflict.current, [], 409)
    refused = saved.refused(partial(_render, tour_id))
    if refused is not None:
        return refused
    stale.flash_saved(saved, lambda fields: _("Saved. Someone else saved this tour meanwhile; their changes are kept "
                                              "too: %(fields)s", fields=fields), _("Saved."))
    return redirect(url_for("admin.tour_edit", tour_id=saved.attempt.values["id"]), 303)
