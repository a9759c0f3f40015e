"""Sites: the list with search, status and data-quality flags; create, edit, preview, archive, restore."""
from __future__ import annotations

from functools import partial

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from catalog import edit, itemtext
from catalog.loader import load_bytes
from catalog.problems import CatalogError
from catalog.search import matches
from catalog.store import VersionConflict
from web.maps import leaflet_assets
from web.platform import clock
from web.admin import saving, site_form
from web.admin import conflict, stale
from web.admin.site_list import FLAGS, site_rows
from web.admin.views import form_errors
from web.admin.position import position_facts
from web.platform.auth import requires
from web.admin.staff_words import field_list, problem_text
from web.platform.i18n import current_lang
from web.platform.live_catalog import get_catalog, get_source

from . import bp


@bp.get("/")
@requires("editor")
def index():
    catalog = get_catalog()
    query, status = request.args.get("q", "").strip()[:100], request.args.get("status", "")
    sites = [s for s in catalog.sites if (not query or matches(s, query)) and (not status or s.status.value == status)]
    return render_template("admin/index.html", rows=site_rows(sites, clock.today()), query=query, status=status,
                           problems=get_source().problems, total=len(catalog.sites), flag_labels=FLAGS)


def _render_form(site_id: str | None, fields: dict, base_version: str, problems=(), status: int = 200,
                 index: int | None = None, base_fields: dict | None = None):
    errors, general = form_errors(problems, "sites", index, fields, site_form.field_for)
    catalog = get_catalog()
    return render_template("admin/site_form.html", site_id=site_id, f=fields, base_version=base_version,
                           base_fields=conflict.encode(base_fields) if site_id and base_fields else "",
                           errors=errors, general=general, catalog=catalog, position=position_facts(fields),
                           leaflet_tags=leaflet_assets.tags((leaflet_assets.LEAFLET_CSS,),
                                                            (leaflet_assets.LEAFLET_JS,)),
                           theme_options=[(t.id, t.name.get(current_lang())) for t in catalog.themes],
                           source_options=[(k, " · ".join(filter(None, (v.title, v.publisher, v.date))))
                                           for k, v in catalog.sources.items()]), status


def _load_current(site_id: str):
    data, version = saving.current()
    try:
        doc = itemtext.parsed(data, version).plain  # cached per version: the next save reuses this parse
    except CatalogError as exc:
        return None, version, exc.problems
    try:
        _, node = edit.find(doc, "sites", site_id)
    except edit.NotFound:
        abort(404)
    return node, version, []


@bp.get("/sites/<site_id>")
@requires("editor")
def site_edit(site_id: str):
    node, version, problems = _load_current(site_id)
    if node is None:
        return render_template("admin/broken.html", problems=problems), 503
    fields = site_form.fields_from_values(node)
    return _render_form(site_id, fields, version, base_fields=fields)


@bp.get("/sites/new")
@requires("editor")
def site_new():
    blank = {"status": "draft", "location": {"datum": "gcj02", "precision": "estimate"},
             "provenance": {"confidence": "low"}, "visit_minutes": 60, "score": 5}
    return _render_form(None, site_form.fields_from_values(blank), saving.current()[1])


@bp.post("/sites/new")
@requires("editor")
def site_create():
    values = site_form.values_from_form(request.form)
    base = request.form.get("base_version", "")
    fields = site_form.fields_from_values(values)
    index = None
    try:
        d = saving.draft(base, lambda doc: edit.put(doc, "sites", None, values))
        index = d.result[0]
        saving.commit(d.data, base, _("New site %(id)s", id=values.get("id")), target=str(values.get("id")))
    except VersionConflict as exc:
        # Someone saved meanwhile. A new site has no field of theirs to clash with: show it again on top of
        # the current version, so one more click saves it.
        flash(_("Someone else saved the catalog in the meantime. Check your new site and save again."), "error")
        return _render_form(None, fields, exc.current, [], 409)
    except CatalogError as exc:
        return _render_form(None, fields, base, exc.problems, 422, index=index)
    flash(_("Saved."))
    return redirect(url_for("admin.site_edit", site_id=values["id"]), 303)


@bp.post("/sites/<site_id>")
@requires("editor")
def site_save(site_id: str):
    action = url_for("admin.site_save", site_id=site_id)
    waiting = stale.unanswered(request.form, "site", site_id, action)
    if waiting is not None:
        return waiting

    def describe(attempt: stale.Attempt, changes: list) -> tuple[str, str]:
        name = (attempt.values.get("name") or {}).get(current_lang()) or site_id
        return _("Site “%(name)s”: %(fields)s", name=name, fields=field_list(changes)), site_id

    try:
        saved = stale.save_item(stale.first(request.form, site_form, site_id), "sites", site_id, site_form, describe,
                                kind="site", action=action)
    except edit.NotFound:
        abort(404)
    refused = saved.refused(partial(_render_form, site_id))
    if refused is not None:
        return refused
    stale.flash_saved(saved, lambda fields: _("Saved. Someone else saved this site meanwhile; their changes are kept "
                                              "too: %(fields)s", fields=fields),
                      _("Saved. The public page shows the change now."))
    return redirect(url_for("admin.site_edit", site_id=site_id), 303)


@bp.post("/sites/<site_id>/archive")
@requires("editor")
def site_archive(site_id: str):
    return _set_status(site_id, "archived", "archive", _("Archived %(id)s", id=site_id))


@bp.post("/sites/<site_id>/unarchive")
@requires("editor")
def site_unarchive(site_id: str):
    return _set_status(site_id, "draft", "unarchive", _("Restored %(id)s from the archive (as a draft)", id=site_id))


def _set_status(site_id: str, status: str, action: str, summary: str):
    base = request.form.get("base_version", "")
    try:
        d = saving.draft(base, lambda doc: edit.set_status(doc, "sites", site_id, status), item=("sites", site_id))
        saving.commit(d, base, summary, action=action, target=site_id)
    except edit.NotFound:
        abort(404)
    except VersionConflict:
        flash(_("Someone else saved the catalog in the meantime. Check the site, then try again."), "error")
    except CatalogError as exc:
        flash("; ".join(problem_text(p) for p in exc.problems[:5]), "error")
    else:
        flash(summary)
    return redirect(url_for("admin.site_edit", site_id=site_id), 303)


@bp.post("/sites/<site_id>/preview")
@requires("editor")
def site_preview(site_id: str):
    """The public page as it would look with this form's values; nothing is saved."""
    from catalog.source import parse_snapshot
    from planner.calendar import week
    from web.maps.site_maps import sites_map
    from web.public.site_view import site_facts

    values = site_form.values_from_form(request.form)
    values["id"] = site_id
    try:
        d = saving.draft(saving.current()[1], lambda doc: edit.put(doc, "sites", site_id, values))
        catalog = parse_snapshot(d.data).catalog
    except edit.NotFound:
        abort(404)
    except CatalogError as exc:
        return _render_form(site_id, site_form.fields_from_values(values), request.form.get("base_version", ""),
                            exc.problems, 422, index=edit.find(load_bytes(saving.current()[0]), "sites", site_id)[0])
    site = catalog.site(site_id)
    days = week(site, clock.today(), 7, catalog.calendar, clock.today())
    rendered, entries = sites_map(catalog, [site], height_px=320)
    return render_template("admin/preview.html", catalog=catalog, site=site, days=days,
                           facts=site_facts(site, catalog), map=rendered, map_entries=entries)
