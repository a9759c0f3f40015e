"""The conflict page's facts: field by field, what the editor sent, what the file holds now, and what both
started from (when that version is in the history)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from catalog.edit import NotFound, find
from catalog.loader import load_bytes
from catalog.problems import CatalogError
from catalog.store import VersionConflict

from .saving import revision_log


@dataclass(frozen=True)
class FieldDiff:
    name: str
    mine: str
    theirs: str  # the current file
    base: str | None  # the version the editor started from; None when unknown
    changed_by_them: bool


def _fields_of(data: bytes | None, section: str, item_id: str, flatten: Callable) -> dict[str, str] | None:
    if data is None:
        return None
    try:
        _, node = find(load_bytes(data), section, item_id)
    except (CatalogError, NotFound):
        return None
    return flatten(node)


def compare(conflict: VersionConflict, section: str, item_id: str, mine: dict[str, str],
            flatten: Callable) -> tuple[list[FieldDiff], dict[str, str] | None]:
    """The differing fields, and the current item's fields (None when it no longer exists)."""
    theirs = _fields_of(conflict.current_data, section, item_id, flatten)
    base = _fields_of(revision_log().data(conflict.base), section, item_id, flatten)
    current = theirs or {}
    names = list(dict.fromkeys([*mine, *current]))
    out = []
    for name in names:
        a, b = mine.get(name, ""), current.get(name, "")
        if a != b:
            start = None if base is None else base.get(name, "")
            out.append(FieldDiff(name, a, b, start, start is not None and start != b))
    return out, theirs
