"""Change a loaded round-trip catalog document in place, touching only the values that really change.

``merge(node, values)`` writes plain Python values (what an editor's form produced) into the ruamel nodes:
unchanged values are left alone (so their quoting and layout survive), changed scalars keep the quote
style of the value they replace, and lists and mappings are edited in place so flow style survives.
It returns the dotted paths it changed, which make the revision summary. Pure: no Flask.
"""
from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from .fields import TIME

# Keys whose null means "unknown" and is worth writing down explicitly.
KEEP_NULL = {"step_free", "coach_parking", "last_verified"}
# What an absent key means (catalog.validation's defaults): writing it out would be a change with no effect.
DEFAULTS = {"public_holidays": "closed", "makeup_days": "regular", "last_entry_minutes": 0, "lead_hours": 0,
            "assumed": False, "required": False, "closed_shoes": False, "meals": False, "lodging": False,
            "brand": False, "photography": "unknown", "status": "published", "language": ["zh"]}
FLOW_KEYS = {"name", "short", "address", "notes", "summary", "note", "title", "location", "accessibility",
             "rules", "booking", "price", "contact"}


class NotFound(KeyError):
    pass


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {} or value == ""


def prune(value: Any) -> Any:
    """Drop empty leaves: a form's all-empty section ({"phone": None, ...}) is no value at all."""
    if isinstance(value, dict):
        kept = {k: prune(v) for k, v in value.items()}
        kept = {k: v for k, v in kept.items() if not _empty(v)}
        return kept or None
    return value


def _styled(new: Any, old: Any) -> Any:
    """``new`` written in the quote style of ``old`` (times and windows are always double-quoted)."""
    if not isinstance(new, str):
        return new
    if isinstance(old, (DoubleQuotedScalarString, SingleQuotedScalarString)):
        return type(old)(new)
    if TIME.match(new.split("-")[0].strip()) and any(ch.isdigit() for ch in new):
        return DoubleQuotedScalarString(new)
    return new


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    return old == new and (isinstance(old, str) == isinstance(new, str))


def to_node(value: Any, key: str = "") -> Any:
    """Plain values -> ruamel nodes for newly added parts (small mappings and short lists in flow style)."""
    if isinstance(value, dict):
        node = CommentedMap((k, to_node(v, k)) for k, v in value.items() if not _empty(v) or k in KEEP_NULL)
        if key in FLOW_KEYS and all(not isinstance(v, (dict, list)) and len(str(v)) < 60 for v in node.values()):
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        seq = CommentedSeq(to_node(v) for v in value)
        if all(not isinstance(v, (dict, list)) for v in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str):
        value = "".join(value)  # a plain str: folded/literal block styles from elsewhere break in flow context
    return _styled(value, None)


def merge(node: Any, values: dict, path: str = "", *, partial: bool = False) -> list[str]:
    """Make mapping ``node`` hold ``values``; return the paths that changed. ``partial``: keys missing from
    ``values`` are left alone instead of removed (an import that carries only some columns)."""
    changed: list[str] = []
    for key in [] if partial else list(node.keys()):
        if key not in values and not _empty(node[key]):
            del node[key]
            changed.append(f"{path}{key}")
    for key, new in values.items():
        here = f"{path}{key}"
        if key not in node:
            new = prune(new) if isinstance(new, dict) else new
            if new is None or (_empty(new) and key not in KEEP_NULL) or _same(DEFAULTS.get(key, ...), new):
                continue
            node[key] = to_node(new, key)
            changed.append(here)
            continue
        old = node[key]
        if _empty(new) and _empty(old):
            continue
        if new is None and key not in KEEP_NULL:
            del node[key]
            changed.append(here)
        elif isinstance(new, dict) and isinstance(old, dict):
            changed += merge(old, new, here + ".", partial=partial)
        elif isinstance(new, list) and isinstance(old, list):
            changed += _merge_list(old, new, here)
        elif not _same(old, new):
            node[key] = _styled(new, old) if not isinstance(new, (dict, list)) else to_node(new, key)
            changed.append(here)
    return changed


def _merge_list(old: list, new: list, path: str) -> list[str]:
    changed: list[str] = []
    for i, item in enumerate(new):
        if i >= len(old):
            old.append(to_node(item))
            changed.append(f"{path}[{i}]")
        elif isinstance(item, dict) and isinstance(old[i], dict):
            changed += merge(old[i], item, f"{path}[{i}].")
        elif not _same(old[i], item):
            old[i] = _styled(item, old[i]) if not isinstance(item, (dict, list)) else to_node(item)
            changed.append(f"{path}[{i}]")
    while len(old) > len(new):
        old.pop()
        changed.append(f"{path}[{len(old)}]")
    return changed


def find(doc: Any, section: str, item_id: str) -> tuple[int, Any]:
    for i, item in enumerate(doc.get(section) or []):
        if isinstance(item, dict) and item.get("id") == item_id:
            return i, item
    raise NotFound(f"{section}/{item_id}")


def put(doc: Any, section: str, item_id: str | None, values: dict, *, partial: bool = False
        ) -> tuple[int, list[str]]:
    """Update the item ``item_id`` of ``section`` (or append a new one when None); return (index, changes)."""
    if item_id is None:
        items = doc.setdefault(section, CommentedSeq())
        items.append(to_node(values))
        return len(items) - 1, ["(new)"]
    index, node = find(doc, section, item_id)
    return index, merge(node, values, partial=partial)


def set_status(doc: Any, section: str, item_id: str, status: str) -> list[str]:
    _, node = find(doc, section, item_id)
    if node.get("status") == status:
        return []
    node["status"] = status
    return ["status"]
