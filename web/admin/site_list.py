"""The admin's site list: each site with its data-quality flags."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from catalog.model import Site

from web.public.site_view import STALE_AFTER

FLAGS = {
    "estimate": _l("Estimated position"),
    "hours_assumed": _l("Hours assumed"),
    "never_verified": _l("Never verified"),
    "stale": _l("Not verified for over a year"),
}


@dataclass(frozen=True)
class Row:
    site: Site
    flags: tuple[str, ...]


def flags_of(site: Site, today: date) -> tuple[str, ...]:
    out = []
    if site.location.is_estimate:
        out.append("estimate")
    if site.hours.assumed:
        out.append("hours_assumed")
    verified = site.provenance.last_verified
    if verified is None:
        out.append("never_verified")
    elif today - verified > STALE_AFTER:
        out.append("stale")
    return tuple(out)


def site_rows(sites, today: date) -> list[Row]:
    return [Row(s, flags_of(s, today)) for s in sites]
