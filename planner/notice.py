"""A plan that misses its point says so first: no visit at all, or a must-visit left out.

The notice names the real cause (the filter that left every site out, the rule that blocks each must-visit)
and offers the nearest changes that work. Every offered change is planned for real before it is offered:
another date, leaving earlier, coming back later, no lunch break, letting a clashing must-visit go, a
site of the same kind that fits, and, for a step-free trip with nothing confirmed step-free, planning
without that filter (said plainly). The number of trial plans is fixed (not a clock), so the same request
always gets the same suggestions.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Callable

from catalog.model import WEEKDAYS

from .calendar import CalendarUnknown
from .candidates import Candidates
from .itinerary import Itinerary
from .reasons import Reason, bilingual_names, clock
from .request import RequestError, TripRequest
from .words import N_, say

MAX_TRIALS = 6  # trial plans per notice (a day trip): a bounded cost, paid only by plans that miss their point
MAX_TRIALS_LONG = 3  # a trip of several days: each trial is a multi-day solve
MAX_OFFERS = 4
DATES_AHEAD = 7
QUIET = ("transport", "excluded")  # reasons that are no cause of an empty day
WEEKDAY_WORDS = {"mon": N_("Mon"), "tue": N_("Tue"), "wed": N_("Wed"), "thu": N_("Thu"), "fri": N_("Fri"),
                 "sat": N_("Sat"), "sun": N_("Sun")}  # msgids: the Chinese is in the Babel catalog


@dataclass(frozen=True)
class Alternative:
    change: Reason  # what to change, in words
    request: dict  # the changed trip's permalink fields
    visits: int  # stops the changed trip gets

    def to_dict(self) -> dict:
        return {**self.change.to_dict(), "request": self.request, "stops": self.visits}


@dataclass(frozen=True)
class Notice:
    code: str  # "no_visit" | "must_left_out"
    causes: tuple[Reason, ...]
    alternatives: tuple[Alternative, ...] = ()

    @property
    def headline(self) -> Reason:
        return Reason(self.code)

    def to_dict(self) -> dict:
        return {**self.headline.to_dict(), "causes": [c.to_dict() for c in self.causes],
                "alternatives": [a.to_dict() for a in self.alternatives]}


def _named(skipped) -> Reason:
    if skipped.reason.code.startswith("must_"):
        return skipped.reason
    return Reason("cause_named", {"name": {"zh": skipped.name.zh, "en": skipped.name.en},
                                  "why": {"zh": skipped.reason.message("zh"), "en": skipped.reason.message("en")}})


def notice_for(it: Itinerary, req: TripRequest, cands: Candidates) -> Notice | None:
    visited = {v.site for v in it.visits}
    missing = [s for s in it.skipped if s.site in req.must and s.site not in visited]
    if missing:
        return Notice("must_left_out", tuple(_named(s) for s in missing))
    if it.visits:
        return None
    counted = Counter(s.reason.code for s in it.skipped if s.reason.code not in QUIET)
    total = sum(counted.values())
    causes = []
    for code, n in counted.most_common(2):
        sample = next(s.reason for s in it.skipped if s.reason.code == code)
        causes.append(Reason("cause_count", {"n": n, "total": total,
                                             "why": {"zh": sample.message("zh"), "en": sample.message("en")}}))
    return Notice("no_visit", tuple(causes))


FILTERS = ("not_step_free", "group_too_big", "slot_full")  # causes no change of time or date can remove


def _changes(it: Itinerary, req: TripRequest, cands: Candidates):
    """(change in words, changed request) in the order a visitor would try them; when a filter left every
    site out, relaxing it is the only change that can help."""
    codes = Counter(s.reason.code for s in it.skipped if s.reason.code not in QUIET)
    if not it.visits and codes and all(c in FILTERS for c in codes):
        yield from _relaxed(req, cands)
        return
    yield from _timing(it, req, cands)
    yield from _relaxed(req, cands)


def _relaxed(req: TripRequest, cands: Candidates):
    if req.step_free:
        yield Reason("alt_no_step_free"), req.with_(step_free=False)
    caps = sorted({c for s, _ in cands.dropped for c in _caps(s) if c < req.group}, reverse=True)
    for cap in caps[:2]:
        yield Reason("alt_group", {"n": cap}), req.with_(group=cap)


def _caps(site) -> list[int]:
    caps = [site.rules.max_group] if site.rules.max_group else []
    return caps + [slot.capacity for slot in site.tour_slots if slot.capacity]


def _timing(it: Itinerary, req: TripRequest, cands: Candidates):
    visited = {v.site for v in it.visits}
    missing = [m for m in req.must if m not in visited]
    site_of = {c.site.id: c.site for c in cands.chosen} | {s.id: s for s, _ in cands.dropped}
    kept = [m for m in req.must if m in visited]
    for m in missing:
        if kept and m in {c.site.id for c in cands.chosen}:
            names = [(site_of[k].name.zh, site_of[k].name.en) for k in kept]
            yield Reason("alt_keep_only", {"name": {"zh": site_of[m].name.zh, "en": site_of[m].name.en},
                                           "others": bilingual_names(names)}), \
                req.with_(must=tuple(x for x in req.must if x not in kept))
    if req.depart > 6 * 60:
        for early in (60, 120):
            t = max(6 * 60, req.depart - early)
            yield Reason("alt_depart", {"time": clock(t)}), req.with_(depart=t)
    for late in (60, 120):
        t = min(23 * 60 + 30, req.return_by + late)
        if t > req.return_by:
            yield Reason("alt_return", {"time": clock(t)}), req.with_(return_by=t)
    if req.lunch:
        yield Reason("alt_no_lunch"), req.with_(lunch=False)
    for ahead in range(1, DATES_AHEAD + 1):
        day = req.date + timedelta(days=ahead)
        word = WEEKDAY_WORDS[WEEKDAYS[day.weekday()]]
        yield Reason("alt_date", {"date": day.isoformat(), "weekday": {lang: say(word, lang) for lang in ("zh", "en")}}), \
            req.with_(date=day)
    for m in missing:
        same = [c.site for c in cands.chosen if c.site.id not in req.must and m in site_of
                and c.site.category == site_of[m].category]
        for site in same[:2]:
            yield Reason("alt_instead", {"name": {"zh": site.name.zh, "en": site.name.en}}), \
                req.with_(must=tuple(site.id if x == m else x for x in req.must))


def _works(found: Itinerary, changed: TripRequest) -> bool:
    visited = {v.site for v in found.visits}
    return bool(visited) and all(m in visited for m in changed.must)


def with_alternatives(notice: Notice, it: Itinerary, req: TripRequest, cands: Candidates,
                      replan: Callable[[TripRequest], Itinerary]) -> Notice:
    offers: list[Alternative] = []
    trials, date_found, kinds = 0, False, set()
    budget = MAX_TRIALS if req.days == 1 else MAX_TRIALS_LONG
    for change, changed in _changes(it, req, cands):
        if trials >= budget or len(offers) >= MAX_OFFERS:
            break
        if change.code in kinds and change.code != "alt_instead":
            continue  # one offer per kind: the nearest change of that kind that works
        if change.code == "alt_date" and date_found:
            continue
        trials += 1
        try:
            found = replan(changed)
        except (RequestError, CalendarUnknown):
            continue
        if _works(found, changed):
            kinds.add(change.code)
            date_found |= change.code == "alt_date"
            offers.append(Alternative(change, changed.to_params(), len(found.visits)))
    return replace(notice, alternatives=tuple(offers))
