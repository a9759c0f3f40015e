"""Import sites from a clerk's table (Excel .xlsx, or CSV in UTF-8/GBK/GB18030) or from GeoJSON: a preview of
what each row would change, with its own problems named by row and column, then applying the rows that are
valid (one save through the safe save path, one revision)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

from catalog import clerk_import, edit, interchange
from catalog.clerk_columns import CellProblem, label_for
from catalog.clerk_sheet import SheetError, read_table, sheet_message
from catalog.loader import load_bytes, load_roundtrip
from catalog.problems import CatalogError
from catalog.source import parse_snapshot
from catalog.yamltext import dump, render
from geo.datum import to_datum

from web.platform import labels
from web.platform.i18n import current_lang

MAX_UPLOAD = 2_000_000
SITE_PATH = re.compile(r"^sites\[(\d+)\]\.?(.*)$")
STATUS = {"published": ("已发布", "发布", "Published"), "draft": ("草稿", "Draft"), "archived": ("已归档", "归档", "Archived")}
DATUM = {"wgs84": ("WGS-84", "GPS", "天地图"), "gcj02": ("GCJ-02", "高德", "腾讯", "AMap"), "bd09": ("BD-09", "百度", "Baidu")}
OPEN_CLOSED = {"open": ("开放", "Open"), "closed": ("休息", "闭馆", "不开放", "Closed")}


class UploadError(ValueError):
    """The upload as a whole cannot be read; the message is in the interface language."""


@dataclass
class RowPreview:
    number: int
    id: str
    name: str = ""
    action: str = "unchanged"  # new | update | unchanged | invalid
    changes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _norm(text: str) -> str:
    from catalog.clerk_columns import _norm as norm

    return norm(text)


def vocabulary(current: bytes) -> dict:
    """Labels a clerk may type (Chinese, English or the code) -> catalog codes, and the ones to suggest."""
    doc = load_bytes(current)
    vocab: dict[str, Any] = {}

    def table(kind: str, entries: dict[str, tuple[str, ...]], shown_index: int = 0) -> None:
        vocab[kind] = {_norm(label): code for code, names in entries.items() for label in (code, *names)}
        vocab[kind + "_shown"] = [names[shown_index] if current_lang() == "zh" else names[-1]
                                  for names in entries.values()]

    categories = {}
    for code, lazy in labels.CATEGORY.items():
        with force_locale("zh"):
            zh = str(lazy)
        with force_locale("en"):
            en = str(lazy)
        categories[code] = (zh, en)
    table("category", categories)
    table("status", STATUS)
    table("datum", DATUM)
    table("open_closed", OPEN_CLOSED)
    themes = {str(t.get("id")): (str((t.get("name") or {}).get("zh", "")), str((t.get("name") or {}).get("en", "")))
              for t in doc.get("themes") or [] if isinstance(t, dict)}
    table("themes", themes)
    return vocab


def parse_upload(data: bytes, fmt: str, current: bytes) -> tuple[list, list[str]]:
    """(rows, problems of the whole file); raises UploadError when nothing in it can be read."""
    lang = current_lang()
    if fmt == "geojson":
        try:
            return interchange.parse_geojson(data, to_datum, MAX_UPLOAD), []
        except interchange.ImportError_ as exc:
            raise UploadError(str(exc)) from None
    try:
        table = read_table(data, MAX_UPLOAD)
    except SheetError as exc:
        raise UploadError(sheet_message(exc, lang)) from None
    doc = load_bytes(current)
    existing = [(str(s.get("id")), str((s.get("name") or {}).get("zh", ""))) for s in doc.get("sites") or []
                if isinstance(s, dict)]
    rows, general = clerk_import.parse(table, vocabulary(current), existing)
    return rows, [p.text(lang) for p in general]


def _problem_texts(row: Any, lang: str) -> list[str]:
    if isinstance(row, clerk_import.ClerkRow):
        return [p.text(lang) for p in row.problems]
    label = _("Feature %(n)d", n=row.number)
    return [f"{label}: {p}" for p in row.problems]


def _site_name(row: Any, doc: Any) -> str:
    try:
        node = edit.find(doc, "sites", row.id)[1]
    except edit.NotFound:
        node = row.values
    name = node.get("name") or {}
    return str(name.get(current_lang()) or name.get("zh") or row.id)


def apply_rows(doc: Any, rows: list, skip: set[int] = frozenset()) -> tuple[list[RowPreview], dict]:
    """Apply every row not in ``skip`` to ``doc``; return the previews and {site index: row}."""
    previews, by_index = [], {}
    lang = current_lang()
    seen: set[str] = set()
    for row in rows:
        p = RowPreview(row.number, row.id, problems=_problem_texts(row, lang))
        if row.id and row.id in seen and not isinstance(row, clerk_import.ClerkRow):
            p.problems.append(_("Feature %(n)d: appears in an earlier row too", n=row.number))
        seen.add(row.id)
        p.name = _site_name(row, doc) if row.id else str((row.values.get("name") or {}).get("zh") or "")
        if p.problems or row.number in skip:
            p.action = "invalid" if p.problems else p.action
            previews.append(p)
            continue
        try:
            index, changes = edit.put(doc, "sites", row.id, row.values, partial=True)
            p.action = "update" if changes else "unchanged"
            p.changes = list(dict.fromkeys(label_for(c, lang) for c in changes))
        except edit.NotFound:
            index, _changes = edit.put(doc, "sites", None, row.values)
            p.action = "new"
        by_index[index] = (row, p)
        previews.append(p)
    return previews, by_index


def _render(current: bytes, rows: list, skip: set[int] = frozenset()) -> tuple[list[RowPreview], dict, bytes]:
    doc = load_roundtrip(current)
    before = dump(doc)
    previews, by_index = apply_rows(doc, rows, skip)
    return previews, by_index, render(current.decode("utf-8"), before, doc).encode("utf-8")


def preview(current: bytes, rows: list) -> tuple[list[RowPreview], list[str], bytes | None]:
    """(per-row previews, problems not tied to a row, the new file if every applied row is valid)."""
    previews, by_index, new = _render(current, rows)
    general: list[str] = []
    lang = current_lang()
    try:
        parse_snapshot(new)
    except CatalogError as exc:
        for problem in exc.problems:
            m = SITE_PATH.match(problem.path)
            hit = by_index.get(int(m.group(1))) if m else None
            if hit is None:
                general.append(problem.text(lang))
                continue
            row, target = hit
            if isinstance(row, clerk_import.ClerkRow):
                cell = CellProblem(row.number, row.column_for(m.group(2)), "catalog",
                                   {"en": problem.message("en"), "zh": problem.message("zh")})
                target.problems.append(cell.text(lang))
            else:
                target.problems.append(problem.text(lang).split("]", 1)[-1].lstrip("."))
            target.action = "invalid"
        return previews, general, None
    return previews, general, new


def build(current: bytes, rows: list) -> tuple[list[RowPreview], list[str], bytes]:
    """The file with only the valid rows applied (rows found invalid in the preview are skipped)."""
    previews, general, new = preview(current, rows)
    if new is None:
        bad = {p.number for p in previews if p.action == "invalid"}
        _previews, _by_index, new = _render(current, rows, skip=bad)
    return previews, general, new
