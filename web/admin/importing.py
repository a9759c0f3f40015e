"""Import sites from CSV or GeoJSON: a preview of what each row would change, with its own problems, then
applying the rows that are valid (one save, one revision)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from catalog import edit, interchange
from catalog.loader import load_roundtrip
from catalog.problems import CatalogError
from catalog.source import parse_snapshot
from catalog.yamltext import dump, render
from geo.datum import to_datum

from ..i18n import current_lang

MAX_UPLOAD = 2_000_000
SITE_PATH = re.compile(r"^sites\[(\d+)\]")


@dataclass
class RowPreview:
    number: int
    id: str
    action: str = "unchanged"  # new | update | unchanged | invalid
    changes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def parse_upload(data: bytes, fmt: str) -> list[interchange.Row]:
    """Raises interchange.ImportError_ when the upload as a whole is unusable."""
    if fmt == "geojson":
        return interchange.parse_geojson(data, to_datum, MAX_UPLOAD)
    return interchange.parse_csv(data, MAX_UPLOAD)


def apply_rows(doc: Any, rows: list[interchange.Row], skip: set[int] = frozenset()) -> tuple[list[RowPreview], dict]:
    """Apply every row not in ``skip`` to ``doc``; return the previews and {site index: row number}."""
    previews, by_index = [], {}
    seen: set[str] = set()
    for row in rows:
        p = RowPreview(row.number, row.id, problems=list(row.problems))
        if row.id in seen:
            p.problems.append("id: appears in an earlier row too")
        seen.add(row.id)
        if p.problems or row.number in skip:
            p.action = "invalid" if p.problems else p.action
            previews.append(p)
            continue
        try:
            index, changes = edit.put(doc, "sites", row.id, row.values, partial=True)
            p.action = "update" if changes else "unchanged"
        except edit.NotFound:
            index, changes = edit.put(doc, "sites", None, row.values)
            p.action = "new"
        p.changes = changes
        by_index[index] = row.number
        previews.append(p)
    return previews, by_index


def preview(current: bytes, rows: list[interchange.Row]) -> tuple[list[RowPreview], list[str], bytes | None]:
    """(per-row previews, problems not tied to a row, the new file if every applied row is valid)."""
    doc = load_roundtrip(current)
    before = dump(doc)
    previews, by_index = apply_rows(doc, rows)
    new = render(current.decode("utf-8"), before, doc).encode("utf-8")
    general: list[str] = []
    lang = current_lang()
    try:
        parse_snapshot(new)
    except CatalogError as exc:
        rows_by_number = {p.number: p for p in previews}
        for problem in exc.problems:
            m = SITE_PATH.match(problem.path)
            number = by_index.get(int(m.group(1))) if m else None
            if number is not None:
                target = rows_by_number[number]
                target.problems.append(problem.text(lang).split("]", 1)[-1].lstrip("."))
                target.action = "invalid"
            else:
                general.append(problem.text(lang))
        return previews, general, None
    return previews, general, new


def build(current: bytes, rows: list[interchange.Row]) -> tuple[list[RowPreview], list[str], bytes]:
    """The file with only the valid rows applied (rows found invalid in the preview are skipped)."""
    previews, general, new = preview(current, rows)
    if new is None:
        bad = {p.number for p in previews if p.action == "invalid"}
        doc = load_roundtrip(current)
        before = dump(doc)
        apply_rows(doc, rows, skip=bad)
        new = render(current.decode("utf-8"), before, doc).encode("utf-8")
    return previews, general, new
