"""The planner page (/plan) as a visitor meets it: the form, a planned trip, errors, adjustments, tours,
permalinks, the day sheet and phone hand-off. Server-rendered, so all of it works without JavaScript."""
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.plan_helpers import FRIDAY, SATURDAY, TRIP, TWO_DAYS, query

WECHAT_UA = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
             "Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/4G Language/zh_CN")


def html_of(client, path, **headers):
    r = client.get(path, headers=headers)
    return r, r.get_data(as_text=True)


def permalink_of(html: str) -> str:
    return unescape(re.search(r'id="permalink"[^>]*value="([^"]+)"', html).group(1))


@pytest.mark.parametrize("lang, words", [("zh", ["规划行程", "出发"]), ("en", ["Plan a trip", "Start from"])])
def test_empty_form_has_the_defaults_in_the_chosen_language(client, lang, words):
    """Opening /plan shows the form filled with next Saturday, 08:00 from Chongqing, back by 20:00, by car."""
    r, html = html_of(client, f"/plan?lang={lang}")
    assert r.status_code == 200
    for w in words:
        assert w in html
    assert f'value="{SATURDAY}"' in html  # FIXED_NOW is Tuesday 2026-12-01
    assert re.search(r'<option value="chongqing"\s+selected', html)
    assert 'value="08:00"' in html and 'value="20:00"' in html
    assert re.search(r'<option value="car"\s+selected', html)


def test_date_picker_lists_the_public_holidays_ahead(client):
    """Below the date, the visitor sees New Year's Day (and other holidays in the next months)."""
    _, html = html_of(client, "/plan?lang=zh")
    assert "元旦" in html and "2027-01-01" in html


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_planned_trip_shows_timeline_map_left_out_totals_and_warnings(client, lang):
    """A plan for a Friday shows numbered stops with times, the map, what was left out and why, totals."""
    r, html = html_of(client, f"/plan?{query(TRIP, lang=lang)}")
    assert r.status_code == 200
    assert html.count('class="timeline__num"') >= 3
    assert "leaflet" in html.lower() and 'data-wt-map' in html
    assert 'id="left-out"' in html and 'class="totals"' in html
    assert ("以下地点需提前预约" if lang == "zh" else "Book these places ahead") in html  # one line naming them
    assert ("毛哥食品" if lang == "zh" else "Maoge Food") in html
    assert "wt-kind--restaurant" in html or "timeline__num--lunch" in html  # lunch marked


def test_two_day_trip_has_a_map_and_timeline_per_day(client):
    """A two-day trip shows Day 1 and Day 2, each with its own map."""
    _, html = html_of(client, f"/plan?{query(TWO_DAYS, lang='en')}")
    assert 'id="day-1"' in html and 'id="day-2"' in html
    assert html.count("data-wt-map=") == 2


@pytest.mark.parametrize("lang, message", [("zh", "应为日期"), ("en", "must be a date")])
def test_errors_are_shown_at_the_field_in_the_chosen_language_with_status_400(client, lang, message):
    """A wrong date or group is marked at its field, in the visitor's language, and nothing is planned."""
    r, html = html_of(client, f"/plan?start=chongqing&date=05/12/2026&group=abc&lang={lang}")
    assert r.status_code == 400
    assert re.search(r'id="date"[^>]*aria-invalid="true"', html)
    assert re.search(r'id="group"[^>]*aria-invalid="true"', html)
    assert f'id="date-error"' in html and message in html
    assert 'id="permalink"' not in html


def test_unknown_start_is_reported_and_the_typed_text_kept_escaped(client):
    """Typing a place we do not know keeps the text in the field (escaped) and says what is accepted."""
    r, html = html_of(client, "/plan?start=%3Cscript%3Ex%3C%2Fscript%3E&lang=en")
    assert r.status_code == 400
    assert "<script>x" not in html and "&lt;script&gt;x" in html
    assert "lat,lon" in html


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["start", "date", "depart", "return_by", "days", "overnight", "mode",
                                            "interests", "must", "exclude", "lunch", "lunch_from", "lunch_to",
                                            "lunch_minutes", "group", "step_free", "pace", "start_datum", "end",
                                            "tour", "v", "lang", "basemap", "x"]),
                          st.one_of(st.text(max_size=30), st.sampled_from(
                              ["chongqing", "2026-12-04", "24:00", "00:00", "3", "0", "-1", "99999999999999999999",
                               "30.3,106.3", "91,181", "nan", "silk:nan", "silk:inf", "site:taiji-lake", "baozhen-fortress",
                               "wusheng-seat", "yes", "\x00", "2026-02-30", "9999-12-31", "%", "industrial-shopping"]))),
                max_size=8))
def test_no_query_string_gets_a_server_error(client, pairs):
    """Whatever a visitor (or a mangled shared link) puts in the address, the page answers 200 or 400."""
    from urllib.parse import urlencode
    for path in ("/plan", "/plan/print"):
        r = client.get(f"{path}?{urlencode(pairs)}")
        assert r.status_code in (200, 400), (pairs, r.status_code)


def test_permalink_brings_back_the_same_plan_without_stored_state(client):
    """Opening the shared link later shows exactly the same stops and times."""
    _, first = html_of(client, f"/plan?{query(TRIP, interests='hotpot,silk:2', lang='en')}")
    link = permalink_of(first)
    parts = urlsplit(link)
    assert parts.path == "/plan" and parse_qs(parts.query)["v"]
    _, again = html_of(client, f"{parts.path}?{parts.query}&lang=en")
    timeline = lambda h: re.findall(r'class="timeline__time">([^<]+)<', h)  # noqa: E731
    names = lambda h: re.findall(r'class="stop__name">(?:<[^>]+>)*([^<]+)<', h)  # noqa: E731
    assert timeline(first) == timeline(again) and names(first) == names(again)
    assert permalink_of(again) == link
    assert "catalog has changed" not in again


def test_a_link_from_an_older_catalog_says_the_catalog_changed(client, catalog_file):
    """When sites were edited since the link was shared, the page says so (the plan may differ)."""
    _, html = html_of(client, f"/plan?{query(TRIP, lang='en')}")
    link = permalink_of(html)
    catalog_file.write_text(catalog_file.read_text("utf-8") + "\n# edited\n", "utf-8")
    parts = urlsplit(link)
    _, later = html_of(client, f"{parts.path}?{parts.query}&lang=en")
    assert "catalog has changed since this link was made" in later


def test_lock_remove_and_add_links_give_new_permalinks_that_do_what_they_say(client):
    """Lock a stop, remove one, add a left-out site: each is a link to a new plan that honours it."""
    _, html = html_of(client, f"/plan?{query(TRIP, lang='en')}")
    lock = unescape(re.search(r'href="([^"]+)">\s*Lock in', html).group(1))
    remove = unescape(re.search(r'href="([^"]+)">Remove', html).group(1))
    add = unescape(re.search(r'href="([^"]+)">Add as must-visit', html).group(1))
    locked_site = parse_qs(urlsplit(lock).query)["must"][0]
    removed_site = parse_qs(urlsplit(remove).query)["exclude"][0]
    added_site = parse_qs(urlsplit(add).query)["must"][0]
    _, after_lock = html_of(client, lock)
    assert "Unlock" in after_lock and f'data-map-key=' in after_lock
    _, after_remove = html_of(client, remove + "&lang=en")
    assert re.search(rf'left-out--excluded">\s*<a href="/sites/{removed_site}"', after_remove)
    _, after_add = html_of(client, add + "&lang=en")
    assert f'href="/sites/{added_site}"' in after_add.split('id="left-out"')[0] or "cannot all be fitted" in after_add
    assert locked_site


def test_tour_prefills_the_plan_and_can_be_adapted(client):
    """/plan?tour=... plans the tour's stops from its start; the visitor can then change fields."""
    r, html = html_of(client, "/plan?tour=industrial-heritage&lang=en")
    assert r.status_code == 200
    link = permalink_of(html)
    q = parse_qs(urlsplit(link).query)
    assert set(q["must"][0].split(",")) == {"industrial-memory-museum", "antai-silk-museum", "baozhen-fortress",
                                            "yankou-ancient-town"}
    assert q["start"] == ["chongqing"]
    r, adapted = html_of(client, "/plan?tour=industrial-heritage&start=wusheng-seat&lang=en")
    assert parse_qs(urlsplit(permalink_of(adapted)).query)["start"] == ["wusheng-seat"]
    assert client.get("/plan?tour=no-such-tour").status_code == 400


def test_coordinates_typed_with_their_datum_are_a_valid_start(client):
    """A visitor can start from coordinates copied from AMap (GCJ-02), and the plan starts there."""
    r, html = html_of(client, f"/plan?start=30.3443,106.2925&start_datum=gcj02&date={FRIDAY}&lang=en")
    assert r.status_code == 200 and "Your location" in html
    assert "start_datum=gcj02" in permalink_of(html)


def test_wechat_gets_web_links_only_and_the_reason(client):
    """Inside WeChat the page offers AMap/Baidu web pages (no Apple Maps, no app launch) and says why."""
    _, normal = html_of(client, f"/plan?{query(TRIP, lang='en')}")
    _, wechat = html_of(client, f"/plan?{query(TRIP, lang='en')}", **{"User-Agent": WECHAT_UA})
    assert "maps.apple.com" in normal and "callnative=1" in normal
    assert "maps.apple.com" not in wechat and "callnative=1" not in wechat
    assert "uri.amap.com" in wechat and "api.map.baidu.com" in wechat
    assert 'id="wechat-note"' in wechat and "Open in browser" in wechat
    assert 'id="wechat-note"' not in normal


def test_whole_day_hand_off_says_when_amap_cannot_take_all_stops(client):
    """A day with several stops explains that AMap's link takes one stop on the way and offers per-leg links."""
    # Chongqing -> the park -> Baozhen -> Yankou -> Chongqing: three places on the way
    _, html = html_of(client, f"/plan?{query({**TRIP, 'interests': 'history-culture'}, lang='en')}")
    assert "takes only one stop on the way" in html
    assert html.count("uri.amap.com/navigation") >= 3  # per-leg directions


def test_day_sheet_has_one_section_per_day_with_stop_details_and_qr_codes(client):
    """The printable sheet has one A4 section per day, each stop's time, address, hours and a QR code."""
    r, html = html_of(client, f"/plan/print?{query(TWO_DAYS, lang='en')}")
    assert r.status_code == 200
    assert len(re.findall(r'<section class="sheet[ "]', html)) == 2  # busy days add a class (smaller codes)
    assert html.count('class="sketch"') == 2
    assert "Open that day" in html and "<svg" in html
    css = client.get("/static/css/planner.css").get_data(as_text=True)
    assert "@page" in css and "size: A4" in css and "break-after: page" in css


def test_a_typed_town_is_found_in_the_offline_gazetteer_when_there_is_one(client, monkeypatch):
    """With the admin's offline gazetteer installed, typing a town starts the trip there; without it, the
    form says that only start points and coordinates are understood (no online lookup on a public page)."""
    import sys
    import types

    from web.plan import places

    _, html = html_of(client, f"/plan?start=Yankou&date={FRIDAY}&lang=en")
    if not places.available():
        assert "Street addresses are not looked up" in html and "lat,lon" in html

    class Found:
        latitude, longitude, raw = 30.3443, 106.2925, {"datum": "gcj02"}

    class Gazetteer:
        def geocode(self, query, exactly_one=True):
            return Found() if query.lower() == "yankou" else None

    monkeypatch.setitem(sys.modules, "geo.geocode", types.SimpleNamespace(Gazetteer=Gazetteer))
    places.gazetteer.cache_clear()
    try:
        r, html = html_of(client, f"/plan?start=Yankou&date={FRIDAY}&lang=en")
        assert r.status_code == 200 and "Your location" in html
        assert "start=30.344300%2C106.292500" in html and "start_datum=gcj02" in html
        r, _ = html_of(client, f"/plan?start=Atlantis&date={FRIDAY}&lang=en")
        assert r.status_code == 400
    finally:
        places.gazetteer.cache_clear()
