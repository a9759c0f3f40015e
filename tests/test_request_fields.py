"""The trip request is declared once (planner/request_fields.py): the form, the API's schema, the permalink and
the defaults all follow it, yes/no is written the same way everywhere, and old links keep opening."""
import dataclasses
from datetime import date
from html.parser import HTMLParser

import pytest

from catalog.source import read_catalog
from planner import area
from planner.field_errors import NO, YES
from planner.request import TripRequest, parse_request
from planner.request_fields import BY_NAME, FIELDS, NAMES
from tests.conftest import ROOT

CATALOG = read_catalog(ROOT / "sites.yaml").catalog
TODAY = date(2026, 12, 1)


class _FormInputs(HTMLParser):
    """Names of the controls inside the planner form."""

    def __init__(self):
        super().__init__()
        self.inside, self.names = False, set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and "plan-form" in (a.get("class") or ""):
            self.inside = True
        elif self.inside and tag in ("input", "select", "textarea") and a.get("name"):
            self.names.add(a["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def _form_names(html: str) -> set[str]:
    parser = _FormInputs()
    parser.feed(html)
    return parser.names


@pytest.mark.parametrize("query", ["/plan?lang=zh", "/plan?lang=en&start=chongqing&date=2026-12-05",
                                   "/plan?lang=en&start=chongqing&group=0"])
def test_form_api_and_table_have_the_same_fields(client, query):
    """Every field the API documents is on the form (empty, planned, with errors), and nothing else is."""
    html = client.get(query).get_data(as_text=True)
    schema = client.get("/api/v1/openapi.json").get_json()
    request_schema = schema["paths"]["/plan"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert _form_names(html) == set(NAMES) == set(request_schema["properties"])
    assert request_schema["required"] == ["start"]


def test_form_limits_and_defaults_come_from_the_table(client):
    html = client.get("/plan?lang=en").get_data(as_text=True)
    group, minutes = BY_NAME["group"], BY_NAME["lunch_minutes"]
    assert f'min="{group.lo}"' in html and f'max="{group.hi}"' in html
    assert f'min="{minutes.lo}"' in html and f'max="{minutes.hi}"' in html
    assert f'value="{BY_NAME["lunch_from"].text(BY_NAME["lunch_from"].default)}"' in html
    days = BY_NAME["days"]
    for n in range(days.lo, days.hi + 1):
        assert f'<option value="{n}"' in html


def test_trip_request_defaults_are_the_tables():
    defaults = {f.name: f.default for f in dataclasses.fields(TripRequest)
                if f.default is not dataclasses.MISSING}
    for field in FIELDS:
        if field.default is not None:
            assert defaults[field.key] == field.default, field.name


def test_openapi_limits_are_the_tables(client):
    props = client.get("/api/v1/openapi.json").get_json()["paths"]["/plan"]["post"]["requestBody"]["content"][
        "application/json"]["schema"]["properties"]
    assert props["group"]["anyOf"][0]["maximum"] == BY_NAME["group"].hi
    assert props["pace"]["enum"] == list(BY_NAME["pace"].choices)


def test_every_field_changed_round_trips_through_the_permalink():
    """A request with every field off its default comes back equal from its permalink."""
    r = parse_request({"start": "chongqing", "end": "site:baozhen-fortress", "date": "2026-12-12",
                       "depart": "07:30", "return_by": "21:00", "days": "2", "overnight": "wusheng-seat",
                       "mode": "coach", "interests": "silk:2,hotpot", "must": "taiji-lake",
                       "exclude": "yankou-ancient-town", "lunch": "yes", "lunch_from": "11:00",
                       "lunch_to": "14:00", "lunch_minutes": "45", "group": "12", "step_free": "yes",
                       "pace": "packed"}, CATALOG, today=TODAY)
    params = r.to_params()
    # lunch is on (its default: the window is set); the datum is said only for typed coordinates
    assert set(params) == set(NAMES) - {"lunch", "start_datum"}
    assert parse_request(params, CATALOG, today=TODAY) == r


@pytest.mark.parametrize("yes, no", list(zip(YES, NO)))
def test_yes_and_no_in_any_accepted_spelling(yes, no):
    """Links written with y/n, 1/0, true/false, on/off (older permalinks, embeds, scripts) all still open."""
    for case in (str.lower, str.upper):
        r = parse_request({"start": "chongqing", "lunch": case(no), "step_free": case(yes)}, CATALOG, today=TODAY)
        assert r.lunch is False and r.step_free is True
        assert r.to_params()["lunch"] == "no" and r.to_params()["step_free"] == "yes"


def test_old_style_flags_show_in_the_form_as_chosen(client):
    """A permalink with lunch=0 shows 'no lunch stop' selected in the form, not the first option."""
    html = client.get("/plan?lang=en&start=chongqing&lunch=0&step_free=1&date=2026-12-05").get_data(as_text=True)
    assert 'value="no" selected' in html
    assert 'name="step_free" value="yes" checked' in html


@pytest.mark.parametrize("url", ["/embed/map?scroll=yes&list=no", "/embed/map?scroll=on&list=off",
                                 "/embed/map?scroll=1&list=0"])
def test_embeds_take_the_same_yes_and_no(client, url):
    assert client.get(url).status_code == 200


def test_api_takes_the_same_yes_and_no(client):
    r = client.post("/api/v1/plan", json={"start": "chongqing", "date": "2026-12-05", "lunch": "off",
                                          "step_free": False})
    assert r.status_code == 200 and r.get_json()["request"]["lunch"] == "no"


def test_area_is_the_county_and_the_catalogs_places():
    """Coordinates near the county or a start point are planned for (a Chengdu hotel too); Beijing is not."""
    for point in CATALOG.start_points:
        assert area.in_area(CATALOG, point.location.lat, point.location.lon), point.id
    assert area.in_area(CATALOG, 30.66, 104.07)  # Chengdu
    assert not area.in_area(CATALOG, 39.9, 116.4)  # Beijing
    r = parse_request({"start": "30.66,104.07"}, CATALOG, today=TODAY)
    assert r.start.kind == "coords"


def test_several_days_sleep_in_the_county_by_default():
    r = parse_request({"start": "chongqing", "days": "2"}, CATALOG, today=TODAY)
    base = CATALOG.start_point(r.overnight.id)
    assert base.lodging and area._inside(base.location.lat, base.location.lon)


@pytest.mark.parametrize("lang, words", [("en", "qr: must be yes or no"), ("zh", "qr: ")])
def test_a_promotion_file_names_a_bad_flag_in_the_files_language(client, lang, words):
    r = client.get(f"/promote/maps/sites/baozhen-fortress.png?qr=maybe&lang={lang}")
    body = r.get_data(as_text=True)
    assert r.status_code == 400 and words in body
    if lang == "zh":
        assert "must be" not in body and any("\u4e00" <= ch <= "\u9fff" for ch in body)


@pytest.mark.parametrize("lang, words", [("zh", "应为是或否"), ("zh-hant", "應為是或否"), ("en", "must be yes or no")])
def test_wrong_options_are_worded_in_the_pages_language(client, lang, words):
    """Embeds, the planner and the API word the same bad value the same way, in the reader's script."""
    assert words in client.get(f"/embed/map?scroll=maybe&lang={lang}").get_data(as_text=True)
    page = client.get(f"/plan?start=chongqing&step_free=maybe&lang={lang}")
    assert page.status_code == 400 and words in page.get_data(as_text=True)
    if lang != "zh-hant":
        api = client.post(f"/api/v1/plan?lang={lang}", json={"start": "chongqing", "step_free": "maybe"})
        assert words in api.get_json()["error"]["fields"]["step_free"]["message"]
