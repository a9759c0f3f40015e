"""Exports of a planned trip (GPX, ICS, GeoJSON, CSV), downloaded through the app, parsed back with the
format's own library and compared with the itinerary: what a visitor's phone, calendar or spreadsheet sees."""
import csv
import io
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import gpxpy
import icalendar
import pytest

from catalog.source import read_catalog
from exports.stops import day_stops
from exports.table import safe_cell
from geo.datum import location_in
from geo.distance import distance_m
from tests.plan_helpers import TRIP, TWO_DAYS, query

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def planned(client, app):
    """(download(fmt, fields), itinerary(fields)): the same plan as the page and the files."""
    def download(fmt, fields=TRIP, lang="zh"):
        r = client.get(f"/plan/export.{fmt}?{query(fields, lang=lang)}")
        assert r.status_code == 200, r.data[:500]
        return r

    def itinerary(fields=TRIP):
        with app.test_request_context():
            from web.plan.service import plan
            out = plan(fields)
            return out.itinerary, out.catalog
    return download, itinerary


def _wgs(catalog, site_id):
    return location_in(catalog.site(site_id).location, "wgs84")


@pytest.mark.parametrize("fields", [TRIP, TWO_DAYS])
def test_gpx_has_a_waypoint_per_visit_and_lunch_and_a_route_per_day_in_wgs84(planned, fields):
    """The GPX opens in a navigation app with every stop where it really is, in the planned order."""
    download, itinerary = planned
    r = download("gpx", fields)
    assert r.headers["Content-Disposition"].startswith('attachment; filename="wusheng-trip-')
    gpx = gpxpy.parse(r.get_data(as_text=True))
    it, catalog = itinerary(fields)
    visits = [v for d in it.days for v in d.visits]
    visit_points = [w for w in gpx.waypoints if w.type == "visit"]
    assert [w.comment for w in visit_points] == [v.site for v in visits]
    assert len([w for w in gpx.waypoints if w.type == "lunch"]) == sum(1 for d in it.days if d.lunch)
    for w, v in zip(visit_points, visits):
        assert distance_m(w.latitude, w.longitude, *_wgs(catalog, v.site)) < 1
        assert v.name.zh in w.name
        assert w.time.astimezone(TZ).hour * 60 + w.time.astimezone(TZ).minute == v.arrival
    assert "WGS-84" in gpx.description
    assert len(gpx.routes) == len(it.days)
    for route, day in zip(gpx.routes, it.days):
        assert len(route.points) >= len(day.visits) + 2  # start, visits (and lunch), end


def test_ics_has_one_event_per_visit_in_shanghai_time_with_place_and_booking(planned):
    """Each visit lands in the calendar at its planned local time, with where it is and how to book."""
    download, itinerary = planned
    cal = icalendar.Calendar.from_ical(download("ics", lang="en").data)
    it, catalog = itinerary()
    events = [e for e in cal.walk("VEVENT") if "visit" in str(e.get("categories").to_ical())]
    visits = it.visits
    assert len(events) == len(visits)
    assert any(tz.get("tzid") == "Asia/Shanghai" for tz in cal.walk("VTIMEZONE"))
    for e, v in zip(events, visits):
        start = e.decoded("dtstart")
        assert str(start.tzinfo) == "Asia/Shanghai"
        day = it.days[0].date
        assert start == datetime.combine(day, datetime.min.time(), TZ) + timedelta(minutes=v.start)
        assert e.decoded("dtend") - start == timedelta(minutes=v.end - v.start)
        assert v.name.en in str(e.get("summary"))
        assert v.name.en in str(e.get("location"))
        lat, lon = e.get("geo").latitude, e.get("geo").longitude
        assert distance_m(lat, lon, *_wgs(catalog, v.site)) < 1
        if v.booking:
            assert "Book ahead" in str(e.get("description"))
    assert len({str(e.get("uid")) for e in cal.walk("VEVENT")}) == len(cal.walk("VEVENT"))


def test_geojson_points_and_lines_follow_the_itinerary(planned):
    """GeoJSON shows each day as a line through its stops, points in order, [lon, lat] in WGS-84."""
    download, itinerary = planned
    doc = json.loads(download("geojson", TWO_DAYS).data)
    it, catalog = itinerary(TWO_DAYS)
    assert doc["type"] == "FeatureCollection" and "WGS-84" in doc["coordinates_note"]
    assert doc["catalog_version"] == catalog.version
    lines = [f for f in doc["features"] if f["geometry"]["type"] == "LineString"]
    assert len(lines) == len(it.days)
    for day, line in zip(it.days, lines):
        points = [f for f in doc["features"] if f["geometry"]["type"] == "Point" and f["properties"]["day"] == day.index + 1]
        visits = [f["properties"]["site"] for f in points if f["properties"]["kind"] == "visit"]
        assert visits == [v.site for v in day.visits]
        assert line["geometry"]["coordinates"] == [f["geometry"]["coordinates"] for f in points]
        for f in points:
            if f["properties"]["kind"] == "visit":
                lon, lat = f["geometry"]["coordinates"]
                assert distance_m(lat, lon, *_wgs(catalog, f["properties"]["site"])) < 1


def test_csv_opens_in_a_spreadsheet_with_both_languages_and_the_times(planned):
    """The CSV has a BOM (Excel reads the Chinese), a row per stop, and the planned times."""
    download, itinerary = planned
    r = download("csv")
    text = r.data.decode("utf-8")
    assert text.startswith("\ufeff") and r.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    it, _ = itinerary()
    visits = [row for row in rows if row["kind"] == "visit"]
    assert [row["site"] for row in visits] == [v.site for v in it.visits]
    for row, v in zip(visits, it.visits):
        assert row["name_zh"] == v.name.zh and row["name_en"] == v.name.en
        assert row["start"] == f"{v.start // 60:02d}:{v.start % 60:02d}"
    assert rows[0]["kind"] == "start" and rows[-1]["kind"] == "end"


def test_csv_cells_that_would_run_as_formulas_are_neutralised():
    """A site name like =HYPERLINK(...) shows as text in a spreadsheet instead of running."""
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("@SUM(A1)") == "'@SUM(A1)" and safe_cell("宝箴塞") == "宝箴塞"


def test_unknown_export_format_is_404_and_bad_fields_are_400(client):
    """A mistyped file address gives a page not found; a broken plan link shows the form with errors."""
    assert client.get(f"/plan/export.pdf?{query(TRIP)}").status_code == 404
    assert client.get("/plan/export.gpx?start=nowhere").status_code == 400


def test_stops_use_the_same_order_as_the_page(app):
    """The day's places run start, visits (lunch where it falls), end, with lunch between two visits' times."""
    from tests.plan_helpers import FRIDAY
    with app.test_request_context():
        from web.plan.service import plan
        out = plan({"start": "chongqing", "date": FRIDAY, "interests": "hotpot"})
    for day in day_stops(out.itinerary, out.catalog):
        kinds = [s.kind for s in day.stops]
        assert kinds[0] == "start" and kinds[-1] == "end"
        times = [(s.start if s.start is not None else s.leave if s.leave is not None else s.arrive) for s in day.stops]
        assert times == sorted(times)


STEP_FREE = {**TRIP, "step_free": "yes"}  # nothing in the catalog is confirmed step-free: every site left out
NOTICE = {"zh": ("此行程没有安排任何参观", "未确认无台阶通行"), "en": ("This plan has no visit.", "Not confirmed step-free.")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_export_of_an_empty_plan_says_so_first_with_its_cause(planned, lang):
    """A wheelchair user's trip with no visit: the GPX, the calendar, the GeoJSON and the spreadsheet each
    say plainly at the top that the plan has no visit and why, in the visitor's language, with a change that
    works and its link."""
    download, _ = planned
    title, cause = NOTICE[lang]
    other = NOTICE["en" if lang == "zh" else "zh"][0]

    desc = gpxpy.parse(download("gpx", STEP_FREE, lang).get_data(as_text=True)).description
    assert desc.startswith(title.rstrip(".")) and cause in desc and "/plan?" in desc and other not in desc

    cal = icalendar.Calendar.from_ical(download("ics", STEP_FREE, lang).data)
    assert str(cal["description"]).startswith(title.rstrip("."))
    events = cal.walk("VEVENT")
    assert [e for e in events if str(e["summary"]).startswith(title.rstrip("."))][0]["dtstart"].dt.isoformat() \
        == STEP_FREE["date"]
    assert all(str(e["description"]).startswith(title.rstrip(".")) and cause in str(e["description"]) for e in events)

    doc = json.loads(download("geojson", STEP_FREE, lang).data)
    assert list(doc)[1] == "notice" and doc["notice"]["code"] == "no_visit"
    assert doc["notice"]["title"].startswith(title.rstrip(".")) and cause in doc["notice"]["causes"][0]
    assert doc["notice"]["alternatives"][0]["stops"] > 0 and "/plan?" in doc["notice"]["alternatives"][0]["permalink"]

    lines = download("csv", STEP_FREE, lang).data.decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines[0].startswith("# " + title.rstrip(".")) and any(cause in line for line in lines if line.startswith("#"))
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    assert rows[0]["kind"] == "start" and rows[-1]["kind"] == "end" and "visit" not in [r["kind"] for r in rows]


def test_exports_of_a_plan_that_keeps_its_point_carry_no_notice(planned):
    download, _ = planned
    assert json.loads(download("geojson").data)["notice"] is None
    assert download("csv").data.decode("utf-8").lstrip("\ufeff").startswith("day,")
    assert "description" not in icalendar.Calendar.from_ical(download("ics").data)
