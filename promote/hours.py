"""A week of opening hours in one short line, for print: "Tue–Sun 09:00–17:00 · Mon closed"."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from catalog.model import WEEKDAYS, OpeningHours


@dataclass(frozen=True)
class HoursWords:
    days: Mapping[str, str]  # "mon" -> "Mon" / "周一"
    daily: str  # "Daily" / "每天"
    closed: str  # "closed" / "闭馆"
    by_appointment: str  # every day closed: "By appointment" / "预约参观"
    unconfirmed: str  # "(unconfirmed)" / "（未经确认）"
    always: str = "00:00–24:00"  # open round the clock: "Open all day" / "全天开放"
    separator: str = " · "


def weekly_summary(hours: OpeningHours, words: HoursWords) -> str:
    """Runs of consecutive days with the same windows, in week order; closed days last."""
    spans: list[tuple[list[str], str]] = []
    for day in WEEKDAYS:
        text = ", ".join(str(w) for w in hours.windows_for(day))
        if spans and spans[-1][1] == text:
            spans[-1][0].append(day)
        else:
            spans.append(([day], text))
    if all(not text for _, text in spans):
        line = words.by_appointment
    elif len(spans) == 1:
        line = words.always if spans[0][1] == "00:00–24:00" else f"{words.daily} {spans[0][1]}"
    else:
        open_parts = [f"{_days(d, words)} {text}" for d, text in spans if text]
        closed_parts = [f"{_days(d, words)} {words.closed}" for d, text in spans if not text]
        line = words.separator.join(open_parts + closed_parts)
    return f"{line} {words.unconfirmed}" if hours.assumed else line


def _days(days: list[str], words: HoursWords) -> str:
    if len(days) == 1:
        return words.days[days[0]]
    return f"{words.days[days[0]]}–{words.days[days[-1]]}"
