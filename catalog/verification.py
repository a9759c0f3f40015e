"""The verification queue: each site's checkable facts, which are assumed, which only come from public reports,
which the bureau has confirmed; and marking one confirmed in the round-trip document. Pure: no Flask.

A fact is *verified* when ``provenance.verified`` holds a record for it (source, who, when); otherwise it is
*assumed* when the catalog says so (``provenance.assumed``, ``hours.assumed``, ``price.assumed``, an estimated
position) and *unverified* when it comes from a public report nobody has checked with the site.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from .model import Catalog, Site, Verification
from .site_validation import VERIFIABLE

FACTS = VERIFIABLE
# provenance.assumed entries a confirmation of the fact settles.
SETTLES = {"existence": ("existence", "identity"), "location": ("location",), "hours": ("hours", "last_entry"),
           "tour_slots": ("tour_slots",), "booking": ("booking",), "price": ("price",),
           "accessibility": ("accessibility",)}


class CannotVerify(ValueError):
    """``code``: "estimate" (an estimated position cannot be confirmed as it is) or "no_fact"."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class FactState:
    fact: str
    state: str  # "assumed" | "unverified" | "verified"
    record: Verification | None = None


def applies(site: Site, fact: str) -> bool:
    return fact != "tour_slots" or bool(site.tour_slots) or "tour_slots" in site.provenance.assumed


def state(site: Site, fact: str) -> FactState:
    record = next((v for v in site.provenance.verified if v.fact == fact), None)
    if record is not None:
        return FactState(fact, "verified", record)
    assumed = any(a in site.provenance.assumed for a in SETTLES[fact]) or (
        (fact == "hours" and site.hours.assumed) or (fact == "price" and site.price.assumed)
        or (fact == "location" and site.location.is_estimate))
    return FactState(fact, "assumed" if assumed else "unverified")


def facts(site: Site) -> list[FactState]:
    return [state(site, f) for f in FACTS if applies(site, f)]


def counts(catalog: Catalog) -> tuple[int, int]:
    """(verified facts, all checkable facts) over the sites that are not archived."""
    states = [s for site in catalog.sites if not site.archived for s in facts(site)]
    return sum(s.state == "verified" for s in states), len(states)


def queue(catalog: Catalog, visits: dict[str, int] | None = None) -> list[tuple[Site, list[FactState]]]:
    """Sites with facts still to verify, most-visited first (``visits``: site id -> count), then by planning score,
    then in catalog order; assumed facts before merely unverified ones."""
    visits = visits or {}
    order = {site.id: i for i, site in enumerate(catalog.sites)}
    out = []
    for site in catalog.sites:
        if site.archived:
            continue
        todo = [s for s in facts(site) if s.state != "verified"]
        if todo:
            todo.sort(key=lambda s: (s.state != "assumed", FACTS.index(s.fact)))
            out.append((site, todo))
    out.sort(key=lambda item: (-visits.get(item[0].id, 0), -item[0].score, order[item[0].id]))
    return out


def mark(node: Any, fact: str, source: str, by: str, on: date) -> list[str]:
    """Record ``fact`` of the site mapping ``node`` as confirmed; return the changed paths."""
    if fact not in FACTS:
        raise CannotVerify("no_fact")
    if fact == "location" and (node.get("location") or {}).get("precision", "estimate") == "estimate":
        raise CannotVerify("estimate")
    prov = node.setdefault("provenance", CommentedMap())
    changed = ["provenance.verified"]
    assumed = prov.get("assumed")
    if isinstance(assumed, list):
        for item in [a for a in assumed if a in SETTLES[fact]]:
            assumed.remove(item)
            changed.append("provenance.assumed")
    section = {"hours": "hours", "price": "price"}.get(fact)
    if section and isinstance(node.get(section), dict) and node[section].get("assumed"):
        del node[section]["assumed"]
        changed.append(f"{section}.assumed")
    records = prov.setdefault("verified", CommentedSeq())
    for old in [r for r in records if isinstance(r, dict) and r.get("fact") == fact]:
        records.remove(old)
    record = CommentedMap()
    record["fact"] = fact
    record["source"] = DoubleQuotedScalarString(source)  # quoted: a source may hold colons, "#" or a time
    record["by"] = DoubleQuotedScalarString(by)
    record["on"] = on
    record.fa.set_flow_style()
    records.append(record)
    return changed


def settle_last_verified(node: Any, site: Site, fact: str, on: date) -> bool:
    """Once every checkable fact of the site is confirmed (``fact`` just now, on ``on``), ``last_verified`` is the
    oldest confirmation: the date from which the whole record is known to hold. True if it was set."""
    others = [s for s in facts(site) if s.fact != fact]
    if any(s.state != "verified" for s in others):
        return False
    node["provenance"]["last_verified"] = min([on, *(s.record.on for s in others if s.record)])
    return True
