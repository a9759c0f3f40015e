"""Read a clerk's table, as Excel or a spreadsheet program wrote it, into rows of text cells.

Excel (.xlsx) through openpyxl; CSV in UTF-8 (with or without the BOM Excel adds), or GBK/GB18030, which is what
Chinese Excel and WPS write when "CSV" is chosen; UTF-16 tab-separated text ("Unicode text") too. Row numbers are
the ones the spreadsheet shows (the header is row 1). Pure: no Flask.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time

MAX_ROWS = 5000
MAX_COLUMNS = 200
MAX_UNZIPPED = 40_000_000  # an .xlsx is a zip: refuse one that would unpack into more than this


class SheetError(ValueError):
    """The whole file is unusable; ``code`` is one of SHEET_MESSAGES."""

    def __init__(self, code: str, **params: object):
        self.code, self.params = code, params
        super().__init__(code)


SHEET_MESSAGES = {
    "empty": ("The file is empty.", "文件是空的。"),
    "too_big": ("The file is larger than {max} bytes.", "文件超过 {max} 字节。"),
    "too_many_rows": ("The file has more than {max} rows.", "文件超过 {max} 行。"),
    "not_xlsx": ("This Excel file cannot be opened: save it again as .xlsx (Excel 2007 or later).",
                 "无法打开这个 Excel 文件：请另存为 .xlsx 格式（Excel 2007 及以后版本）后再上传。"),
    "encoding": ("The text encoding is not recognised: save the file as CSV UTF-8, or as .xlsx.",
                 "无法识别文件的文字编码：请另存为“CSV UTF-8”或 .xlsx 格式。"),
    "csv": ("The file is not a valid CSV table: {detail}", "文件不是有效的 CSV 表格：{detail}"),
    "binary": ("The file is not a table (CSV or .xlsx).", "文件不是表格（CSV 或 .xlsx）。"),
}


def sheet_message(exc: SheetError, lang: str) -> str:
    en, zh = SHEET_MESSAGES[exc.code]
    return (en if lang.startswith("en") else zh).format(**exc.params)


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as the spreadsheet shows it, cells)
    kind: str  # "xlsx" | "csv"


def read_table(data: bytes, max_bytes: int = 2_000_000) -> Table:
    if not data.strip():
        raise SheetError("empty")
    if len(data) > max_bytes:
        raise SheetError("too_big", max=max_bytes)
    if data[:4] == b"PK\x03\x04":
        return _xlsx(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # the old binary .xls
        raise SheetError("not_xlsx")
    return _csv(_decode(data))


def _decode(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise SheetError("encoding") from None
    if b"\x00" in data:
        raise SheetError("binary")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:  # GB18030 is a superset of GBK and GB2312: one decoder reads all three
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise SheetError("encoding") from None


def _csv(text: str) -> Table:
    first = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first.count) if any(d in first for d in ",\t;") else ","
    try:
        records = list(_limited(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)))
    except csv.Error as exc:
        raise SheetError("csv", detail=str(exc)[:120]) from None
    return _table(records, "csv")


def _limited(rows):
    for i, row in enumerate(rows):
        if i > MAX_ROWS:
            raise SheetError("too_many_rows", max=MAX_ROWS)
        yield row[:MAX_COLUMNS]


def _xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook  # imported here: only an Excel upload pays for it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if sum(i.file_size for i in z.infolist()) > MAX_UNZIPPED:
                raise SheetError("too_big", max=MAX_UNZIPPED)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        records = list(_limited([_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)))
        book.close()
    except SheetError:
        raise
    except Exception:  # openpyxl raises many kinds (KeyError, zipfile.BadZipFile, InvalidFileException...)
        raise SheetError("not_xlsx") from None
    return _table(records, "xlsx")


def _cell(value: object) -> str:
    """What the clerk sees in the cell, as text (Excel stores 09:30 as a time and 60 as 60.0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _table(records: list[list[str]], kind: str) -> Table:
    numbered = [(i, [c.strip() for c in r]) for i, r in enumerate(records, 1)]
    numbered = [(i, r) for i, r in numbered if any(r)]  # blank lines between rows are no rows
    if not numbered:
        raise SheetError("empty")
    (_, header), *rows = numbered
    return Table(header=header, rows=rows, kind=kind)
