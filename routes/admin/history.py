"""Revision history: every save with who, when and a summary; a diff between any two; restore (admin)."""
from __future__ import annotations

from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from catalog.problems import CatalogError
from catalog.store import VersionConflict
from storage.revisions import diff_lines
from web.admin import saving
from web.auth import requires
from web.field_labels import problem_text

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
    rev, data = _revision_or_404(rev_id)
    return render_template("admin/revision.html", rev=rev, text=data.decode("utf-8", "replace"),
                           current=saving.current()[1])


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
