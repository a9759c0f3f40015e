"""The verification queue (待核实): every assumed or unconfirmed fact per site; confirming one records its source,
who and when in the catalog, through the safe save path (lock, version check, atomic write, revision)."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from catalog import edit, verification
from catalog.problems import CatalogError
from catalog.store import VersionConflict
from web.platform import clock
from web.admin import saving
from web.platform.auth import current_user, requires
from web.platform.i18n import current_lang
from web.platform.live_catalog import get_catalog

from . import bp

FACT_LABELS = {
    "existence": _l("Site exists and is open to visitors"), "location": _l("Position"),
    "hours": _l("Opening hours"), "tour_slots": _l("Guided tour times"), "booking": _l("Booking"),
    "price": _l("Price"), "accessibility": _l("Accessibility"),
}
STATE_LABELS = {"assumed": _l("Assumed"), "unverified": _l("From public reports, not confirmed"),
                "verified": _l("Verified")}


@bp.app_context_processor
def _verification_summary():
    def summary() -> tuple[int, int]:
        return verification.counts(get_catalog())

    return {"verification_summary": summary}


@bp.get("/verify", endpoint="verify_queue")
@requires("editor")
def queue():
    catalog = get_catalog()
    # No per-site visit counts are kept (channel counts are per campaign), so the planning score stands in for
    # how much a site is visited.
    items = verification.queue(catalog)
    done, total = verification.counts(catalog)
    return render_template("admin/verify.html", items=items, done=done, total=total, facts=FACT_LABELS,
                           states=STATE_LABELS, sources=sorted(catalog.sources.items()),
                           today=clock.today().isoformat(), me=current_user().name, version=catalog.version)


@bp.post("/verify/<site_id>/<fact>", endpoint="verify_fact")
@requires("editor")
def verify_fact(site_id: str, fact: str):
    if fact not in verification.FACTS:
        abort(404)
    catalog = get_catalog()
    site = catalog.site(site_id) if any(s.id == site_id for s in catalog.sites) else None
    if site is None:
        abort(404)
    source = request.form.get("source", "").strip()[:300]
    by = request.form.get("by", "").strip()[:80]
    try:
        on = date.fromisoformat(request.form.get("on", ""))
    except ValueError:
        on = None
    if not source or not by or on is None or on > clock.today():
        flash(_("Not saved: give the source, who checked it and the date (not in the future), then try again."),
              "error")
        return redirect(url_for("admin.verify_queue") + f"#site-{site_id}", 303)

    def change(doc):
        _, node = edit.find(doc, "sites", site_id)
        verification.mark(node, fact, source, by, on)
        verification.settle_last_verified(node, site, fact, on)

    name = site.name.get("zh")
    try:
        draft = saving.draft(request.form.get("base_version", ""), change)
        saving.commit(draft.data, draft.base_version,
                      _("Verified %(fact)s of %(site)s (source: %(source)s; by %(by)s, %(on)s)",
                        fact=FACT_LABELS[fact], site=name, source=source, by=by, on=on.isoformat())[:400],
                      action="verify", target=site_id)
    except VersionConflict:
        flash(_("Someone else saved the catalog in the meantime: the list below is fresh, please confirm again."),
              "error")
        return redirect(url_for("admin.verify_queue") + f"#site-{site_id}", 303)
    except verification.CannotVerify:
        flash(_("An estimated position cannot be confirmed as it is: set the surveyed position in the site editor "
                "first."), "error")
        return redirect(url_for("admin.site_edit", site_id=site_id), 303)
    except CatalogError as exc:
        return render_template("admin/broken.html", problems=exc.problems), 503
    flash(_("Verified: %(fact)s of %(site)s.", fact=FACT_LABELS[fact], site=site.name.get(current_lang())))
    return redirect(url_for("admin.verify_queue") + f"#site-{site_id}", 303)
