"""Answers a visitor would accept: each class of failure from issue 14 with the test that would have caught it
(the empty day and must-visits are also walked through in tests/scenarios)."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from catalog.model import Rules
from catalog.source import read_catalog
from planner.plan import Planner
from planner.request import parse_request
from tests.conftest import ROOT
from tests.plan_helpers import SATURDAY, query

CATALOG = read_catalog(ROOT / "sites.yaml").catalog
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PLANNER = Planner()


def plan(catalog=CATALOG, **fields):
    fields.setdefault("start", "chongqing")
    return PLANNER.plan(parse_request(fields, catalog, today=NOW.date()), catalog, NOW)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_lunch_venue_meets_the_group_size_rule_of_the_visits():
    venue = CATALOG.site("consumer-scene-zone")
    small = replace(CATALOG, sites=tuple(replace(s, rules=replace(s.rules, max_group=10)) if s.id == venue.id else s
                                        for s in CATALOG.sites))
    assert plan(date=SATURDAY).days[0].lunch.venue == venue.id
    it = plan(small, date=SATURDAY, group="20")
    assert it.days[0].lunch.venue != venue.id and venue.id not in {v.site for v in it.visits}


def test_a_hotpot_trip_has_its_tasting_whenever_it_is_open_and_no_false_restaurant_warning():
    for day in ("2026-12-04", SATURDAY):
        it = plan(date=day, interests="hotpot")
        lunch = it.days[0].lunch
        assert "consumer-scene-zone" in {v.site for v in it.visits} | {lunch.venue}
        assert not any(w.code == "no_lunch_venue" for w in it.warnings)


def test_lunch_at_a_site_that_serves_meals_overlaps_the_visit():
    it = plan(date="2026-12-03", depart="09:00", return_by="17:00", must="baiping-feilong-resort")
    visit = next(v for v in it.visits if v.site == "baiping-feilong-resort")
    lunch = it.days[0].lunch
    assert lunch.during and lunch.venue == visit.site
    assert visit.start <= lunch.start and lunch.end <= visit.end and lunch.end - lunch.start == 60


def test_the_drive_is_shown_before_the_lunch_it_leads_to_and_linked_from_where_the_visitor_is(client):
    # Leaving at 07:30 with the tasting zone excluded, lunch is taken on arrival at Baozhen after a 31 km drive.
    html = client.get("/plan?" + query({"start": "chongqing", "date": SATURDAY, "depart": "07:30",
                                        "exclude": "consumer-scene-zone"}, lang="en"))
    page = html.get_data(as_text=True)
    timeline = page[page.index('class="timeline timeline--plan"'):page.index("</ol>", page.index("timeline--plan"))]
    items = re.findall(r'<li class="(leg|stop stop--\w+)"(.*?)</li>', timeline, re.S)
    lunch = next(i for i, (kind, _) in enumerate(items) if kind == "stop stop--lunch")
    before, after = items[lunch - 1], items[lunch + 1]
    assert before[0] == "leg" and "31.4 km" in before[1] and "Directions" in before[1], "the drive, then lunch"
    assert after[0].startswith("stop") and "wait" not in text(after[1]), "no second drive, no wait that was lunch"
    assert len(re.findall(r"31\.4 km", timeline)) == 1
    amap = re.search(r'href="(https://uri\.amap\.com/navigation[^"]*)"', before[1]).group(1)
    assert "from=" in amap and "to=" in amap and amap.split("from=")[1][:10] != amap.split("to=")[1][:10]


def test_ticket_total_with_unknown_prices_says_at_least(client):
    it = plan(date=SATURDAY)
    assert it.totals.tickets_unknown > 0
    zh = text(client.get("/plan?" + query({"start": "chongqing", "date": SATURDAY}, lang="zh")).get_data(as_text=True))
    en = text(client.get("/plan?" + query({"start": "chongqing", "date": SATURDAY}, lang="en")).get_data(as_text=True))
    assert "至少 ¥" in zh and "at least ¥" in en and not re.search(r"totals__value\">¥0<", zh)


def test_an_interest_no_published_site_matches_is_marked_and_not_offered(client):
    page = client.get("/plan?lang=en").get_data(as_text=True)
    beer = re.search(r'<label class="choice[^"]*"><input type="checkbox" name="interests" value="beer"[^>]*>[^<]*'
                     r'(<small[^>]*>[^<]*</small>)?', page)
    assert beer and "disabled" in beer.group(0) and "no site yet" in beer.group(0)
    zh = client.get("/plan?lang=zh").get_data(as_text=True)
    assert "暂无地点" in zh
