"""What the catalog records about a site besides its identity: hours, guided tour slots, booking, price,
access, rules, contact, where the facts come from, and photos.

Re-exported by ``catalog.model``; import them from there.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .values import EMPTY_TEXT, Confidence, LocalizedText


def fmt_minutes(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}"


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
