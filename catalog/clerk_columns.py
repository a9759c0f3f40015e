"""The columns of the clerk's import table: Chinese headers (English headers and the export's field paths are
accepted too), and each cell turned into a catalog value or a problem that names the cell.

An empty cell leaves the field as it is; ``（清空）`` or ``(clear)`` empties it. Pure: no Flask.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from geo.county import COUNTY_SEAT, REGION_LAT, REGION_LON

from . import interchange
from .fields import parse_time
from .model import WEEKDAYS

CLEAR_MARKERS = ("（清空）", "(清空)", "(clear)", "（clear）", "[clear]")
WEEKDAY_ZH = dict(zip(WEEKDAYS, ("周一", "周二", "周三", "周四", "周五", "周六", "周日")))
WEEKDAY_EN = dict(zip(WEEKDAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")))

# (catalog path, Chinese header, English header, kind). "hours.all" sets the same hours on every day.
COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    ("id", "标识", "ID", "id"),
    ("name.zh", "名称", "Name (Chinese)", "text"),
    ("name.en", "英文名称", "Name (English)", "text"),
    ("themes", "主题", "Themes", "themes"),
    ("category", "类别", "Category", "category"),
    ("status", "状态", "Status", "status"),
    ("address.zh", "地址", "Address (Chinese)", "text"),
    ("address.en", "英文地址", "Address (English)", "text"),
    ("location.lat", "纬度", "Latitude", "lat"),
    ("location.lon", "经度", "Longitude", "lon"),
    ("location.datum", "坐标系", "Datum", "datum"),
    ("short.zh", "简介", "Summary (Chinese)", "text"),
    ("short.en", "英文简介", "Summary (English)", "text"),
    ("description.zh", "详细介绍", "Description (Chinese)", "text"),
    ("description.en", "英文详细介绍", "Description (English)", "text"),
    ("hours.all", "开放时间", "Opening hours", "windows"),
    *((f"hours.{d}", f"{WEEKDAY_ZH[d]}开放时间", f"Hours {WEEKDAY_EN[d]}", "windows") for d in WEEKDAYS),
    ("hours.public_holidays", "法定节假日", "Public holidays", "open_closed"),
    ("visit_minutes", "参观时长（分钟）", "Visit length (minutes)", "minutes"),
    ("booking.required", "需要预约", "Booking required", "bool"),
    ("booking.lead_hours", "提前预约（小时）", "Book ahead (hours)", "hours_ahead"),
    ("booking.phone", "预约电话", "Booking phone", "text"),
    ("price.amount_cny", "票价（元）", "Price (yuan)", "price"),
    ("accessibility.step_free", "无台阶通行", "Step-free access", "tri"),
    ("accessibility.coach_parking", "大巴停车", "Coach parking", "tri"),
    ("contact.phone", "联系电话", "Contact phone", "text"),
    ("contact.url", "网址", "Website", "text"),
    ("score", "推荐分（1-10）", "Score (1-10)", "score"),
)
REQUIRED = {"name.zh", "name.en", "location.lat", "location.lon", "themes", "category", "status", "address.zh",
            "short.zh", "description.zh", "visit_minutes", "score", "id"}  # cannot be cleared

CELL_MESSAGES: dict[str, tuple[str, str]] = {
    "unknown_column": ("this column is not known; its cells were ignored", "无法识别此列，已忽略该列内容"),
    "number": ("must be a number, such as {example}", "应为数字，例如 {example}"),
    "range": ("must be between {lo} and {hi}", "应在 {lo} 到 {hi} 之间"),
    "windows": ("must be times like 09:00-17:00, several separated by commas, or 休息 for closed",
                "应为时段，如 09:00-17:00，多个时段用逗号分隔；不开放请填“休息”"),
    "yes_no": ("must be 是 (yes) or 否 (no)", "应填“是”或“否”"),
    "choice": ("must be one of: {choices}", "应为以下之一：{choices}"),
    "clear_required": ("cannot be cleared: every site needs it", "不能清空：每个地点都必须有此项"),
    "new_needs": ("a new site needs {what}", "新增地点须填写{what_zh}"),
    "duplicate": ("this site also appears in row {other}", "此地点在第 {other} 行也出现了"),
    "both_lat_lon": ("fill in both latitude and longitude", "纬度和经度须同时填写"),
    "catalog": ("{en}", "{zh}"),
}


@dataclass(frozen=True)
class Column:
    path: str
    zh: str
    en: str
    kind: str
    index: int  # 0-based position in the file

    def label(self, lang: str) -> str:
        return self.en if lang.startswith("en") else self.zh


@dataclass
class CellProblem:
    row: int
    column: Column | None
    code: str
    params: dict = field(default_factory=dict)

    def text(self, lang: str) -> str:
        en, zh = CELL_MESSAGES[self.code]
        what = (en if lang.startswith("en") else zh).format(**self.params)
        if lang.startswith("en"):
            return f"Row {self.row}" + (f", column “{self.column.en}”" if self.column else "") + f": {what}"
        return f"第 {self.row} 行" + (f"「{self.column.zh}」列" if self.column else "") + f"：{what}"


def _norm(header: str) -> str:
    return re.sub(r"[\s_]+", "", header.replace("（", "(").replace("）", ")").replace("–", "-")).lower()


def _header_index() -> dict[str, tuple[str, str, str, str]]:
    out: dict[str, tuple[str, str, str, str]] = {}
    for col in COLUMNS:
        for name in col[:3]:
            out[_norm(name)] = col
    for path, kind in interchange.COLUMNS:  # the CSV export's own columns still import
        out.setdefault(_norm(path), (path, path, path, "export:" + kind))
    return out


HEADERS = _header_index()


def match_header(header: list[str], row_number: int = 1) -> tuple[list[Column | None], list[CellProblem]]:
    columns: list[Column | None] = []
    problems: list[CellProblem] = []
    for i, name in enumerate(header):
        spec = HEADERS.get(_norm(name))
        if spec is None:
            columns.append(None)
            if name:
                problems.append(CellProblem(row_number, Column(name, name, name, "", i), "unknown_column"))
        else:
            columns.append(Column(spec[0], spec[1], spec[2], spec[3], i))
    return columns, problems


def is_clear(raw: str) -> bool:
    return raw.strip().lower() in CLEAR_MARKERS


_SPLIT = re.compile(r"\s*[|,，、;；/]\s*")
YES, NO = {"是", "有", "需要", "yes", "y", "true", "1", "√"}, {"否", "无", "没有", "不需要", "no", "n", "false", "0", "×"}
UNKNOWN = {"不详", "未知", "unknown", "?", "？"}
CLOSED = {"休息", "闭馆", "不开放", "关闭", "closed", "-", "—"}


def _number(raw: str, lo: float, hi: float, example: str, whole: bool = False) -> Any:
    text = raw.replace("，", ".").replace("¥", "").replace("元", "").replace("分钟", "").replace("小时", "").strip()
    try:
        value = float(text)
    except ValueError:
        raise _Bad("number", example=example) from None
    if not lo <= value <= hi:
        raise _Bad("range", lo=lo, hi=hi)
    if whole:
        if not value.is_integer():
            raise _Bad("number", example=example)
        return int(value)
    return int(value) if value.is_integer() and "." not in text else value


class _Bad(ValueError):
    def __init__(self, code: str, **params: Any):
        self.code, self.params = code, params
        super().__init__(code)


def _windows(raw: str) -> list[str]:
    if raw.strip().lower() in CLOSED:
        return []
    out = []
    for part in re.split(r"\s*[,，;；、|]\s*", raw.strip()):
        bits = re.split(r"\s*[-–—~～至到]\s*", part.replace("：", ":"))
        times = [parse_time(b if len(b) > 4 else b.zfill(5)) for b in bits]
        if len(bits) != 2 or None in times or times[1] <= times[0]:
            raise _Bad("windows")
        out.append("-".join(f"{t // 60:02d}:{t % 60:02d}" for t in times))
    return out


def _choice(raw: str, vocab: dict[str, str], shown: list[str]) -> str:
    key = _norm(raw)
    if key in vocab:
        return vocab[key]
    raise _Bad("choice", choices="、".join(shown))


def convert(column: Column, raw: str, vocab: dict[str, dict[str, str]]) -> Any:
    """The catalog value of one filled cell; raises _Bad. ``vocab[kind]`` maps normalised labels to codes."""
    kind = column.kind
    if kind.startswith("export:"):
        return interchange._convert(kind.split(":", 1)[1], raw)  # the export's own format, unchanged
    if kind in ("text", "id"):
        text = raw.strip()
        return text[1:] if text[:2] in ("'=", "'+", "'@", "'-") else text  # the export's formula guard
    if kind == "lat":
        return _number(raw, *REGION_LAT, f"{COUNTY_SEAT[0]:.2f}")
    if kind == "lon":
        return _number(raw, *REGION_LON, f"{COUNTY_SEAT[1]:.2f}")
    if kind == "minutes":
        return _number(raw, 5, 600, "60", whole=True)
    if kind == "hours_ahead":
        return _number(raw, 0, 1440, "24", whole=True)
    if kind == "score":
        return _number(raw, 1, 10, "5", whole=True)
    if kind == "price":
        return 0 if raw.strip() in ("免费", "free", "Free") else _number(raw, 0, 10000, "30")
    if kind == "windows":
        return _windows(raw)
    if kind in ("bool", "tri"):
        low = raw.strip().lower()
        if low in YES:
            return True
        if low in NO:
            return False
        if kind == "tri" and low in UNKNOWN:
            return None
        raise _Bad("yes_no")
    if kind == "themes":
        return [_choice(p, vocab["themes"], vocab["themes_shown"]) for p in _SPLIT.split(raw.strip()) if p]
    return _choice(raw, vocab[kind], vocab[kind + "_shown"])  # category, status, datum, open_closed


def label_for(path: str, lang: str) -> str:
    """The column header a catalog path (``hours.mon[0]``, ``name.en``) is edited through, for change lists."""
    best = max((c for c in COLUMNS if path == c[0] or path.startswith((c[0] + ".", c[0] + "["))),
               key=lambda c: len(c[0]), default=None)
    if best is None:
        return path
    return best[2] if lang.startswith("en") else best[1]


def nest(flat: dict[str, Any]) -> dict:
    """As ``interchange.nest``; "hours.all" fills the days not given on their own."""
    flat = dict(flat)
    every = flat.pop("hours.all", ...)
    if every is not ...:
        for day in WEEKDAYS:
            flat.setdefault(f"hours.{day}", every)
    return interchange.nest(flat)
