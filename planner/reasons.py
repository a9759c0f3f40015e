"""Why a site is not in the plan, and other notes, in words a visitor understands (zh and en)."""
from __future__ import annotations

from dataclasses import dataclass, field

from catalog.model import fmt_minutes

from .words import N_, say

# code -> English msgid; the Chinese is in the Babel catalog (planner.words). Placeholders: %(name)s the site,
# %(others)s names, %(time)s hh:mm, %(hours)s, %(n)s.
TEXTS: dict[str, str] = {
    'excluded': N_('You excluded it.'),
    'closed': N_('Closed on your date.'),
    'closed_holiday': N_('Closed on public holidays.'),
    'closed_date': N_('Closed on that date.'),
    'no_slot': N_('Visits are by guided tour only, and no tour time fits that day.'),
    'slot_full': N_('No guided tour that day takes a group of %(n)s.'),
    'booking_lead': N_('Must be booked at least %(hours)s hours ahead; that is too late for this trip.'),
    'not_step_free': N_('Not confirmed step-free.'),
    'group_too_big': N_('Takes groups of at most %(n)s.'),
    'min_age': N_('Visitors must be at least %(n)s.'),
    'deadline': N_('Would miss your return time (%(time)s).'),
    'window': N_('Cannot be reached while it is open.'),
    'lunch': N_('Would leave no time for lunch.'),
    'worth_less': N_('Worth less to you than what it would displace: %(others)s.'),
    'must_first': N_('No room left beside your must-visits.'),
    'no_room': N_('No room for it in this plan as it stands.'),
    'not_interesting': N_('Does not match your interests, and time is short.'),
    'transport': N_('A transport hub, not a place to visit.'),
    'conflict': N_('%(others)s cannot all be fitted in: %(why)s'),
    'conflict_deadline': N_('they cannot all be reached before %(time)s.'),
    'conflict_window': N_('their opening times do not line up.'),
    'conflict_closed': N_('one is closed on your date.'),
    'conflict_break': N_('they leave no time for lunch.'),
    'conflict_tours': N_('there are not enough days.'),
    'must_unavailable': N_('%(others)s: %(why)s'),
    'booking_needed': N_('%(name)s: book ahead%(contact)s.'),
    'estimated_position': N_('%(name)s: the position is an estimate (up to %(n)s km off); confirm the address before driving.'),
    'unverified_hours': N_('%(name)s: opening hours are not confirmed by any source; call ahead.'),
    'provisional_holidays': N_('Holiday dates for %(n)s are provisional until the State Council publishes them.'),
    'routing_fallback': N_('The routing service did not answer; travel times are estimates.'),
    'holiday_traffic': N_('Holiday traffic on %(date)s: road times are planned %(n)s%% slower than usual; leave early.'),
    'no_lunch_venue': N_('No restaurant or tasting stop fits on day %(n)s: lunch is near your stops.'),
    'must_late_slot': N_('%(name)s: the %(start)s guided tour ends at %(end)s; leaving at %(leave)s with a %(drive)s min drive, you are back at %(back)s, %(late)s min after your %(time)s.'),
    'must_late': N_('%(name)s: a visit from %(start)s to %(end)s; leaving at %(leave)s with a %(drive)s min drive, you are back at %(back)s, %(late)s min after your %(time)s.'),
    'must_window': N_('%(name)s: the earliest you can be there is %(arrive)s, after its last entry at %(limit)s.'),
    'must_lunch': N_('%(name)s: it leaves no time for lunch between %(from)s and %(to)s.'),
    'must_closed': N_('%(name)s: closed on your date.'),
    'must_beside': N_('%(name)s does not fit beside %(others)s: together you would be back at %(back)s, %(late)s min after your %(time)s.'),
    'must_beside_other': N_('%(name)s does not fit on the same day as %(others)s.'),
    'must_blocked': N_('%(name)s cannot be fitted in.'),
    'musts_left_out': N_('%(reasons)s'),
    'no_visit': N_('This plan has no visit.'),
    'must_left_out': N_('Not every must-visit is in this plan.'),
    'cause_count': N_('%(n)s of %(total)s sites: %(why)s'),
    'cause_named': N_('%(name)s: %(why)s'),
    'alt_date': N_('Go on %(date)s (%(weekday)s)'),
    'alt_depart': N_('Leave at %(time)s'),
    'alt_return': N_('Come back by %(time)s'),
    'alt_no_lunch': N_('Skip the lunch break'),
    'alt_no_step_free': N_('Plan without the step-free filter (those sites are not confirmed step-free: call ahead)'),
    'alt_keep_only': N_('Keep %(name)s and let %(others)s go'),
    'alt_instead': N_('Visit %(name)s instead (the same kind of place)'),
    'alt_group': N_('Come in groups of at most %(n)s'),
}


@dataclass(frozen=True)
class Reason:
    code: str
    params: dict = field(default_factory=dict, compare=False, hash=False)

    def message(self, lang: str) -> str:
        params = {k: (v.get(lang) if isinstance(v, dict) else v) for k, v in self.params.items()}
        return say(TEXTS[self.code], lang, params)

    def to_dict(self) -> dict:
        return {"code": self.code, "message": {"zh": self.message("zh"), "en": self.message("en")}}


def names(items: list[tuple[str, str]], lang: str) -> str:
    """[(zh, en), ...] -> '宝箴塞、安泰丝绸' or 'Baozhen Fortress and Antai Silk'."""
    chosen = [zh if not lang.startswith("en") else en for zh, en in items]
    if lang.startswith("en"):
        return chosen[0] if len(chosen) == 1 else ", ".join(chosen[:-1]) + " and " + chosen[-1]
    return "、".join(chosen)


def bilingual_names(items: list[tuple[str, str]]) -> dict:
    return {"zh": names(items, "zh"), "en": names(items, "en")}


def clock(minutes: int) -> str:
    return fmt_minutes(minutes % 1440)
