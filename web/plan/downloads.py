"""Planned trips as files: GPX, ICS, GeoJSON and CSV from ``exports``, with download names and types."""
from __future__ import annotations

from flask import Response

from exports.geojson import to_geojson
from exports.gpx import to_gpx
from exports.ics import to_ics
from exports.notice import notice_text
from exports.stops import day_stops
from exports.table import to_csv

from web.platform import clock
from web.platform.i18n import current_lang, lang_code
from .service import Outcome, addresses, permalink as plan_link

FORMATS = {
    "gpx": "application/gpx+xml",
    "ics": "text/calendar; charset=utf-8",
    "geojson": "application/geo+json",
    "csv": "text/csv; charset=utf-8",
}


def links(params: dict, version: str, external: bool = False) -> dict[str, str]:
    """The plan's files, QR codes and day sheet (same query as its permalink)."""
    targets = {**{fmt: ("planner.export", {"fmt": fmt}) for fmt in FORMATS}, "print": ("planner.print_sheet", {}),
               "qr_svg": ("planner.qr_code", {"fmt": "svg"}), "qr_png": ("planner.qr_code", {"fmt": "png"})}
    return dict(zip(targets, addresses(params, version, targets.values(), external=external)))


def filename(outcome: Outcome, kind: str, ext: str) -> str:
    """ASCII only (every browser and WeChat agree on it): wusheng-trip-2026-12-05-2days.gpx"""
    req = outcome.request
    days = f"-{req.days}days" if req.days > 1 else ""
    return f"wusheng-{kind}-{req.date.isoformat()}{days}.{ext}"


def trip_name(outcome: Outcome) -> str:
    req, lang = outcome.request, current_lang()
    if lang == "en":
        return f"Wusheng trip, {req.date.isoformat()}" + (f" ({req.days} days)" if req.days > 1 else "")
    return f"武胜工业游 {req.date.isoformat()}" + (f"（{req.days} 天）" if req.days > 1 else "")


def render(fmt: str, outcome: Outcome, permalink: str) -> str | bytes:
    days = day_stops(outcome.itinerary, outcome.catalog)
    lang, name = current_lang(), trip_name(outcome)
    notice = _notice(outcome, lang)
    if fmt == "gpx":
        return to_gpx(days, lang, name=name, link=permalink, notice=notice)
    if fmt == "ics":
        return to_ics(days, lang, name=name, permalink=permalink, stamp=clock.now(), notice=notice)
    if fmt == "geojson":
        return to_geojson(days, permalink=permalink, catalog_version=outcome.catalog.version, notice=notice)
    return to_csv(days, notice=notice, lang=lang)


def _notice(outcome: Outcome, lang: str):
    """The plan's notice in words, each offered change with the full address of its plan."""
    notice = outcome.itinerary.notice
    if notice is None:
        return None
    links = [plan_link({**alt.request, "lang": lang_code()}, outcome.catalog.version) for alt in notice.alternatives]
    return notice_text(notice, lang, links)


def response(fmt: str, outcome: Outcome, permalink: str) -> Response:
    return Response(render(fmt, outcome, permalink), content_type=FORMATS[fmt], headers={
        "Content-Disposition": f'attachment; filename="{filename(outcome, "trip", fmt)}"',
        "Cache-Control": "private, max-age=300"})
