"""The JSON API (/api/v1) as a partner developer meets it: sites, tours, planning, one error shape for
every error, CORS only on the GET endpoints, no cookies. Every response here is also checked against the
OpenAPI document (tests/test_api_openapi.py runs the same calls)."""
import json

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.plan_helpers import FRIDAY, TRIP, TWO_DAYS

ORIGIN = "https://partner.example"


def error_of(r, status, code):
    assert r.status_code == status, r.data[:300]
    body = r.get_json()
    assert set(body) == {"error"} and body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


def test_sites_list_published_sites_with_wgs84_positions(client):
    """A developer gets every published site with a WGS-84 position that says it is WGS-84."""
    body = client.get("/api/v1/sites").get_json()
    assert body["catalog_version"] and len(body["sites"]) >= 10
    for s in body["sites"]:
        assert s["location"]["datum"] == "wgs84" and 28 < s["location"]["lat"] < 32
        assert s["name"]["zh"] and s["name"]["en"]
    heritage = client.get("/api/v1/sites?category=heritage").get_json()["sites"]
    assert heritage and all(s["category"] == "heritage" for s in heritage)


def test_site_and_tour_details(client):
    """One site has hours, booking and navigation links; one tour has its stops in order."""
    site = client.get("/api/v1/sites/baozhen-fortress").get_json()["site"]
    assert site["id"] == "baozhen-fortress" and "amap" in site["navigation"] and "weekly" in site["hours"]
    tours = client.get("/api/v1/tours").get_json()["tours"]
    assert {t["id"] for t in tours} >= {"industrial-shopping", "corporate-culture", "industrial-heritage"}
    tour = client.get("/api/v1/tours/industrial-heritage").get_json()["tour"]
    assert [s["site"] for s in tour["stops"]][0] == "industrial-memory-museum"


@pytest.mark.parametrize("fields", [TRIP, TWO_DAYS])
def test_plan_returns_stops_legs_lunch_left_out_totals_warnings_and_permalink(client, fields):
    """POST /plan answers the same plan as the page, with reasons in both languages and a permalink."""
    body = client.post("/api/v1/plan", json=fields).get_json()
    assert len(body["days"]) == int(fields.get("days", 1))
    day = body["days"][0]
    assert day["stops"] and all(s["leg"]["minutes"] >= 0 and s["location"]["datum"] == "wgs84" for s in day["stops"])
    assert day["lunch"] is None or day["lunch"]["start"] >= "11:30"
    assert body["left_out"] and all(x["code"] and x["message"]["zh"] and x["message"]["en"] for x in body["left_out"])
    assert body["totals"]["travel_minutes"] > 0
    assert body["permalink"].startswith("http://localhost/plan?") and "v=" in body["permalink"]
    assert set(body["links"]) >= {"gpx", "ics", "geojson", "csv", "print", "qr_svg", "qr_png"}


def test_plan_accepts_lists_and_booleans_as_well_as_form_strings(client):
    """JSON callers may send lists and booleans; the answer equals the form-string request's."""
    a = client.post("/api/v1/plan", json={**TRIP, "interests": ["hotpot", "silk"], "step_free": False, "group": 4})
    b = client.post("/api/v1/plan", json={**TRIP, "interests": "hotpot,silk", "step_free": "no", "group": "4"})
    assert a.status_code == b.status_code == 200
    assert a.get_json()["days"] == b.get_json()["days"]


def test_invalid_fields_are_422_with_a_message_per_field_in_the_chosen_language(client):
    """Bad fields come back together, each named, in English with ?lang=en and Chinese by default."""
    err = error_of(client.post("/api/v1/plan?lang=en", json={"start": "nowhere", "date": "2020-01-01", "mode": "boat"}),
                   422, "invalid_fields")
    assert set(err["fields"]) == {"start", "date", "mode"}
    assert "in the past" in err["fields"]["date"]["message"]
    zh = error_of(client.post("/api/v1/plan", json={"start": "chongqing", "date": "2020-01-01"}), 422, "invalid_fields")
    assert "已经过去" in zh["fields"]["date"]["message"]
    unknown = error_of(client.post("/api/v1/plan", json={**TRIP, "colour": "red"}), 422, "invalid_fields")
    assert unknown["fields"]["colour"]["code"] == "unknown_field"


def test_every_error_status_has_the_one_shape(client, app):
    """400, 404, 405, 413, 415, 422 and 429 all answer {"error": {"code", "message"}} as JSON."""
    error_of(client.post("/api/v1/plan", data="{not json", content_type="application/json"), 400, "bad_request")
    error_of(client.get("/api/v1/sites?theme=nope"), 400, "bad_request")
    error_of(client.get("/api/v1/sites/no-such-site"), 404, "not_found")
    error_of(client.get("/api/v1/tours/no-such-tour"), 404, "not_found")
    error_of(client.get("/api/v1/no-such-endpoint"), 404, "not_found")
    r = client.delete("/api/v1/sites")
    error_of(r, 405, "method_not_allowed")
    assert "GET" in r.headers["Allow"]
    error_of(client.get("/api/v1/plan"), 405, "method_not_allowed")
    big = json.dumps({"start": "x" * (app.config["API_MAX_BODY_BYTES"] + 10)})
    error_of(client.post("/api/v1/plan", data=big, content_type="application/json"), 413, "too_large")
    error_of(client.post("/api/v1/plan", data="start=chongqing", content_type="application/x-www-form-urlencoded"),
             415, "unsupported_media_type")
    error_of(client.post("/api/v1/plan", data="[1, 2]", content_type="application/json"), 422, "invalid_fields")


def test_too_many_plans_from_one_client_get_429_with_retry_after(app):
    """A client that floods the planner is asked to wait, with Retry-After, in the same error shape."""
    app.config["API_PLAN_RATE_PER_MINUTE"] = 2
    app.extensions.pop("wusheng_api_rate", None)
    client = app.test_client()
    for _ in range(2):
        client.post("/api/v1/plan", json={"start": "nowhere"})
    r = client.post("/api/v1/plan", json=TRIP)
    error_of(r, 429, "too_many_requests")
    assert int(r.headers["Retry-After"]) >= 1


def test_cors_is_on_the_get_endpoints_only_and_the_api_sets_no_cookies(client):
    """Partner pages can read sites and tours from a browser; planning stays same-origin; no cookies ever."""
    for path in ("/api/v1/sites", "/api/v1/sites/baozhen-fortress", "/api/v1/tours", "/api/v1/openapi.json"):
        r = client.get(path + "?lang=en", headers={"Origin": ORIGIN})
        assert r.headers.get("Access-Control-Allow-Origin") in ("*", ORIGIN), path
        assert "Set-Cookie" not in r.headers
    r = client.post("/api/v1/plan?lang=en", json=TRIP, headers={"Origin": ORIGIN})
    assert r.status_code == 200 and "Access-Control-Allow-Origin" not in r.headers and "Set-Cookie" not in r.headers
    pre = client.options("/api/v1/plan", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in pre.headers


def test_cors_origins_come_from_config(catalog_file):
    """With API_CORS_ORIGINS set, only those origins are allowed."""
    from app import create_app
    from tests.conftest import FIXED_NOW
    app = create_app({"TESTING": True, "CATALOG_PATH": str(catalog_file), "FIXED_NOW": FIXED_NOW,
                      "API_CORS_ORIGINS": "https://ok.example"})
    c = app.test_client()
    assert c.get("/api/v1/tours", headers={"Origin": "https://ok.example"}).headers["Access-Control-Allow-Origin"] \
        == "https://ok.example"
    assert "Access-Control-Allow-Origin" not in c.get("/api/v1/tours", headers={"Origin": ORIGIN}).headers


JSONISH = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
                       lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4),
                       max_leaves=10)
FIELD_VALUES = st.one_of(JSONISH, st.sampled_from(["chongqing", FRIDAY, "08:00", "24:00", "car", "silk:2", "yes", "3",
                                                   "30.3,106.3", "baozhen-fortress", "site:taiji-lake"]))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(JSONISH, st.dictionaries(st.sampled_from(["start", "date", "depart", "return_by", "days", "mode",
                                                           "interests", "must", "exclude", "lunch", "group",
                                                           "lunch_minutes", "pace", "overnight", "start_datum", "end",
                                                           "step_free", "lunch_from", "lunch_to"]),
                                          FIELD_VALUES, max_size=8)))
def test_no_json_body_gets_a_server_error(app, body):
    """Whatever JSON a caller sends, the answer is 200 or a documented client error, never 500."""
    app.config["API_PLAN_RATE_PER_MINUTE"] = 0
    app.extensions.pop("wusheng_api_rate", None)
    r = app.test_client().post("/api/v1/plan", data=json.dumps(body), content_type="application/json")
    assert r.status_code in (200, 400, 413, 422), (body, r.status_code, r.data[:200])
    if r.status_code != 200:
        assert set(r.get_json()) == {"error"}


def test_the_same_trip_gives_the_same_plan_every_time_even_for_several_days(app):
    """A shared link (or the API) gives the same stops and times on every call, multi-day trips included:
    the planner never lets the clock decide (exact search for a day, fixed-work search beyond)."""
    app.config["PLAN_CACHE_SIZE"] = 0
    app.extensions.pop("wusheng_plans", None)
    client = app.test_client()
    for fields in (TRIP, {**TWO_DAYS, "interests": "hotpot,silk"}, {**TWO_DAYS, "days": "3"}):
        first = client.post("/api/v1/plan", json=fields).get_json()
        again = client.post("/api/v1/plan", json=fields).get_json()
        assert first["days"] == again["days"] and first["left_out"] == again["left_out"]
