"""From the catalog to the plain records ``promote/`` draws: sketches, flyers and map images, in one language.

Everything here runs under ``force_locale`` of the requested language, so a flyer asked for in English is
English whatever the visitor's cookie says. Positions are converted into GCJ-02, the datum of the county
outline, before drawing.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from catalog.model import Catalog, Site, Tour, fmt_minutes
from geo.county import DATUM, county_outline
from geo.datum import location_in
from promote.flyer import Flyer, Stop
from promote.hours import HoursWords, weekly_summary
from promote.map_image import Item, MapImage
from promote.sketch import Pin, Sketch, Style

from web.platform import clock
from web.platform.links import absolute, tagged, with_query
from web.platform.i18n import LANGS
from web.maps.style import PALETTE
from web.public.photo_view import print_photo

FLYER_CAMPAIGN = "flyer"  # the QR code of a flyer downloaded without a campaign tag
IMAGE_CAMPAIGN = "image"  # ... of a map image
QR_CAMPAIGN = "qr"  # ... of a QR code


def style() -> Style:
    return Style(palette=PALETTE)


def _pin(site: Site, label: str) -> Pin:
    lat, lon = location_in(site.location, DATUM)
    return Pin(lat, lon, label, site.category.value)


def tour_sketch(catalog: Catalog, tour: Tour, lang: str) -> Sketch:
    sites = [catalog.site(s.site) for s in tour.stops]
    start = catalog.start_point(tour.start)
    start_pin = None
    if start is not None:
        lat, lon = location_in(start.location, DATUM)
        start_pin = Pin(lat, lon, "0", "start")
    return Sketch(tuple(_pin(s, str(i)) for i, s in enumerate(sites, 1)), county_outline(), route=True,
                  start=start_pin, start_name=_("From %(place)s", place=start.name.get(lang)) if start else "",
                  region_label=_("Wusheng County"), north=_("N"), km=_("km"))


def site_sketch(site: Site, lang: str) -> Sketch:
    return Sketch((_pin(site, ""),), county_outline(), caption=site.name.get(lang), region_label=_("Wusheng County"),
                  north=_("N"), km=_("km"))


def hours_words() -> HoursWords:
    return HoursWords(
        days={"mon": _("Mon"), "tue": _("Tue"), "wed": _("Wed"), "thu": _("Thu"), "fri": _("Fri"), "sat": _("Sat"),
              "sun": _("Sun")},
        daily=_("Daily"), closed=_("closed"), by_appointment=_("Visits by appointment"),
        unconfirmed=_("(unconfirmed)"), always=_("Open all day"))


def page_qr_url(path: str, lang: str, campaign: str) -> str:
    """The absolute URL a QR code opens: the page, in the language of the print, tagged ``m=qr``."""
    return absolute(tagged(with_query(path, {"lang": lang}), campaign, "qr"))


def _short(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc + parts.path


def flyer(catalog: Catalog, tour: Tour, lang: str, campaign: str) -> Flyer:
    with force_locale(LANGS[lang]):
        theme = catalog.theme(tour.theme)
        start = catalog.start_point(tour.start)
        words = hours_words()
        stops = []
        for i, stop in enumerate(tour.stops, 1):
            site = catalog.site(stop.site)
            when = " · ".join(x for x in (
                fmt_minutes(stop.time) if stop.time is not None else "",
                _("%(min)d min", min=stop.minutes or site.visit_min)) if x)
            note = ""
            if site.booking.required:
                note = " · ".join(x for x in (_("Booking required"), site.booking.phone or site.contact.phone) if x)
            stops.append(Stop(str(i), site.name.get(lang), site.category.value, when,
                              weekly_summary(site.hours, words), note))
        page = url_for("public.tour", tour_id=tour.id)
        qr_url = page_qr_url(page, lang, campaign or FLYER_CAMPAIGN)
        today = clock.today().isoformat()
        return Flyer(
            lang=lang, brand=_("Wusheng Industrial Trails"), tagline=_("Chongqing hotpot, made in Wusheng"),
            title=tour.name.get(lang), theme=theme.name.get(lang) if theme else "", summary=tour.summary.get(lang),
            start=_("Starts from %(place)s", place=start.name.get(lang)) if start else "",
            stops_heading=_("Stops and suggested times"), stops=tuple(stops), sketch=tour_sketch(catalog, tour, lang),
            qr_url=qr_url, qr_caption=_("Scan for the live map, directions and today's opening hours"),
            url_text=_short(absolute(page)),
            notice=_("Opening hours can change and some sites receive visitors by appointment only: call ahead. "
                     "Hours marked unconfirmed come from public reports, not from the sites."),
            footer=_("Wusheng Economic Development Zone · industry + tourism · printed %(date)s · catalog %(version)s",
                     date=today, version=catalog.version[:8]),
            more=_("%(n)d more stops on the tour page"),
            subject=_("Printable tour flyer"), hours_label=_("Hours:"), photo=print_photo(tour))


def tour_image(catalog: Catalog, tour: Tour, lang: str, campaign: str, with_qr: bool) -> MapImage:
    with force_locale(LANGS[lang]):
        sites = [catalog.site(s.site) for s in tour.stops]
        page = url_for("public.tour", tour_id=tour.id)
        return MapImage(
            brand=_("Wusheng Industrial Trails"), title=tour.name.get(lang),
            subtitle=_("%(n)d stops", n=len(sites)),
            items=tuple(Item(str(i), s.name.get(lang), s.category.value) for i, s in enumerate(sites, 1)),
            sketch=tour_sketch(catalog, tour, lang),
            qr_url=page_qr_url(page, lang, campaign or IMAGE_CAMPAIGN) if with_qr else "",
            qr_caption=_("Long-press or scan for the live map"), url_text=_short(absolute(page)),
            photo=print_photo(tour))


def site_image(site: Site, lang: str, campaign: str, with_qr: bool) -> MapImage:
    with force_locale(LANGS[lang]):
        page = url_for("public.site", site_id=site.id)
        return MapImage(
            brand=_("Wusheng Industrial Trails"), title=site.name.get(lang), subtitle=site.short.get(lang),
            items=(), sketch=site_sketch(site, lang),
            qr_url=page_qr_url(page, lang, campaign or IMAGE_CAMPAIGN) if with_qr else "",
            qr_caption=_("Long-press or scan for the live map"), url_text=_short(absolute(page)),
            photo=print_photo(site))
