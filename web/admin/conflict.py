"""Three-way merge of a stale save, field by field, against the version the editor started from.

The editor's form carries the item's fields as they were when it was opened (``base_fields``, JSON). When the
file has changed since, each field is decided on its own:

* both sides hold the same value, or only one side changed it from the start: that value is taken, no question;
* both changed it, to different values: a conflict. The conflict page shows only those, side by side, with no
  choice made; the save waits until every one is chosen.

Without a known start (an old form, a lost revision) every differing field is a conflict: nothing the other
editor saved is replaced without the editor seeing it.
"""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Callable

from werkzeug.datastructures import MultiDict

from catalog.edit import NotFound, find
from catalog.loader import load_bytes
from catalog.problems import CatalogError

BASE_FIELD = "base_fields"  # hidden input: JSON of the item's fields when the form was opened
CHOOSE_FIELD = "conflicts"  # hidden input on the conflict page: JSON [[name, mine, theirs], ...] still open


@dataclass(frozen=True)
class Clash:
    name: str
    mine: str
    theirs: str


@dataclass(frozen=True)
class Merge:
    fields: dict[str, str]  # the merged item, conflicts holding the editor's value until chosen
    clashes: list[Clash]
    taken: list[str]  # fields taken from the other save (they changed them, the editor did not)
    theirs: dict[str, str] | None  # the current item's fields; None when it no longer exists


def encode(fields: dict[str, str]) -> str:
    # base64: the page source carries the starting fields without showing a field code to anyone reading it
    return base64.urlsafe_b64encode(json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()).decode()


def base_of(form: MultiDict) -> dict[str, str] | None:
    try:
        raw = form.get(BASE_FIELD) or ""
        base = json.loads(base64.urlsafe_b64decode(raw.encode("ascii")).decode()) if raw else None
    except (ValueError, UnicodeError):
        return None
    if not isinstance(base, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in base.items()):
        return None
    return base


def item_fields(data: bytes | None, section: str, item_id: str, flatten: Callable) -> dict[str, str] | None:
    if data is None:
        return None
    try:
        _, node = find(load_bytes(data), section, item_id)
    except (CatalogError, NotFound):
        return None
    return flatten(node)


def merge(base: dict[str, str] | None, mine: dict[str, str], theirs: dict[str, str] | None) -> Merge:
    current = theirs or {}
    out: dict[str, str] = {}
    clashes: list[Clash] = []
    taken: list[str] = []
    for name in dict.fromkeys([*mine, *current]):
        m, t = mine.get(name, ""), current.get(name, "")
        b = None if base is None else base.get(name, "")
        if m == t or t == b:
            out[name] = m
        elif m == b:
            out[name] = t
            taken.append(name)
        else:
            out[name] = m
            clashes.append(Clash(name, m, t))
    return Merge(out, clashes, taken, theirs)


def open_choices(form: MultiDict) -> list[Clash]:
    """Conflicts the conflict page asked about that the form does not answer (no choice sent)."""
    try:
        asked = json.loads(form.get(CHOOSE_FIELD) or "[]")
    except ValueError:
        return []
    out = []
    for row in asked if isinstance(asked, list) else []:
        if isinstance(row, list) and len(row) == 3 and all(isinstance(x, str) for x in row) \
                and row[0] not in form:
            out.append(Clash(*row))
    return out
