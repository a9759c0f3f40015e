"""A plan's notice (no visit, or a must-visit left out) as words for the files: said first in each export,
in the visitor's language, as the page and print sheet say it. Pure: the alternatives' links come in."""
from __future__ import annotations

from dataclasses import dataclass

from planner.notice import Notice
from planner.words import N_, say, say_n

LEAD = N_("These changes work (each one planned for you):")
NO_CHANGE = N_("No nearby change of date, times or lunch makes it work: change the sites or filters on the plan page.")


@dataclass(frozen=True)
class NoticeText:
    code: str  # "no_visit" | "must_left_out"
    title: str
    causes: tuple[str, ...]
    lead: str
    alternatives: tuple[tuple[str, int, str], ...]  # (change in words, stops it gets, its permalink)

    def lines(self, lang: str) -> list[str]:
        left, right = ("(", ")") if lang.startswith("en") else ("（", "）")
        alts = [f"- {text} {left}{say_n('%(num)d stop', '%(num)d stops', stops, lang)}{right}"
                + (f" {link}" if link else "") for text, stops, link in self.alternatives]
        return [self.title, *(f"- {c}" for c in self.causes), self.lead, *alts]

    def to_dict(self) -> dict:
        return {"code": self.code, "title": self.title, "causes": list(self.causes), "lead": self.lead,
                "alternatives": [{"change": t, "stops": n, "permalink": link or None}
                                 for t, n, link in self.alternatives]}


def notice_text(notice: Notice | None, lang: str, links: list[str] = ()) -> NoticeText | None:
    """``links``: each alternative's permalink, in order (or none)."""
    if notice is None:
        return None
    alts = tuple((a.change.message(lang), a.visits, link)
                 for a, link in zip(notice.alternatives, [*links, *[""] * len(notice.alternatives)]))
    return NoticeText(notice.code, notice.headline.message(lang), tuple(c.message(lang) for c in notice.causes),
                      say(LEAD if alts else NO_CHANGE, lang), alts)
