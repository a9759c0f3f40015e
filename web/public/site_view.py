"""What a site page shows beyond the raw record: one plain line on what is uncertain (details behind a
disclosure), navigation links, sources."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _

from catalog.model import Catalog, Site, Source
from geo.navigation import NavLink, marker_links

from web.platform.i18n import current_lang

STALE_AFTER = timedelta(days=365)


@dataclass(frozen=True)
class Badge:
    kind: str  # css modifier: "estimate" | "unverified" | "stale"
    text: str
    detail: str


@dataclass(frozen=True)
class SiteFacts:
    badges: list[Badge]
    nav: list[NavLink]
    sources: list[Source]
    uncertain: str = ""  # one plain line, e.g. "位置和开放时间待核实，出发前请致电。"; "" when nothing is
    phone: str = ""  # the number that line asks the visitor to call


def uncertainty_line(badges: list[Badge], phone: str) -> str:
    """What is uncertain and what to do about it, in one sentence a visitor reads (the badges carry details)."""
    if not badges:
        return ""
    kinds = {b.kind for b in badges}
    if {"estimate", "unverified"} <= kinds:
        what = _("Position and opening hours still to be confirmed")
    elif "estimate" in kinds:
        what = _("Position still to be confirmed")
    elif "unverified" in kinds:
        what = _("Opening hours still to be confirmed")
    else:
        what = _("Details still to be confirmed with the site")
    todo = _("call before you go") if phone else _("check before you go")
    return _("%(what)s: %(todo)s.", what=what, todo=todo)


def quality_badges(site: Site, today: date | None = None) -> list[Badge]:
    out = []
    loc = site.location
    if loc.is_estimate:
        km = (loc.radius_m or 0) / 1000
        out.append(Badge("estimate", _("Estimated position"),
                         _("The pin may be up to %(km)s km from the real entrance.", km=f"{km:g}")))
    if site.hours.assumed:
        out.append(Badge("unverified", _("Hours not confirmed"),
                         _("No published source gives these opening hours; they are the bureau's assumption.")))
    verified = site.provenance.last_verified
    if verified is None:
        out.append(Badge("stale", _("Not yet verified"), _("Nobody has confirmed these details with the site.")))
    elif today and today - verified > STALE_AFTER:
        out.append(Badge("stale", _("Last verified %(date)s", date=verified.isoformat()),
                         _("Details may have changed since.")))
    return out


def site_facts(site: Site, catalog: Catalog, today: date | None = None) -> SiteFacts:
    name = site.name.get(current_lang())
    badges = quality_badges(site, today)
    phone = site.booking.phone or site.contact.phone or ""
    return SiteFacts(badges=badges, nav=marker_links(site.location, name),
                     sources=[catalog.sources[s] for s in site.provenance.sources if s in catalog.sources],
                     uncertain=uncertainty_line(badges, phone), phone=phone)
