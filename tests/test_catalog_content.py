"""The bundled catalog (sites.yaml): what visitors and the tourism bureau rely on.

These tests check the real content, not the validator: the places the research found are all there,
assumptions are marked as assumptions, estimates say so, and the curated tours can really be done.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from catalog.model import Category, Datum, Precision, Status, WEEKDAYS
from catalog.source import read_catalog
from catalog.fields import parse_time

CATALOG_PATH = Path(__file__).resolve().parent.parent / "sites.yaml"

# Every place in the reference's summary table (wusheng-sites.md §1) that a visitor can go to, as a
# fragment of its Chinese name. 雪花 (Snow Beer) is listed separately: it must exist but stay a draft.
VISITABLE_PLACES = (
    "毛哥", "安泰", "工业记忆馆", "农产品交易集散中心", "研发中心", "展示中心", "火锅品质检验检测中心",
    "特色产品展销馆", "消费场景体验区", "创新创业孵化器", "火锅产业园", "翔达", "宝箴塞", "沿口古镇",
    "白坪", "太极湖", "武胜站", "钓鱼城",
)
# Only these two have opening hours from a source (S17e/f/j and S13a); every other site's are assumed.
SOURCED_HOURS = {"diaoyucheng", "yankou-ancient-town"}
BRAND_THEMES = ("industrial-shopping", "corporate-culture", "industrial-heritage")
START_POINTS = ("chongqing", "hechuan", "guangan", "wusheng-station", "wusheng-seat")


@pytest.fixture(scope="module")
def catalog():
    return read_catalog(CATALOG_PATH).catalog


def _site_by_name(catalog, fragment):
    return [s for s in catalog.sites if fragment in s.name.zh]


def test_bundled_catalog_validates():
    """The app starts with the bundled catalog: the validator finds no problem in sites.yaml."""
    read_catalog(CATALOG_PATH)  # raises CatalogError listing every problem


def test_at_least_15_published_sites(catalog):
    """A visitor browsing the public list sees at least 15 places."""
    assert len(catalog.published_sites) >= 15


@pytest.mark.parametrize("fragment", VISITABLE_PLACES)
def test_every_visitable_place_from_the_research_is_published(catalog, fragment):
    """Every place the research found that a visitor can go to is in the public catalog."""
    found = _site_by_name(catalog, fragment)
    assert found, f"no site named like {fragment}"
    assert any(s.published for s in found), f"{fragment} is not published"


def test_snow_beer_stays_a_draft_until_verified(catalog):
    """The bureau sees the unconfirmed Snow Beer brewery as a draft to verify; visitors never see it."""
    (snow,) = _site_by_name(catalog, "雪花")
    assert snow.status is Status.DRAFT
    assert snow.category is Category.BREWERY
    assert snow.provenance.confidence.value == "low"
    assert snow.location.is_estimate and snow.location.radius_m
    notes = snow.provenance.notes
    assert "未经证实" in notes.zh and "unverified" in notes.en.lower()
    assert "30" in notes.en and "S21" in notes.en
    assert "existence" in snow.provenance.assumed


def test_estimates_have_a_radius_and_say_they_are_estimates(catalog):
    """On the map an estimated pin shows an uncertainty circle and the popup says it is an estimate."""
    places = [(s.id, s.location) for s in catalog.sites] + [(p.id, p.location) for p in catalog.start_points]
    for ident, loc in places:
        if loc.is_estimate:
            assert loc.radius_m, ident
            assert "estimate" in loc.source.lower() or "估" in loc.source, ident


def test_only_diaoyucheng_has_a_sourced_point(catalog):
    """Only Diaoyucheng has a published coordinate (Wikipedia, WGS-84); every other site is an estimate in GCJ-02."""
    for site in catalog.sites:
        if site.id == "diaoyucheng":
            assert site.location.datum is Datum.WGS84
            assert site.location.precision is Precision.SURVEYED
        else:
            assert site.location.datum is Datum.GCJ02, site.id
            assert site.location.is_estimate, site.id


def test_unsourced_hours_are_marked_assumed(catalog):
    """A visitor is warned that hours are unconfirmed everywhere except where a source gives them."""
    ids = {s.id for s in catalog.sites}
    assert SOURCED_HOURS <= ids
    for site in catalog.sites:
        if site.id in SOURCED_HOURS:
            assert not site.hours.assumed, site.id
        else:
            assert site.hours.assumed, site.id
            assert "hours" in site.provenance.assumed, site.id


def test_sourced_hours_are_as_the_sources_say(catalog):
    """Diaoyucheng opens 08:30–17:00 daily and Yankou old town is open all day, as the sources say."""
    dyc = catalog.site("diaoyucheng")
    yk = catalog.site("yankou-ancient-town")
    for day in WEEKDAYS:
        assert [str(w) for w in dyc.hours.windows_for(day)] == ["08:30–17:00"]
        assert [(w.opens, w.closes) for w in yk.hours.windows_for(day)] == [(0, 1440)]


def test_tour_slots_are_marked_assumed(catalog):
    """Fixed guided-tour times are invented for planning, so the bureau sees them listed as assumptions."""
    with_slots = [s for s in catalog.sites if s.tour_slots]
    assert len(with_slots) >= 2
    for site in with_slots:
        assert "tour_slots" in site.provenance.assumed, site.id


def _fits(site, day, start, minutes):
    """Can a stop starting at ``start`` for ``minutes`` be made on ``day``?"""
    if site.tour_slots:
        return any(day in slot.days and start in slot.times for slot in site.tour_slots)
    for win in site.hours.windows_for(day):
        last_entry = win.closes - site.hours.last_entry_min
        if win.opens <= start <= last_entry and start + minutes <= win.closes:
            return True
    return False


def _tour_days(catalog, tour):
    days = set(WEEKDAYS)
    for stop in tour.stops:
        site = catalog.site(stop.site)
        minutes = stop.minutes or site.visit_min
        days &= {d for d in WEEKDAYS if _fits(site, d, stop.time, minutes)}
    return days


def test_the_three_brand_tours_exist(catalog):
    """The programme's three headline tours (工业购物游, 企业文化游, 工业遗产游) are offered."""
    brand = {t.id for t in catalog.themes if t.brand}
    assert brand == set(BRAND_THEMES)
    for theme in BRAND_THEMES:
        assert [t for t in catalog.published_tours if t.theme == theme], theme


def test_tour_stops_fit_opening_hours(catalog):
    """Following a curated tour, a visitor finds every stop open when they arrive, on at least one weekday."""
    for tour in catalog.tours:
        assert all(s.time is not None for s in tour.stops), tour.id
        assert _tour_days(catalog, tour), f"{tour.id}: no day of the week on which every stop is open"


def test_tour_stops_are_in_order_and_do_not_overlap(catalog):
    """A tour's suggested times run forward: each stop starts after the previous one ends."""
    for tour in catalog.tours:
        end = 0
        for stop in tour.stops:
            site = catalog.site(stop.site)
            assert stop.time >= end, (tour.id, stop.site)
            end = stop.time + (stop.minutes or site.visit_min)


def test_tours_from_chongqing_allow_for_the_drive(catalog):
    """Leaving Chongqing at 08:00, a visitor can reach the first stop in time (75 min or more on the road)."""
    for tour in catalog.tours:
        if tour.start == "chongqing":
            assert tour.stops[0].time >= parse_time("09:15"), tour.id


def test_tours_use_only_published_sites(catalog):
    """A public tour never sends a visitor to a draft (unverified) site."""
    for tour in catalog.published_tours:
        for stop in tour.stops:
            assert catalog.site(stop.site).published, (tour.id, stop.site)


def test_the_five_start_points_exist(catalog):
    """A visitor can start from Chongqing, Hechuan, Guang'an, Wusheng station or the county seat."""
    ids = {p.id for p in catalog.start_points}
    assert set(START_POINTS) <= ids
    for p in catalog.start_points:
        if p.location.precision is Precision.SURVEYED:
            assert "admin centre" in p.location.source, p.id
    assert catalog.start_point("wusheng-station").location.radius_m == 3000
    for city in ("chongqing", "hechuan", "guangan", "wusheng-seat"):
        assert catalog.start_point(city).lodging, city


def test_every_cited_source_resolves(catalog):
    """Every source a site cites is listed, so the bureau can follow each fact to its page."""
    for site in catalog.sites:
        for src in site.provenance.sources:
            assert src in catalog.sources, (site.id, src)


def test_every_listed_source_is_cited(catalog):
    """The bureau's source list holds only sources the catalog actually uses (by a site, point or travel time)."""
    ref = re.compile(r"\b(S\d+[a-z]?|D\d)\b")
    cited = {src for s in catalog.sites for src in s.provenance.sources}
    texts = [s.location.source for s in catalog.sites] + [p.location.source for p in catalog.start_points]
    texts += [t.source for t in catalog.travel_times]
    for text in texts:
        cited |= set(ref.findall(text))
    assert set(catalog.sources) <= cited, sorted(set(catalog.sources) - cited)


def test_nothing_claims_live_verification(catalog):
    """No site pretends to have been checked: nothing was verified live."""
    for site in catalog.sites:
        assert site.provenance.last_verified is None, site.id


def test_no_unsourced_contact_details(catalog):
    """No phone number or booking link is shown, because no source gives one."""
    for site in catalog.sites:
        assert not (site.booking.phone or site.booking.url), site.id
        assert not (site.contact.phone or site.contact.url or site.contact.wechat), site.id


def test_diaoyucheng_price_note_mentions_both_prices(catalog):
    """A visitor sees both ticket prices found for Diaoyucheng (¥60 in guides, ¥30 in China Daily 2021)."""
    price = catalog.site("diaoyucheng").price
    assert price.amount_cny == 60 and not price.assumed
    assert "¥60" in price.notes.en and "¥30" in price.notes.en
    assert "60元" in price.notes.zh and "30元" in price.notes.zh


def test_only_sourced_prices_are_unassumed(catalog):
    """A price shown as fact comes from a source: only Diaoyucheng's; others are unknown or marked assumed."""
    for site in catalog.sites:
        if site.price.amount_cny is not None and site.id != "diaoyucheng":
            assert site.price.assumed, site.id


def test_meals_and_lodging_only_where_plausible(catalog):
    """Lunch and overnight suggestions point only to places that (by source or stated assumption) offer them."""
    assert {s.id for s in catalog.sites if s.meals} == {"consumer-scene-zone", "baiping-feilong-resort"}
    assert {s.id for s in catalog.sites if s.lodging} == {"baiping-feilong-resort"}
    assert any("meals" in a for a in catalog.site("consumer-scene-zone").provenance.assumed)


def test_short_descriptions_fit_a_card(catalog):
    """The one-line description fits a card: at most 80 Chinese characters, both languages present."""
    for site in catalog.sites:
        assert site.short.zh and site.short.en, site.id
        assert len(site.short.zh) <= 80, site.id


def test_chinese_text_uses_chinese_punctuation(catalog):
    """Chinese text reads naturally: no ASCII commas, semicolons or brackets in zh descriptions."""
    for site in catalog.sites:
        for text in (site.short.zh, site.description.zh):
            assert not re.search(r"[,;()]", text), site.id


def test_no_stray_spaces_in_chinese_text(catalog):
    """Chinese text has no spaces between characters (a folded YAML line break would put one there)."""
    cjk_gap = re.compile(r"[\u3000-\u9fff\uff00-\uffef]\s+[\u3000-\u9fff\uff00-\uffef]")
    texts = [(s.id, t) for s in catalog.sites
             for t in (s.short.zh, s.description.zh, s.provenance.notes.zh, s.price.notes.zh, s.hours.notes.zh)]
    texts += [(t.id, t.summary.zh) for t in catalog.tours]
    for ident, text in texts:
        assert not cjk_gap.search(text), (ident, text)


def test_travel_times_cite_their_source(catalog):
    """Each fixed travel time names the source it comes from, which the catalog lists."""
    assert catalog.travel_times
    for t in catalog.travel_times:
        cited = re.findall(r"\bS\d+[a-z]?\b", t.source)
        assert cited and all(c in catalog.sources for c in cited), t.source


def test_calendar_left_for_the_bureau(catalog):
    """2027 holidays are not guessed: the calendar stays empty until the bureau copies the State Council notice."""
    cal = catalog.calendar
    assert not cal.holidays and not cal.workdays and not cal.years
    assert "国务院" in CATALOG_PATH.read_text(encoding="utf-8")
