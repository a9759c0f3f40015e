"""Filtering the catalog's sites for lists and maps."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from .model import Catalog, Site
from .search import matches, rank


@dataclass(frozen=True)
class SiteFilter:
    category: str = ""
    theme: str = ""
    query: str = ""
    is_open: Callable[[Site], bool] | None = None  # e.g. "open on the chosen date"


def filter_sites(catalog: Catalog, f: SiteFilter, sites: Iterable[Site] | None = None) -> list[Site]:
    chosen = [
        s for s in (catalog.published_sites if sites is None else sites)
        if (not f.category or s.category.value == f.category)
        and (not f.theme or f.theme in s.themes)
        and (not f.query or matches(s, f.query))
        and (f.is_open is None or f.is_open(s))
    ]
    if f.query:
        chosen.sort(key=lambda s: (rank(s, f.query), -s.score))
    return chosen
