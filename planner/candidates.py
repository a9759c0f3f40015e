"""Which sites can be visited on each day of a trip, when, for how long, and what each is worth.

Sites that cannot be visited at all get their reason here (closed, no tour slot, booking lead time,
group size, step-free access), before the optimiser sees anything.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from catalog.model import Catalog, Category, Site

from .calendar import OpenDay, open_day
from .reasons import Reason
from .request import TripRequest
from .solver import Window

TZ = ZoneInfo("Asia/Shanghai")
PACE = {"relaxed": (1.25, 15), "normal": (1.0, 5), "packed": (0.8, 0)}  # visit length factor, slack minutes
SCORE_SCALE = 100  # solver scores are integers
OFF_INTEREST = 0.2  # weight of a site that matches none of the chosen interests
MUST_BOOST = 10  # a must-visit released from a conflict still outranks everything else


@dataclass(frozen=True)
class Candidate:
    site: Site
    windows: tuple[tuple[Window, ...], ...]  # per day
    duration: int
    score: int
    required: bool
    guided: bool


@dataclass(frozen=True)
class Candidates:
    chosen: tuple[Candidate, ...]
    dropped: tuple[tuple[Site, Reason], ...]
    days: tuple[datetime, ...]  # local midnight of each trip day
    open_days: dict  # (site id, day index) -> OpenDay, for venues and notes


def interest_weight(site: Site, req: TripRequest) -> float:
    if not req.interests:
        return 1.0
    matched = sum(w for key, w in req.interests if key in site.themes or key == site.category.value)
    return OFF_INTEREST + matched


def hotpot_meal(site: Site, req: TripRequest) -> bool:
    """A hotpot trip's hotpot meal or tasting: it belongs in the plan whenever it is open."""
    return site.meals and "hotpot" in site.themes and any(key == "hotpot" and w > 0 for key, w in req.interests)


def visit_minutes(site: Site, req: TripRequest) -> int:
    factor, slack = PACE[req.pace]
    return max(10, round(site.visit_min * factor)) + slack


def build(req: TripRequest, catalog: Catalog, now: datetime) -> Candidates:
    midnights = tuple(datetime.combine(req.date + timedelta(days=k), datetime.min.time(), TZ) for k in range(req.days))
    today = now.astimezone(TZ).date()
    chosen, dropped, open_days = [], [], {}
    for site in catalog.published_sites:
        days = [open_day(site, m.date(), catalog.calendar, today) for m in midnights]
        for k, d in enumerate(days):
            open_days[(site.id, k)] = d
        required = site.id in req.must
        reason = static_reason(site, req, required)
        if reason is not None:
            dropped.append((site, reason))
            continue
        per_day, why = [], []
        for k, d in enumerate(days):
            wins, miss = _windows(site, d, req, midnights[k], now)
            per_day.append(wins)
            if miss:
                why.append(miss)
        if not any(per_day):
            dropped.append((site, _pick(why)))
            continue
        boost = MUST_BOOST if required or hotpot_meal(site, req) else 1
        score = round(site.score * SCORE_SCALE * interest_weight(site, req) * boost)
        chosen.append(Candidate(site, tuple(per_day), visit_minutes(site, req), score, required,
                                bool(site.tour_slots)))
    return Candidates(tuple(chosen), tuple(dropped), midnights, open_days)


def static_reason(site: Site, req: TripRequest, required: bool) -> Reason | None:
    if site.id in req.exclude:
        return Reason("excluded")
    if site.category is Category.TRANSPORT and not required:
        return Reason("transport")
    if req.step_free and site.accessibility.step_free is not True:
        return Reason("not_step_free")
    if site.rules.max_group is not None and req.group > site.rules.max_group:
        return Reason("group_too_big", {"n": site.rules.max_group})
    return None


def _windows(site: Site, day: OpenDay, req: TripRequest, midnight: datetime,
             now: datetime) -> tuple[tuple[Window, ...], Reason | None]:
    if not day.is_open:
        code = {"public_holiday": "closed_holiday", "closed_date": "closed_date"}.get(day.closed_reason, "closed")
        return (), Reason(code)
    earliest = 0
    if site.booking.required and site.booking.lead_hours:
        bookable_from = now + timedelta(hours=site.booking.lead_hours)
        earliest = max(0, int((bookable_from - midnight).total_seconds() // 60) + 1)
    _, slack = PACE[req.pace]
    if site.tour_slots:
        if not day.slots:
            return (), Reason("no_slot")
        fits = [(t, dur) for t, dur, cap in day.slots if cap is None or cap >= req.group]
        if not fits:
            return (), Reason("slot_full", {"n": req.group})
        wins = tuple(Window(t, t, dur + slack) for t, dur in fits if t >= earliest)
    else:
        length = visit_minutes(site, req)
        wins = tuple(Window(max(w.opens, earliest), min(w.closes - site.hours.last_entry_min, w.closes - length))
                     for w in day.windows)
        wins = tuple(w for w in wins if w.latest >= w.earliest)
        if not wins:
            too_short = all(w.closes - w.opens < length for w in day.windows)
            return (), Reason("window") if too_short and not earliest else _lead(site)
    return (wins, None) if wins else ((), _lead(site))


def _lead(site: Site) -> Reason:
    return Reason("booking_lead", {"hours": site.booking.lead_hours})


def _pick(reasons: list[Reason]) -> Reason:
    """The most useful of the per-day reasons: what the visitor could change first."""
    order = ["booking_lead", "slot_full", "no_slot", "window", "closed_holiday", "closed_date", "closed"]
    return min(reasons, key=lambda r: order.index(r.code) if r.code in order else len(order))
