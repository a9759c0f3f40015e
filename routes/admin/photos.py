"""Photos of a site or a tour: upload (drag and drop or a file field), reorder, pick the cover, caption, remove.

Every change goes through the catalog's save path (saving.draft/commit), so it is a revision like any text
edit: a removal is undone by restoring the revision before it. Image files are never deleted.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext

from catalog import edit
from catalog.loader import load_bytes
from catalog.problems import CatalogError
from catalog.store import VersionConflict
from storage.photos import MAX_BYTES, PhotoRefused
from web.admin import photo_form, saving
from web.platform.auth import requires
from web.platform.i18n import current_lang
from web.platform.live_catalog import get_catalog
from web.public.photo_view import photo_store, stored

from . import bp

SECTIONS = {"sites": "site", "tours": "tour"}
MAX_FILES = 10


def _item(section: str, item_id: str):
    catalog = get_catalog()
    item = catalog.site(item_id) if section == "sites" else catalog.tour(item_id)
    if item is None:
        abort(404)
    return item


def _url(endpoint: str, section: str, item_id: str) -> str:
    return url_for(endpoint, section=section, **{("site_id" if section == "sites" else "tour_id"): item_id})


def _page(section: str, item_id: str):
    return _url("admin.photos", section, item_id)


# One view per action for sites and tours alike: ``section`` comes from the rule, the id from its URL.
def _rules(suffix: str, method: str):
    def register(view):
        for section, key in (("sites", "site_id"), ("tours", "tour_id")):
            bp.route(f"/{section}/<{key}>/photos{suffix}", methods=[method], defaults={"section": section})(view)
        return view
    return register


@_rules("", "GET")
@requires("editor")
def photos(section: str, site_id: str = "", tour_id: str = ""):
    item_id = site_id or tour_id
    item = _item(section, item_id)
    data, version = saving.current()
    try:
        _, node = edit.find(load_bytes(data), section, item_id)
    except CatalogError as exc:
        return render_template("admin/broken.html", problems=exc.problems), 503
    except edit.NotFound:
        abort(404)
    rows = [r | {"stored": stored(r["file"])} for r in photo_form.rows_from_node(node)]
    back = url_for("admin.site_edit", site_id=item_id) if section == "sites" else url_for("admin.tour_edit",
                                                                                         tour_id=item_id)
    return render_template("admin/photos.html", section=section, item=item, rows=rows, base_version=version,
                           back=back, max_mb=MAX_BYTES // 1_000_000, max_files=MAX_FILES,
                           upload_url=_url("admin.photos_upload", section, item_id),
                           save_url=_url("admin.photos_save", section, item_id))


def _save(section: str, item_id: str, base: str, change, summary: str) -> bool:
    """True when the change was written (False: nothing changed, or the reason was flashed)."""
    try:
        d = saving.draft(base, lambda doc: change(edit.find(doc, section, item_id)[1]))
        if not d.result:
            flash(_("Nothing changed."))
            return False
        saving.commit(d.data, base, summary[:400], target=item_id)
    except VersionConflict:
        flash(_("Someone else saved the catalog in the meantime. The page now shows their version: make your "
                "change again."), "error")
        return False
    except edit.NotFound:
        abort(404)
    except CatalogError as exc:
        flash(_("Not saved: %(problem)s", problem=exc.problems[0].text(current_lang())), "error")
        return False
    return True


@_rules("/upload", "POST")
@requires("editor")
def photos_upload(section: str, site_id: str = "", tour_id: str = ""):
    item_id = site_id or tour_id
    _item(section, item_id)
    files = [f for f in request.files.getlist("photos") if f and f.filename][:MAX_FILES + 1]
    if not files:
        flash(_("No photo was chosen. Drag photos onto the box or choose them with the button."), "error")
        return redirect(_page(section, item_id), 303)
    if len(files) > MAX_FILES:
        flash(_("At most %(n)d photos at a time. Upload the rest in a second go.", n=MAX_FILES), "error")
        return redirect(_page(section, item_id), 303)
    added, lang = [], current_lang()
    for f in files:
        try:
            added.append(photo_store().add(f.stream.read(MAX_BYTES + 1)).file)
        except PhotoRefused as exc:
            flash(f"{f.filename[:80]}: {exc.message(lang)}", "error")

    def append(node) -> list[str]:
        have = [str(p.get("file")) for p in node.get("photos") or []]
        new = [{"file": file} for file in dict.fromkeys(added) if file not in have]
        if not new:
            return []
        rows = photo_form.rows_from_node(node)
        return edit.merge(node, {"photos": (photo_form.values_from_rows(rows) or []) + new}, partial=True)

    have = {p.file for p in _item(section, item_id).photos}
    if added and set(added) <= have:
        flash(_("These photos are already on the list below."))
        return redirect(_page(section, item_id), 303)
    if added:
        # Adding is an append: based on the file as it is now, so a save by someone else does not get in the way.
        summary = _("Photos of %(id)s: %(n)d added", id=item_id, n=len(added))
        if _save(section, item_id, saving.current()[1], append, summary):
            flash(ngettext("%(num)d photo added. Add a caption and the photographer's name below.",
                           "%(num)d photos added. Add captions and the photographers' names below.", len(added)))
    return redirect(_page(section, item_id), 303)


@_rules("", "POST")
@requires("editor")
def photos_save(section: str, site_id: str = "", tour_id: str = ""):
    item_id = site_id or tour_id
    _item(section, item_id)
    rows = photo_form.rows_from_form(request.form)
    removed = len(request.form.getlist("remove"))
    summary = _("Photos of %(id)s: order, cover and captions", id=item_id)
    if removed:
        summary = _("Photos of %(id)s: %(n)d removed", id=item_id, n=removed)
    ok = _save(section, item_id, request.form.get("base_version", ""),
               lambda node: edit.merge(node, {"photos": photo_form.values_from_rows(rows)}, partial=True), summary)
    if ok and removed:
        flash(_("Photo removed. To bring it back, restore the previous revision under History."))
    elif ok:
        flash(_("Saved."))
    return redirect(_page(section, item_id), 303)
