"""The import template a clerk downloads: the columns with Chinese headers (English on English pages), an
instructions sheet in the .xlsx, and the CSV as UTF-8 with the BOM so that Excel opens it with the right text."""
from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from catalog.clerk_columns import COLUMNS

from web.platform.i18n import current_lang

CLEAR_MARKER = "（清空）"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers() -> list[str]:
    en = current_lang() == "en"
    return [c[2] if en else c[1] for c in COLUMNS]


def instructions() -> list[tuple[str, str]]:
    """(column, what to write) for the instructions sheet and the import page."""
    h = dict(zip((c[0] for c in COLUMNS), headers()))
    return [
        (h["id"], _("Leave empty for a new site. To update a site, give its ID or its exact Chinese name.")),
        (h["name.zh"], _("Required for a new site.")),
        (h["themes"], _("Required for a new site: one or more theme names, separated by 、 or commas.")),
        (h["address.zh"], _("A new site needs a position (latitude and longitude) or an address.")),
        (h["location.lat"], _("Decimal degrees, e.g. 30.3452 and 106.2931, as shown by AMap (GCJ-02) unless the datum column says otherwise.")),
        (h["hours.all"], _("The same hours every day, e.g. 09:00-17:00 or 09:00-11:30, 13:30-17:00; 休息 means closed. A weekday's own column overrides it.")),
        (h["booking.required"], _("是 (yes) or 否 (no).")),
        (h["price.amount_cny"], _("A number of yuan; 0 or 免费 means free.")),
        (_("Any column"), _("An empty cell leaves the field as it is. To empty a field, write %(marker)s in the cell.",
                            marker=CLEAR_MARKER)),
        (_("New sites"), _("Whatever a new site's row does not give (hours, booking, price, accessibility…) is filled in as an assumption and listed as “to verify”; the site starts as a draft.")),
    ]


def csv_text() -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(headers())
    return "\ufeff" + out.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = _("Sites")
    sheet.append(headers())
    for i, cell in enumerate(sheet[1], 1):
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="B3261E")  # hotpot red, as on the site
        sheet.column_dimensions[cell.column_letter].width = max(12, len(str(cell.value)) * 2 + 2)
    sheet.freeze_panes = "A2"
    help_sheet = book.create_sheet(_("How to fill in"))
    help_sheet.append([_("Column"), _("What to write")])
    for row in instructions():
        help_sheet.append(list(row))
    help_sheet.column_dimensions["A"].width = 20
    help_sheet.column_dimensions["B"].width = 90
    for row in help_sheet.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
