"""Typed, immutable records of the catalog: what exists, where, and when it can be visited.

Everything here is plain data. Parsing and validation live in ``catalog.validation``;
nothing in this package imports Flask or folium.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from .hant import TRADITIONAL, to_hant

LANGS = ("zh", "en")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Category(str, Enum):
    FOOD_FACTORY = "food_factory"
    SILK = "silk"
    BREWERY = "brewery"
    MUSEUM = "museum"
    SHOWROOM = "showroom"  # showroom or factory shop
    TASTING = "tasting"  # tasting or experience area
    LAB = "lab"  # laboratory, R&D
    PARK_FACILITY = "park_facility"
    HERITAGE = "heritage"  # heritage or scenic area
    TRANSPORT = "transport"  # station, interchange
    RESTAURANT = "restaurant"


class Datum(str, Enum):
    WGS84 = "wgs84"
    GCJ02 = "gcj02"
    BD09 = "bd09"


class Precision(str, Enum):
    SURVEYED = "surveyed"
    ESTIMATE = "estimate"


class Status(str, Enum):
    PUBLISHED = "published"
    DRAFT = "draft"
    ARCHIVED = "archived"


class Confidence(str, Enum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True)
class LocalizedText:
    zh: str
    en: str
    zh_hant: str = ""  # Traditional: converted from zh when read (catalog.hant), or the bureau's own wording

    def get(self, lang: str) -> str:
        """Text in ``lang`` ("zh", "zh-Hant" and "en" style codes), falling back to the other language.
        "zh" means Traditional while ``catalog.hant.TRADITIONAL`` is set (a zh-Hant page)."""
        lang = lang.lower()
        if lang.startswith("en"):
            return self.en or self.chinese(lang)
        return self.chinese(lang) or self.en

    def chinese(self, lang: str = "zh") -> str:
        if lang in ("zh-hant", "zh_hant") or TRADITIONAL.get():
            return self.zh_hant or to_hant(self.zh)  # text made after loading (plans) converts here, cached
        return self.zh

    def __bool__(self) -> bool:
        return bool(self.zh or self.en)


EMPTY_TEXT = LocalizedText("", "")


@dataclass(frozen=True)
class Location:
    """A point as recorded, in the datum it was recorded in. Convert with ``geo.datum`` before drawing."""

    lat: float
    lon: float
    datum: Datum
    precision: Precision
    radius_m: int | None  # uncertainty radius; required for estimates
    source: str

    @property
    def is_estimate(self) -> bool:
        return self.precision is Precision.ESTIMATE


@dataclass(frozen=True, order=True)
class Window:
    """Minutes after midnight, local time (Asia/Shanghai). ``closes`` may be 1440 (24:00)."""

    opens: int
    closes: int

    def __str__(self) -> str:
        return f"{fmt_minutes(self.opens)}–{fmt_minutes(self.closes)}"


@dataclass(frozen=True)
class OpeningHours:
    weekly: dict[str, tuple[Window, ...]]  # "mon".."sun"; a missing or empty day is closed
    closed_dates: frozenset[date] = frozenset()
    public_holidays: str = "closed"  # "open" or "closed" on Chinese statutory public holidays
    holiday_windows: tuple[Window, ...] | None = None  # hours on public holidays when open; None = that weekday's
    makeup_days: str = "regular"  # on 调休 make-up working days: "regular" weekday hours, or "workday" (Monday's)
    last_entry_min: int = 0  # last admission this many minutes before closing
    assumed: bool = False  # True when no source gives these hours
    notes: LocalizedText = EMPTY_TEXT

    def windows_for(self, weekday: str) -> tuple[Window, ...]:
        return self.weekly.get(weekday, ())


@dataclass(frozen=True)
class TourSlot:
    """A fixed guided tour: the visit starts at one of ``times`` on ``days``."""

    days: tuple[str, ...]
    times: tuple[int, ...]  # minutes after midnight
    duration_min: int
    capacity: int | None  # visitors per slot; None = not limited
    language: tuple[str, ...] = ("zh",)


@dataclass(frozen=True)
class Booking:
    required: bool = False
    lead_hours: int = 0  # must be booked at least this long before the visit
    phone: str = ""
    url: str = ""
    notes: LocalizedText = EMPTY_TEXT


@dataclass(frozen=True)
class Price:
    amount_cny: float | None = None  # None = unknown; 0 = free
    notes: LocalizedText = EMPTY_TEXT
    assumed: bool = False


@dataclass(frozen=True)
class Accessibility:
    step_free: bool | None = None  # None = unknown
    coach_parking: bool | None = None
    notes: LocalizedText = EMPTY_TEXT


@dataclass(frozen=True)
class Rules:
    photography: str = "unknown"  # allowed | restricted | forbidden | unknown
    closed_shoes: bool = False
    min_age: int | None = None
    max_group: int | None = None  # largest group admitted at once
    notes: LocalizedText = EMPTY_TEXT


@dataclass(frozen=True)
class Contact:
    phone: str = ""
    url: str = ""
    wechat: str = ""


@dataclass(frozen=True)
class Verification:
    """One fact confirmed by the bureau: which, against what source, by whom, when."""

    fact: str  # one of catalog.verification.FACTS
    source: str  # a source id or a description ("phone call to the site office")
    by: str
    on: date


@dataclass(frozen=True)
class Provenance:
    sources: tuple[str, ...]  # ids into Catalog.sources
    last_verified: date | None
    confidence: Confidence
    assumed: tuple[str, ...] = ()  # which facts are assumptions, e.g. ("hours", "price")
    notes: LocalizedText = EMPTY_TEXT
    verified: tuple[Verification, ...] = ()


@dataclass(frozen=True)
class Photo:
    """An uploaded picture, stored once under its content hash (``storage.photos``); the list order is the
    bureau's, and the first photo is the cover."""

    file: str  # content hash of the uploaded bytes: names the stored folder of sizes
    caption: LocalizedText = EMPTY_TEXT
    credit: str = ""  # who took it, shown beside it
    licence: str = ""  # e.g. "CC BY 4.0" or "© 武胜县文旅局, used with permission"


@dataclass(frozen=True)
class Site:
    id: str
    status: Status
    name: LocalizedText
    short: LocalizedText
    description: LocalizedText
    category: Category
    themes: tuple[str, ...]
    location: Location
    address: LocalizedText
    hours: OpeningHours
    tour_slots: tuple[TourSlot, ...]
    visit_min: int  # typical visit length, minutes
    booking: Booking
    price: Price
    accessibility: Accessibility
    rules: Rules
    contact: Contact
    score: int  # planning score, 1 (minor) to 10 (unmissable)
    provenance: Provenance
    meals: bool = False  # serves lunch: a restaurant or a tasting stop where visitors can eat
    lodging: bool = False  # can be an overnight base
    photos: tuple[Photo, ...] = ()

    @property
    def published(self) -> bool:
        return self.status is Status.PUBLISHED

    @property
    def hours_unverified(self) -> bool:
        return self.hours.assumed or self.provenance.last_verified is None


@dataclass(frozen=True)
class StartPoint:
    id: str
    name: LocalizedText
    location: Location
    lodging: bool = False


@dataclass(frozen=True)
class TourStop:
    site: str
    time: int | None  # suggested start, minutes after midnight
    minutes: int | None  # suggested stay; None = the site's visit_min
    note: LocalizedText = EMPTY_TEXT


@dataclass(frozen=True)
class Tour:
    id: str
    status: Status
    theme: str
    name: LocalizedText
    summary: LocalizedText
    start: str  # a start point id
    stops: tuple[TourStop, ...]
    photos: tuple[Photo, ...] = ()


@dataclass(frozen=True)
class Theme:
    id: str
    name: LocalizedText
    brand: bool = False  # one of the programme's three headline tour types


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str
    publisher: str = ""
    date: str = ""
    reliability: Confidence = Confidence.MEDIUM


@dataclass(frozen=True)
class TravelOverride:
    """A known travel time between two places (site or start point ids). A measured one (a route app's time
    or a timed drive) beats the estimate; a claim (a published statement, often promotional) is kept for
    reference only."""

    origin: str
    destination: str
    mode: str
    minutes: int
    km: float | None
    source: str
    both_ways: bool = True
    basis: str = "measured"  # "measured" | "claim"


@dataclass(frozen=True)
class HolidayCalendar:
    """Public holidays and make-up working days the bureau enters from the State Council's yearly notice."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    years: frozenset[int] = frozenset()  # years fully covered by the two lists above
    source: str = ""


@dataclass(frozen=True)
class Catalog:
    sites: tuple[Site, ...]
    tours: tuple[Tour, ...]
    start_points: tuple[StartPoint, ...]
    themes: tuple[Theme, ...]
    sources: dict[str, Source]
    travel_times: tuple[TravelOverride, ...] = ()
    calendar: HolidayCalendar = field(default_factory=HolidayCalendar)
    version: str = ""  # content hash of the file it came from

    def __post_init__(self) -> None:
        object.__setattr__(self, "_sites_by_id", {s.id: s for s in self.sites})
        object.__setattr__(self, "_tours_by_id", {t.id: t for t in self.tours})
        object.__setattr__(self, "_starts_by_id", {p.id: p for p in self.start_points})
        object.__setattr__(self, "_themes_by_id", {t.id: t for t in self.themes})

    def site(self, site_id: str) -> Site | None:
        return self._sites_by_id.get(site_id)  # type: ignore[attr-defined]

    def tour(self, tour_id: str) -> Tour | None:
        return self._tours_by_id.get(tour_id)  # type: ignore[attr-defined]

    def start_point(self, point_id: str) -> StartPoint | None:
        return self._starts_by_id.get(point_id)  # type: ignore[attr-defined]

    def theme(self, theme_id: str) -> Theme | None:
        return self._themes_by_id.get(theme_id)  # type: ignore[attr-defined]

    @property
    def published_sites(self) -> tuple[Site, ...]:
        return tuple(s for s in self.sites if s.published)

    @property
    def published_tours(self) -> tuple[Tour, ...]:
        return tuple(t for t in self.tours if t.status is Status.PUBLISHED)


def fmt_minutes(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}"
