"""Revision history: every save with who, when and a summary; a diff between any two; restore (admin)."""
from __future__ import annotations

from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from catalog.problems import CatalogError
from catalog.store import VersionConflict
from storage.revisions import diff_lines
from web.admin import saving
from web.platform.auth import requires
from web.admin.staff_words import field_list, problem_text
from web.platform.i18n import current_lang

from . import bp

PAGE = 50


@bp.app_template_filter("when")
def _when(ts: float) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S")


@bp.get("/revisions")
@requires("editor")
def revisions():
    log = saving.revision_log()
    page = max(0, request.args.get("page", 0, type=int))
    _, current = saving.current()
    return render_template("admin/revisions.html", revisions=log.recent(PAGE, page * PAGE), page=page,
                           more=log.count() > (page + 1) * PAGE, current=current)


@bp.get("/revisions/diff")
@requires("editor")
def revision_diff():
    log = saving.revision_log()
    a, b = log.get(request.args.get("a", 0, type=int)), log.get(request.args.get("b", 0, type=int))
    if a is None or b is None:
        abort(404)
    old, new = log.data(a.version), log.data(b.version)
    if old is None or new is None:
        abort(404)
    lines = diff_lines(old, new, f"#{a.id} {a.version}", f"#{b.id} {b.version}")
    return render_template("admin/diff.html", a=a, b=b, lines=lines)


def _revision_or_404(rev_id: int):
    log = saving.revision_log()
    rev = log.get(rev_id)
    data = log.data(rev.version) if rev else None
    if rev is None or data is None:
        abort(404)
    return rev, data


@bp.get("/revisions/<int:rev_id>")
@requires("editor")
def revision_show(rev_id: int):
    from catalog import itemtext
    from catalog.loader import load_bytes
    from catalog.yamltext import same_data

    rev, data = _revision_or_404(rev_id)
    current, version = saving.current()
    try:
        then = {s.get("id"): s for s in load_bytes(data).get("sites") or [] if isinstance(s, dict)}
        now = {s.get("id"): s for s in itemtext.parsed(current, version).plain.get("sites") or []
               if isinstance(s, dict)}
    except CatalogError:
        then, now = {}, {}
    differing = [(k, (v.get("name") or {}).get("zh") or k) for k, v in then.items()
                 if k in now and not same_data(v, now[k])]
    from web.admin.changes import between

    log = saving.revision_log()
    parent = log.data(rev.parent) if rev.parent else None
    return render_template("admin/revision.html", rev=rev, text=data.decode("utf-8", "replace"),
                           current=version, differing=differing, changes=between(parent, data) if parent else None)


@bp.get("/revisions/<int:rev_id>/restore")
@requires("admin")
def revision_restore_confirm(rev_id: int):
    """What a whole-catalog restore would undo, before it is done."""
    return _restore_all_page(rev_id)


def _restore_all_page(rev_id: int):
    from catalog import itemtext
    from catalog.loader import load_bytes
    from catalog.yamltext import same_data

    rev, data = _revision_or_404(rev_id)
    current, version = saving.current()
    then = {s.get("id"): s for s in load_bytes(data).get("sites") or [] if isinstance(s, dict)}
    now = {s.get("id"): s for s in itemtext.parsed(current, version).plain.get("sites") or [] if isinstance(s, dict)}
    name = lambda s: (s.get("name") or {}).get("zh") or s.get("id")  # noqa: E731
    changed = [name(now[k]) for k, v in then.items() if k in now and not same_data(v, now[k])]
    return render_template("admin/restore_all.html", rev=rev, current=version, changed=changed,
                           added=[name(v) for k, v in now.items() if k not in then],
                           back=[name(v) for k, v in then.items() if k not in now])


@bp.post("/revisions/<int:rev_id>/restore")
@requires("admin")
def revision_restore(rev_id: int):
    """Write an old version back, as a new revision (history is never rewritten)."""
    rev, data = _revision_or_404(rev_id)
    base = request.form.get("base_version", "")
    try:
        saving.commit(data, base, _("Restored revision #%(id)d (%(version)s)", id=rev.id, version=rev.version),
                      action="restore", target=f"#{rev.id}")
    except VersionConflict:
        flash(_("Someone else saved the catalog in the meantime. Check the history, then restore again."), "error")
    except CatalogError as exc:
        flash(_("That revision is not a valid catalog any more: %(problem)s", problem=problem_text(exc.problems[0])), "error")
    else:
        flash(_("Revision #%(id)d restored.", id=rev.id))
    return redirect(url_for("admin.revisions"), 303)


def _site_restore_facts(rev_id: int, site_id: str):
    """(revision, the site's values in it, the rows restoring could change, current version)."""
    from catalog import edit, itemtext
    from catalog.loader import load_bytes
    from web.admin import restore_fields

    rev, data = _revision_or_404(rev_id)
    try:
        _, old = edit.find(load_bytes(data), "sites", site_id)
    except (edit.NotFound, CatalogError):
        abort(404)
    current, version = saving.current()
    try:
        _, now = edit.find(itemtext.parsed(current, version).plain, "sites", site_id)
    except edit.NotFound:
        abort(404)  # restoring a deleted site is a whole-catalog restore (admin)
    return rev, old, restore_fields.rows(now, old), version


def _site_restore_page(rev_id: int, site_id: str, problem: str = "", status: int = 200):
    rev, _old, rows, version = _site_restore_facts(rev_id, site_id)
    chosen = set(request.form.getlist("field")) if request.method == "POST" else set()
    return render_template("admin/restore_site.html", rev=rev, site_id=site_id, rows=rows, current=version,
                           problem=problem, chosen=chosen), status


@bp.get("/revisions/<int:rev_id>/sites/<site_id>/restore")
@requires("editor")
def site_restore_confirm(rev_id: int, site_id: str):
    return _site_restore_page(rev_id, site_id)


@bp.post("/revisions/<int:rev_id>/sites/<site_id>/restore")
@requires("editor")
def site_restore(rev_id: int, site_id: str):
    """The fields the editor chose, as they were in a revision; every other field and site keeps its later edits."""
    from catalog import edit
    from web.admin import restore_fields

    rev, old, rows, _version = _site_restore_facts(rev_id, site_id)
    offered = [path for path, *_rest in rows]
    one = request.form.get("only", "")
    paths = offered if request.form.get("all") else [one] if one else request.form.getlist("field")
    if not paths or any(p not in offered for p in paths):
        return _site_restore_page(rev_id, site_id, _("Tick the fields to restore (or choose “Restore all listed "
                                                      "fields”), then confirm again."), 400)
    values = restore_fields.values(old, paths)
    site_name = (old.get("name") or {}).get(current_lang()) or (old.get("name") or {}).get("zh") or site_id
    base = request.form.get("base_version", "")
    try:
        d = saving.draft(base, lambda doc: edit.put(doc, "sites", site_id, values, partial=True),
                         item=("sites", site_id))
        if d.result[1]:
            saving.commit(d, base, _("Site “%(name)s”: %(fields)s restored from revision #%(rev)d", name=site_name,
                                     fields=field_list(paths), rev=rev.id)[:400], action="restore", target=site_id)
    except VersionConflict:
        flash(_("Someone else saved the catalog in the meantime. Check the changes, then restore again."), "error")
        return redirect(url_for("admin.site_restore_confirm", rev_id=rev_id, site_id=site_id), 303)
    except CatalogError as exc:
        flash(_("That revision is not a valid catalog any more: %(problem)s", problem=exc.problems[0].text()), "error")
        return redirect(url_for("admin.site_restore_confirm", rev_id=rev_id, site_id=site_id), 303)
    flash(_("Site “%(name)s”: %(n)d fields restored from revision #%(rev)d.", name=site_name, n=len(paths), rev=rev.id))
    return redirect(url_for("admin.site_edit", site_id=site_id), 303)
