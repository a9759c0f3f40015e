"""Catalog problems: where (a YAML path and line) and what, in both languages."""
from __future__ import annotations

from dataclasses import dataclass, field

# code -> (English, Chinese); placeholders are filled from Problem.params.
MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("is required", "必填"),
    "type": ("must be {expected}", "应为{expected_zh}"),
    "unknown_key": ("unknown field '{key}'", "未知字段“{key}”"),
    "empty": ("must not be empty", "不能为空"),
    "too_long": ("is longer than {max} characters", "超过 {max} 个字符"),
    "control_chars": ("contains control characters", "含有控制字符"),
    "choice": ("must be one of: {choices}", "应为以下之一：{choices}"),
    "slug": ("must be a lowercase slug (a-z, 0-9, '-')", "应为小写标识（a-z、0-9、“-”）"),
    "duplicate_id": ("duplicate id '{id}'", "标识“{id}”重复"),
    "range": ("must be between {min} and {max}", "应在 {min} 到 {max} 之间"),
    "time": ("must be a time like \"09:30\" (quoted)", "应为时间，如 \"09:30\"（加引号）"),
    "window": ("must be a window like \"09:00-17:00\"", "应为时段，如 \"09:00-17:00\""),
    "closes_before_opens": ("closes before it opens", "关门时间早于开门时间"),
    "overlap": ("overlaps the window before it", "与前一个时段重叠"),
    "date": ("must be a date like 2026-12-05", "应为日期，如 2026-12-05"),
    "radius_needed": ("an estimated position needs an uncertainty radius", "估算位置须填写误差半径"),
    "surveyed_radius": (
        "a surveyed position is exact to {max} m; with a radius of {radius} m, choose \"estimate\"",
        "实测位置的误差不超过 {max} 米；误差半径为 {radius} 米时，请选择“估算”",
    ),
    "outside_region": (
        "is outside the region this catalog covers (lat 28-32, lon 104-108)",
        "超出本目录覆盖范围（纬度 28–32，经度 104–108）",
    ),
    "unknown_ref": ("refers to unknown {kind} '{ref}'", "引用了不存在的{kind_zh}“{ref}”"),
    "url": ("must be an http(s) URL", "应为 http(s) 网址"),
    "slot_outside_hours": (
        "tour slot {time} on {day_en} is outside the opening hours",
        "{day_zh} {time} 的导览场次不在开放时间内",
    ),
    "same_place": ("a travel time needs two different places", "行程时间须连接两个不同地点"),
    "duplicate_pair": ("a second travel time for {origin} -> {destination} by {mode}: keep one",
                       "{origin} → {destination}（{mode}）的行程时间重复，请只保留一条"),
    "too_big": ("the file is larger than {max} bytes", "文件超过 {max} 字节"),
    "alias": ("YAML anchors and aliases are not allowed", "不允许使用 YAML 锚点和别名"),
    "tag": ("YAML tag {tag} is not allowed", "不允许使用 YAML 标签 {tag}"),
    "syntax": ("YAML syntax error: {detail}", "YAML 格式有误：请检查这一行和上一行的缩进、冒号与引号"),
    "encoding": ("the file is not valid UTF-8 text", "文件不是有效的 UTF-8 文本"),
    "too_deep": ("nesting is deeper than {max} levels", "嵌套超过 {max} 层"),
    "duplicate_key": ("key '{key}' appears twice in the same mapping", "同一层级中键“{key}”出现了两次"),
    "photo_file": ("must be the name the photo upload gave (20 characters 0-9, a-f)",
                   "应为上传照片时生成的名称（20 位 0-9、a-f）"),
    "duplicate_photo": ("the same photo is listed twice", "同一张照片列出了两次"),
    "too_many": ("has more than {max} items", "超过 {max} 项"),
    "unreadable": ("cannot read the file: {detail}", "无法读取文件：{detail}"),
}

EXPECTED_ZH = {
    "a mapping": "映射（键: 值）",
    "a list": "列表",
    "text": "文本",
    "a whole number": "整数",
    "a number": "数字",
    "true or false": "“是”或“否”（true 或 false）",
    "zh and en text": "中英文文本（zh、en）",
}

DAYS = {"mon": ("Monday", "周一"), "tue": ("Tuesday", "周二"), "wed": ("Wednesday", "周三"), "thu": ("Thursday", "周四"),
        "fri": ("Friday", "周五"), "sat": ("Saturday", "周六"), "sun": ("Sunday", "周日")}


@dataclass(frozen=True)
class Problem:
    path: str  # e.g. "sites[3].hours.mon[0]"
    code: str
    params: dict = field(default_factory=dict, compare=False, hash=False)
    line: int | None = None  # 1-based line in the file, when known

    def message(self, lang: str = "en") -> str:
        en, zh = MESSAGES[self.code]
        params = dict(self.params)
        params.setdefault("expected_zh", EXPECTED_ZH.get(str(params.get("expected", "")), params.get("expected", "")))
        params.setdefault("kind_zh", {"site": "地点", "start point": "出发地", "theme": "主题", "source": "来源"}.get(
            str(params.get("kind", "")), params.get("kind", "")))
        day = str(params.get("day", ""))
        params.setdefault("day_en", DAYS.get(day, ("", ""))[0] or day)
        params.setdefault("day_zh", DAYS.get(day, ("", ""))[1] or day)
        template = en if lang.lower().startswith("en") else zh
        return template.format(**params)

    def text(self, lang: str = "en") -> str:
        where = f"{self.path}" if self.path else "(file)"
        line = f" (line {self.line})" if self.line and lang.startswith("en") else (f"（第 {self.line} 行）" if self.line else "")
        return f"{where}{line}: {self.message(lang)}"


class CatalogError(Exception):
    """The catalog cannot be used; ``problems`` lists every reason at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.text("en") for p in problems))
