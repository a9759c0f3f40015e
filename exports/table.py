"""CSV: one row per stop, both languages, UTF-8 with a byte-order mark (so spreadsheet apps read the Chinese).

Cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) get a
leading apostrophe: catalog text is not trusted to be harmless.
"""
from __future__ import annotations

import csv
import io

from .notice import NoticeText
from .stops import DayStops
from .text import hhmm

COLUMNS = ("day", "date", "seq", "kind", "number", "site", "name_zh", "name_en", "arrive", "start", "end", "leave",
           "wait_minutes", "leg_minutes", "leg_km", "lat_wgs84", "lon_wgs84", "address_zh", "address_en", "phone",
           "booking_required", "booking_contact", "leg_approx")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def to_csv(days: tuple[DayStops, ...], *, notice: NoticeText | None = None, lang: str = "zh") -> str:
    """A plan that misses its point starts with its notice, one "# " line each (what a spreadsheet shows
    first; readers that skip comment lines, e.g. pandas' comment="#", still find the header next)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    for line in notice.lines(lang) if notice else ():
        writer.writerow([safe_cell("# " + line)])
    writer.writerow(COLUMNS)
    for day in days:
        for s in day.stops:
            row = (day.index + 1, day.date.isoformat(), s.seq, s.kind, s.number, s.site or "", s.name.zh, s.name.en,
                   hhmm(s.arrive), hhmm(s.start), hhmm(s.end), hhmm(s.leave), s.wait if s.kind == "visit" else "",
                   s.leg.minutes if s.leg else "", round(s.leg.km, 1) if s.leg else "", s.lat, s.lon,
                   s.address.zh, s.address.en, s.phone, "yes" if s.booking else "no", s.booking_contact,
                   ("yes" if s.leg.approx else "no") if s.leg else "")
            # numbers are ours; only text cells need the formula guard (a "-" would break negative numbers)
            writer.writerow([safe_cell(v) if isinstance(v, str) else v for v in row])
    return out.getvalue()
