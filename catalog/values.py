"""The catalog's plain values: languages, enumerations, bilingual text and a recorded point.

Re-exported by ``catalog.model``; import them from there.
"""
from __future__ import annotations

from dataclasses import dataclass
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
