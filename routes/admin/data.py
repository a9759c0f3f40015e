"""Import sites (CSV, GeoJSON) with a preview; export the catalog as YAML, CSV and GeoJSON."""
from __future__ import annotations

import base64
import json

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from catalog import interchange
from catalog.loader import load_bytes
from catalog.problems import CatalogError
from catalog.store import VersionConflict
from geo.datum import to_datum
from web.admin import import_template, importing, saving
from web.platform.auth import requires

from . import bp

FORMATS = ("table", "csv", "xlsx", "geojson")  # csv and xlsx: old names of "table", still accepted


@bp.get("/data")
@requires("editor")
def data():
    return render_template("admin/data.html", clear_marker=import_template.CLEAR_MARKER, import_help=import_template.instructions())


def _download(body: str | bytes, mimetype: str, name: str) -> Response:
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/export/sites.yaml")
@requires("editor")
def export_yaml():
    return _download(saving.current()[0], "application/yaml; charset=utf-8", "sites.yaml")


@bp.get("/export/sites.csv")
@requires("editor")
def export_csv():
    doc = load_bytes(saving.current()[0])
    return _download("\ufeff" + interchange.export_csv(doc), "text/csv; charset=utf-8", "sites.csv")


@bp.get("/export/sites.geojson")
@requires("editor")
def export_geojson():
    doc = load_bytes(saving.current()[0])
    body = interchange.export_geojson(doc, lambda lat, lon, d: to_datum(lat, lon, d, "wgs84"))
    return _download(json.dumps(body, ensure_ascii=False, indent=1), "application/geo+json", "sites.geojson")


def _upload() -> tuple[bytes, str]:
    if "payload" in request.form:  # the preview page sends the upload back for "apply"
        return base64.b64decode(request.form["payload"].encode("ascii"), validate=True), request.form.get("format", "")
    file = request.files.get("file")
    raw = file.read(importing.MAX_UPLOAD + 1) if file else b""
    named_json = bool(file and (file.filename or "").lower().endswith("json"))
    fmt = request.form.get("format") or ("geojson" if named_json else "table")
    return raw, fmt


@bp.post("/import")
@requires("editor")
def import_preview():
    raw, fmt = _upload()
    if fmt not in FORMATS or not raw:
        return render_template("admin/data.html", clear_marker=import_template.CLEAR_MARKER, import_help=import_template.instructions(),
                               error=_("Choose a file: Excel (.xlsx), CSV or GeoJSON.")), 400
    current, version = saving.current()
    try:
        rows, file_problems = importing.parse_upload(raw, fmt, current)
        previews, general, new = importing.preview(current, rows)
    except importing.UploadError as exc:
        return render_template("admin/data.html", clear_marker=import_template.CLEAR_MARKER, import_help=import_template.instructions(),
                               error=_("This file cannot be imported: %(why)s", why=str(exc))), 422
    except CatalogError as exc:
        return render_template("admin/broken.html", problems=exc.problems), 503
    return render_template("admin/import_preview.html", previews=previews, general=file_problems + general, fmt=fmt,
                           payload=base64.b64encode(raw).decode("ascii"), base_version=version,
                           applicable=sum(p.action in ("new", "update") for p in previews))


@bp.post("/import/apply")
@requires("editor")
def import_apply():
    raw, fmt = _upload()
    base = request.form.get("base_version", "")
    current, version = saving.current()
    try:
        if version != base:
            raise VersionConflict(base, version, current)
        previews, _general, new = importing.build(current, importing.parse_upload(raw, fmt, current)[0])
        applied = [p for p in previews if p.action in ("new", "update")]
        if applied:
            saving.commit(new, base, _("Import of %(n)d sites: %(names)s", n=len(applied),
                                       names="、".join(p.name or p.id for p in applied))[:400], action="import")
    except VersionConflict:
        flash(_("Someone else saved the catalog in the meantime. Upload the file again to see a fresh preview."),
              "error")
        return redirect(url_for("admin.data"), 303)
    except (importing.UploadError, CatalogError, ValueError) as exc:
        flash(_("Nothing was imported: %(why)s", why=str(exc)[:300]), "error")
        return redirect(url_for("admin.data"), 303)
    flash(_("Imported %(n)d sites; %(skipped)d rows skipped.", n=len(applied), skipped=len(previews) - len(applied)))
    return redirect(url_for("admin.index"), 303)


@bp.get("/import/template.<fmt>")
@requires("editor")
def import_template_file(fmt: str):
    if fmt == "xlsx":
        return _download(import_template.xlsx(), import_template.XLSX_TYPE, "sites-template.xlsx")
    if fmt == "csv":
        return _download(import_template.csv_text(), "text/csv; charset=utf-8", "sites-template.csv")
    abort(404)
