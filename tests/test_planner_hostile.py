"""Hostile catalog text (tests/hostile.py) in the planner's pages and files stays inert and well-formed:
escaped in the result page and the day sheet, absent from scripts, parseable in GPX, ICS, GeoJSON and CSV."""
import csv
import io
import json
import re

import gpxpy
import icalendar
import pytest

from app import create_app
from tests.conftest import FIXED_NOW, ROOT
from tests.hostile import PAYLOADS, hostile_catalog
from tests.plan_helpers import TRIP, TWO_DAYS, query

SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S | re.I)


@pytest.fixture
def hostile(tmp_path):
    hostile_catalog(ROOT / "sites.yaml", tmp_path / "sites.yaml")
    return create_app({"TESTING": True, "CATALOG_PATH": str(tmp_path / "sites.yaml"), "FIXED_NOW": FIXED_NOW}).test_client()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", ["/plan", "/plan/print"])
def test_pages_show_payloads_as_text_and_keep_them_out_of_scripts(hostile, path, lang):
    """A site named <script>… shows as those characters; nothing from the catalog reaches a script."""
    for fields in (TRIP, TWO_DAYS):
        html = hostile.get(f"{path}?{query(fields, lang=lang)}").get_data(as_text=True)
        assert "en1" in html or "中文1" in html or "中文" in html
        for payload in PAYLOADS:
            if "<" in payload or '"' in payload:
                assert payload not in html, (path, payload)
        for script in SCRIPT.findall(html):
            assert "__xss" not in script and "中文" not in script


def test_files_stay_well_formed(hostile):
    """Downloads still open: the payloads are data inside GPX, ICS, GeoJSON and CSV, not markup."""
    q = query(TWO_DAYS, lang="en")
    gpx = gpxpy.parse(hostile.get(f"/plan/export.gpx?{q}").get_data(as_text=True))
    assert any("en" in (w.name or "") for w in gpx.waypoints)
    cal = icalendar.Calendar.from_ical(hostile.get(f"/plan/export.ics?{q}").data)
    assert cal.walk("VEVENT")
    doc = json.loads(hostile.get(f"/plan/export.geojson?{q}").data)
    assert any("<" in (f["properties"].get("name_en") or "") for f in doc["features"])
    rows = list(csv.reader(io.StringIO(hostile.get(f"/plan/export.csv?{q}").data.decode("utf-8-sig"))))
    assert len({len(r) for r in rows}) == 1


def test_api_returns_payloads_as_json_strings(hostile):
    """The API carries the names as data; a client that escapes them shows them as text."""
    r = hostile.post("/api/v1/plan", json=TRIP)
    assert r.status_code == 200 and r.mimetype == "application/json"
    assert any("<" in s["name"]["en"] or "$" in s["name"]["en"] or "`" in s["name"]["en"] or "\\" in s["name"]["en"]
               for d in r.get_json()["days"] for s in d["stops"])
