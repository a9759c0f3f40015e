"""Curated tours: list, create, edit (reorder stops), publish."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from catalog import edit
from catalog.loader import load_bytes
from catalog.problems import CatalogError
from catalog.store import VersionConflict
from web.admin import saving, tour_form
from web.admin.conflict import compare
from web.admin.views import form_errors
from web.auth import requires
from web.field_labels import STATUS, field_list
from web.i18n import current_lang
from web.live_catalog import get_catalog

from . import bp


@bp.get("/tours")
@requires("editor")
def tours():
    return render_template("admin/tours.html", tours=get_catalog().tours)


def _render(tour_id: str | None, fields: dict, base: str, problems=(), status: int = 200, index: int | None = None):
    errors, general = form_errors(problems, "tours", index, fields, tour_form.field_for)
    catalog, lang = get_catalog(), current_lang()
    return render_template(
        "admin/tour_form.html", tour_id=tour_id, f=fields, base_version=base, errors=errors, general=general,
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
        _, node = edit.find(load_bytes(data), "tours", tour_id)
    except CatalogError as exc:
        return render_template("admin/broken.html", problems=exc.problems), 503
    except edit.NotFound:
        abort(404)
    return _render(tour_id, tour_form.fields_from_values(node), version)


@bp.post("/tours/new", endpoint="tour_create")
@bp.post("/tours/<tour_id>")
@requires("editor")
def tour_save(tour_id: str | None = None):
    values = tour_form.values_from_form(request.form)
    if tour_id:
        values["id"] = tour_id
    base = request.form.get("base_version", "")
    mine = tour_form.fields_from_values(values)
    index = None
    try:
        d = saving.draft(base, lambda doc: edit.put(doc, "tours", tour_id, values))
        index, changes = d.result
        if not changes:
            flash(_("Nothing changed."))
        else:
            saving.commit(d.data, base, _("Tour “%(name)s”: %(fields)s", name=(values.get("name") or {}).get(current_lang())
                                          or values.get("id"), fields=field_list(changes))[:400],
                          target=str(values.get("id")))
            flash(_("Saved."))
    except VersionConflict as exc:
        if tour_id is None:
            flash(_("Someone else saved the catalog in the meantime. Check your new tour and save again."), "error")
            return _render(None, mine, exc.current, [], 409)
        diffs, theirs = compare(exc, "tours", tour_id, mine, tour_form.fields_from_values)
        return render_template("admin/conflict.html", kind="tour", item_id=tour_id, diffs=diffs, mine=mine,
                               exists=theirs is not None, current_version=exc.current,
                               action=url_for("admin.tour_save", tour_id=tour_id)), 409
    except edit.NotFound:
        abort(404)
    except CatalogError as exc:
        return _render(tour_id, mine, base, exc.problems, 422, index=index)
    return redirect(url_for("admin.tour_edit", tour_id=values["id"]), 303)
