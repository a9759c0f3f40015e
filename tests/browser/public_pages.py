"""Every page a visitor (or a partner's embed) can reach, for the tests that walk all of them."""
from __future__ import annotations

from tests.plan_helpers import TRIP, TWO_DAYS, query

PUBLIC = {
    "home": "/",
    "sites": "/sites",
    "site": "/sites/maoge-food-wusheng",
    "site-estimate": "/sites/baozhen-fortress",
    "tour": "/tours/industrial-shopping",
    "plan-form": "/plan",
    "plan-result": "/plan?" + query(TRIP),
    "plan-2days": "/plan?" + query(TWO_DAYS),
    "plan-print": "/plan/print?" + query(TRIP),
}
EMBEDS = {
    "embed-map": "/embed/map",
    "embed-site": "/embed/sites/maoge-food-wusheng",
    "embed-tour": "/embed/tours/industrial-shopping",
    "embed-plan": "/embed/plan?" + query(TRIP),
}
ALL = {**PUBLIC, **EMBEDS}


def with_lang(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"
