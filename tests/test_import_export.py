"""Export the catalog as YAML, CSV and GeoJSON; import CSV or GeoJSON with a preview and per-row validation."""
import csv
import io
import json

import pytest

from tests.admin_helpers import csrf_from, form_values, site_ids


def _import(client, payload: bytes, fmt: str):
    token = csrf_from(client, "/admin/data")
    return client.post("/admin/import?lang=en", data={"csrf_token": token, "format": fmt,
                                                      "file": (io.BytesIO(payload), f"f.{fmt}")},
                       content_type="multipart/form-data")


def test_yaml_export_is_the_file(editor, catalog_file):
    """The YAML export is byte for byte the catalog file, comments included."""
    r = editor.get("/admin/export/sites.yaml")
    assert r.data == catalog_file.read_bytes() and "attachment" in r.headers["Content-Disposition"]


@pytest.mark.parametrize("fmt,path", [("csv", "/admin/export/sites.csv"), ("geojson", "/admin/export/sites.geojson")])
def test_export_then_import_changes_nothing(editor, catalog_file, fmt, path):
    """Importing what was just exported reports every row as unchanged and changes nothing."""
    exported = editor.get(path).data
    r = _import(editor, exported, fmt)
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert html.count("No change") == len(site_ids(catalog_file)) and "Nothing to apply" in html


def test_geojson_geometry_is_wgs84(editor, catalog_file):
    """GeoJSON points are WGS-84 (RFC 7946) even when the site was recorded in GCJ-02."""
    from catalog.source import read_catalog
    from geo.datum import to_datum

    site = read_catalog(catalog_file).catalog.sites[0]
    feature = json.loads(editor.get("/admin/export/sites.geojson").data)["features"][0]
    lon, lat = feature["geometry"]["coordinates"]
    want = to_datum(site.location.lat, site.location.lon, site.location.datum.value, "wgs84")
    assert abs(lat - want[0]) < 1e-6 and abs(lon - want[1]) < 1e-6
    assert feature["properties"]["location.datum"] == site.location.datum.value


def test_csv_update_preview_then_apply(app, editor, catalog_file):
    """A changed cell shows as an update, a bad row is flagged with its problem, and applying saves only the
    valid rows as one revision."""
    rows = list(csv.DictReader(io.StringIO(editor.get("/admin/export/sites.csv").data.decode("utf-8-sig"))))
    rows[0]["name.en"] = "Imported name"
    bad = dict(rows[0], id="bad-row", score="99")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows([rows[0], bad])
    r = _import(editor, out.getvalue().encode(), "csv")
    html = r.get_data(as_text=True)
    assert "Update" in html and "Name (English)" in html and "Skipped: not valid" in html
    assert "Row 3, column “Score (1-10)”: must be between 1 and 10" in html  # the header is row 1
    apply = form_values(html)
    r = editor.post("/admin/import/apply", data=apply)
    assert r.status_code == 303
    text = catalog_file.read_text("utf-8")
    assert "Imported name" in text and "bad-row" not in text


def test_partial_csv_only_touches_its_columns(editor, catalog_file):
    """A CSV with just id and one column changes that field and nothing else (a one-line diff)."""
    site = site_ids(catalog_file)[0]
    before = catalog_file.read_text("utf-8").splitlines()
    r = _import(editor, f"id,score\n{site},9\n".encode(), "csv")
    editor.post("/admin/import/apply", data=form_values(r.get_data(as_text=True)))
    after = catalog_file.read_text("utf-8").splitlines()
    assert len(before) == len(after) and sum(a != b for a, b in zip(before, after)) == 1
