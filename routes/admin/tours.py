"""Curated tours: list, create, edit (reorder stops), publish."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from catalog import edit, itemtext
from catalog.problems import CatalogError
from catalog.store import VersionConflict
from web.admin import saving, tour_form
from web.admin import conflict, stale
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
    attempt = stale.first(request.form, tour_form, tour_id)
    index = changes = None
    try:
        last = None
        for _round in range(3):  # a merged save can meet yet another save: merge again, a few times
            try:
                d = saving.draft(attempt.base_version, lambda doc: edit.put(doc, "tours", tour_id, attempt.values),
                                 item=("tours", tour_id) if tour_id else None)
                index, changes = d.result
                if changes:
                    saving.commit(d, attempt.base_version, _("Tour “%(name)s”: %(fields)s",
                                                             name=(attempt.values.get("name") or {}).get(current_lang())
                                                             or attempt.values.get("id"), fields=field_list(changes))[:400],
                                  target=str(attempt.values.get("id")))
                break
            except VersionConflict as exc:
                if tour_id is None:
                    flash(_("Someone else saved the catalog in the meantime. Check your new tour and save again."),
                          "error")
                    return _render(None, attempt.mine, exc.current, [], 409)
                nxt = stale.after_conflict(exc, attempt, "tours", tour_id, tour_form)
                if isinstance(nxt, conflict.Merge):
                    return stale.page("tour", tour_id, nxt, exc.current, action)
                attempt, last = nxt, exc
        else:
            raise last
    except VersionConflict as exc:
        return stale.page("tour", str(tour_id), conflict.merge(None, attempt.mine, conflict.item_fields(
            exc.current_data, "tours", str(tour_id), tour_form.fields_from_values)), exc.current, action)
    except edit.NotFound:
        abort(404)
    except CatalogError as exc:
        return _render(tour_id, attempt.mine, attempt.base_version, exc.problems, 422, index=index,
                       base_fields=attempt.base_fields)
    if not changes and not attempt.taken:
        flash(_("Nothing changed."))
    elif attempt.taken:
        flash(_("Saved. Someone else saved this tour meanwhile; their changes are kept too: %(fields)s",
                fields=", ".join(stale.labels(attempt.taken))))
    else:
        flash(_("Saved."))
    return redirect(url_for("admin.tour_edit", tour_id=attempt.values["id"]), 303)
