"""Typed, immutable records of the catalog: what exists, where, and when it can be visited.

Everything here is plain data. The records are declared in three modules and all importable from here:
``catalog.values`` (languages, enumerations, bilingual text, a recorded point), ``catalog.site_facts`` (hours,
booking, price and the other facts of a site) and this module (sites, tours, start points and the catalog
itself, with the publication rules visitors' pages follow). Parsing and validation live in
``catalog.validation``; nothing in this package imports Flask or folium.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .site_facts import (Accessibility, Booking, Contact, OpeningHours, Photo, Price, Provenance, Rules, TourSlot,
                         Verification, Window, fmt_minutes)
from .values import EMPTY_TEXT, LANGS, WEEKDAYS, Category, Confidence, Datum, LocalizedText, Location, Precision, Status

__all__ = ["LANGS", "WEEKDAYS", "Category", "Datum", "Precision", "Status", "Confidence", "LocalizedText", "EMPTY_TEXT",
           "Location", "fmt_minutes", "Window", "OpeningHours", "TourSlot", "Booking", "Price",
           "Accessibility", "Rules", "Contact", "Verification", "Provenance", "Photo", "Site", "StartPoint",
           "TourStop", "Tour", "Theme", "Source", "TravelOverride", "HolidayCalendar", "Catalog"]


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
        """Shown to visitors, planned and promoted (a draft or archived site is for staff only)."""
        return self.status is Status.PUBLISHED

    @property
    def archived(self) -> bool:
        """Retired: kept for history, out of every list, plan and verification queue."""
        return self.status is Status.ARCHIVED

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

    @property
    def published(self) -> bool:
        """Shown to visitors and promoted, like ``Site.published``."""
        return self.status is Status.PUBLISHED


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
        return tuple(t for t in self.tours if t.published)

    def public_site(self, site_id: str) -> Site | None:
        """The site if visitors may see it: published; None for an unknown, draft or archived id."""
        site = self.site(site_id)
        return site if site is not None and site.published else None

    def public_tour(self, tour_id: str) -> Tour | None:
        """The tour if visitors may see it: published; None otherwise."""
        tour = self.tour(tour_id)
        return tour if tour is not None and tour.published else None
