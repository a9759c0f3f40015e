"""A walker over loaded YAML that reads typed fields and collects every problem with its path.

Each reader returns a usable default on error, so one bad field never hides the next.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any, Callable, Iterable, TypeVar

from .hant import to_hant
from .model import LocalizedText, Window
from .problems import Problem

T = TypeVar("T")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TIME = re.compile(r"^([01]?\d|2[0-4]):([0-5]\d)$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_TEXT = 5000


def _line_of(container: Any, key: Any) -> int | None:
    lc = getattr(container, "lc", None)
    if lc is None:
        return None
    try:
        pos = lc.key(key) if isinstance(key, str) else lc.item(key)
        return pos[0] + 1
    except Exception:  # ruamel keeps positions only for nodes it parsed
        return None


class Walker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: str, code: str, line: int | None = None, **params: Any) -> None:
        self.problems.append(Problem(path, code, params, line))

    # -- containers -------------------------------------------------------
    def mapping(self, value: Any, path: str, line: int | None = None, *, allowed: Iterable[str] | None = None,
                required: bool = True) -> dict:
        if value is None:
            if required:
                self.problem(path, "required", line)
            return {}
        if not isinstance(value, dict):
            self.problem(path, "type", line, expected="a mapping")
            return {}
        if allowed is not None:
            allowed_set = set(allowed)
            for key in value:
                if key not in allowed_set:
                    self.problem(join(path, key), "unknown_key", _line_of(value, key), key=key)
        return value

    def seq(self, value: Any, path: str, line: int | None = None, *, required: bool = False) -> list:
        if value is None:
            if required:
                self.problem(path, "required", line)
            return []
        if not isinstance(value, list):
            self.problem(path, "type", line, expected="a list")
            return []
        return value

    def items(self, value: list, path: str) -> Iterable[tuple[Any, str, int | None]]:
        for i, item in enumerate(value):
            yield item, f"{path}[{i}]", _line_of(value, i)

    def field(self, mapping: dict, key: str, path: str) -> tuple[Any, str, int | None]:
        return mapping.get(key), join(path, key), _line_of(mapping, key)

    # -- scalars ----------------------------------------------------------
    def text(self, value: Any, path: str, line: int | None = None, *, required: bool = False,
             max_len: int = MAX_TEXT) -> str:
        if value is None or value == "":
            if required:
                self.problem(path, "required", line)
            return ""
        if not isinstance(value, str):
            self.problem(path, "type", line, expected="text")
            return ""
        if CONTROL.search(value):
            self.problem(path, "control_chars", line)
        if len(value) > max_len:
            self.problem(path, "too_long", line, max=max_len)
        return str(value)

    def localized(self, value: Any, path: str, line: int | None = None, *, required: bool = False) -> LocalizedText:
        if value is None:
            if required:
                self.problem(path, "required", line)
            return LocalizedText("", "")
        if not isinstance(value, dict):
            self.problem(path, "type", line, expected="zh and en text")
            return LocalizedText("", "")
        self.mapping(value, path, line, allowed=("zh", "en", "zh_hant"))
        zh = self.text(*self.field(value, "zh", path), required=required)
        en = self.text(*self.field(value, "en", path), required=required)
        hant = self.text(*self.field(value, "zh_hant", path)) if "zh_hant" in value else ""
        return LocalizedText(zh, en, hant or to_hant(zh))

    def slug(self, value: Any, path: str, line: int | None = None) -> str:
        s = self.text(value, path, line, required=True, max_len=64)
        if s and not SLUG.match(s):
            self.problem(path, "slug", line)
        return s

    def boolean(self, value: Any, path: str, line: int | None = None, default: bool | None = False) -> bool | None:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.problem(path, "type", line, expected="true or false")
            return default
        return value

    def integer(self, value: Any, path: str, line: int | None = None, *, lo: int, hi: int,
                default: int | None = None, required: bool = False) -> int | None:
        if value is None:
            if required:
                self.problem(path, "required", line)
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path, "type", line, expected="a whole number")
            return default
        if not lo <= value <= hi:
            self.problem(path, "range", line, min=lo, max=hi)
            return default
        return int(value)

    def number(self, value: Any, path: str, line: int | None = None, *, lo: float, hi: float,
               required: bool = False) -> float | None:
        if value is None:
            if required:
                self.problem(path, "required", line)
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(path, "type", line, expected="a number")
            return None
        if not lo <= float(value) <= hi:
            self.problem(path, "range", line, min=lo, max=hi)
            return None
        return float(value)

    def choice(self, value: Any, path: str, line: int | None, choices: Iterable[str], default: str | None = None,
               required: bool = False) -> str | None:
        options = list(choices)
        if value is None:
            if required:
                self.problem(path, "required", line)
            return default
        if value not in options:
            self.problem(path, "choice", line, choices=", ".join(options))
            return default
        return str(value)

    def enum(self, value: Any, path: str, line: int | None, enum: Callable[[str], T], choices: Iterable[str],
             default: T) -> T:
        got = self.choice(value, path, line, choices, required=True)
        return enum(got) if got is not None else default

    def day(self, value: Any, path: str, line: int | None = None) -> date | None:
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(path, "date", line)
        return None

    def time(self, value: Any, path: str, line: int | None = None) -> int | None:
        parsed = parse_time(value)
        if parsed is None:
            self.problem(path, "time", line)
        return parsed

    def window(self, value: Any, path: str, line: int | None = None) -> Window | None:
        if not isinstance(value, str) or value.count("-") != 1:
            self.problem(path, "window", line)
            return None
        a, b = (parse_time(part.strip()) for part in value.split("-"))
        if a is None or b is None:
            self.problem(path, "window", line)
            return None
        if b <= a:
            self.problem(path, "closes_before_opens", line)
            return None
        return Window(a, b)

    def url(self, value: Any, path: str, line: int | None = None) -> str:
        s = self.text(value, path, line, max_len=2000)
        if s and not re.match(r"^https?://[^\s/$.?#][^\s]*$", s, re.I):
            self.problem(path, "url", line)
            return ""
        return s


def parse_time(value: Any) -> int | None:
    """'09:30' -> 570; '24:00' -> 1440. Unquoted YAML 1.1 sexagesimals arrive as ints and are refused."""
    if not isinstance(value, str):
        return None
    m = TIME.match(value.strip())
    if not m:
        return None
    minutes = int(m.group(1)) * 60 + int(m.group(2))
    return minutes if minutes <= 1440 else None


def join(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)
