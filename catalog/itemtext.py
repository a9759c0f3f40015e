"""Edit one item of a section (a site, a tour) as text, without parsing or rewriting the rest of the file.

The round-trip library needs about 1 s to read the 100 KB catalog and 0.5 s per dump; a 2,000-site catalog
takes minutes. An edit touches one item, so only that item's lines go through it:

1. The catalog version is parsed once with the fast loader (``load_bytes``); the parser's line numbers say
   where each item of ``sites:`` and ``tours:`` starts (``Parsed``, cached by content hash).
2. The item's lines, under their section key, make a small document of their own; the edit is applied to
   its round-trip nodes and spliced into those lines (``yamltext``), so untouched bytes stay as they were.
3. The new lines are checked to stand alone: first line ``  - `` at the item's indent, every other line blank,
   a comment, or indented deeper. Lines that stand alone read the same inside the file as in the small
   document, so the new file's data is the old data with that one item replaced, which is verified by
   reading the small document back with the fast loader and comparing it with what was edited.

A file this cannot handle (a section in flow style, an item it cannot find) gets ``None``: the caller then
uses the whole-document path. Pure: no Flask.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from cachetools import LRUCache

from .loader import YamlList, YamlMap, _Lines, load_bytes, load_roundtrip, version_of
from .problems import CatalogError, Problem
from .source import Snapshot, parse_snapshot
from .validation import parse
from .yamltext import dump, render, same_data, splice

SECTIONS = ("sites", "tours")
ITEM = re.compile(r"^( *)- ")
CACHED = 4  # versions kept per process: the current one and the few just before it


@dataclass
class Parsed:
    """One catalog version, parsed once: data, plain document, and where each item's lines are."""

    data: bytes
    version: str
    plain: Any
    lines: list[str]
    starts: dict[str, list[int]]  # section -> 0-based first line of each item
    ends: dict[str, int]  # section -> the line after its last item's block (next top-level key or end of file)
    memo: dict = field(default_factory=dict)  # validation's per-site results (catalog.validation.parse)


@dataclass(frozen=True)
class Edited:
    data: bytes
    parsed: Parsed  # the new version, ready for the next edit and for validation
    index: int  # the item's index in its section
    result: Any  # what the change function returned


_cache: LRUCache[str, Parsed] = LRUCache(maxsize=CACHED)
_lock = threading.Lock()
# An item's block text -> (its round-trip document, that document's dump), left by the edit that wrote the
# block: the next edit of the same item skips ruamel's read and first dump (two thirds of an edit's time).
# Taken out under the lock, so one edit at a time owns a document; an edit that does not read back from it
# is redone from a fresh read.
_docs: LRUCache[tuple[str, int], tuple[Any, str]] = LRUCache(maxsize=CACHED * 2)


def parsed(data: bytes, version: str | None = None) -> Parsed:
    """``data`` parsed (cached by version); raises CatalogError when it does not parse."""
    version = version or version_of(data)
    with _lock:
        hit = _cache.get(version)
        if hit is not None:
            return hit
    plain = load_bytes(data)
    text = data.decode("utf-8")
    lines = text.splitlines(keepends=True)
    starts, ends = {}, {}
    if isinstance(plain, YamlMap):
        top = sorted(plain.lc.key(k)[0] for k in plain)
        for section in SECTIONS:
            items = plain.get(section)
            if isinstance(items, YamlList) and items and section in plain:
                starts[section] = [items.lc.item(i)[0] for i in range(len(items))]
                key_line = plain.lc.key(section)[0]
                ends[section] = min((ln for ln in top if ln > key_line), default=len(lines))
    p = Parsed(data, version, plain, lines, starts, ends)
    try:
        parse(plain, version=version, memo=p.memo)  # fills the memo now, so the first save is as quick as the next
    except CatalogError:
        pass  # a broken file: the save will say why
    return remember(p)


def remember(p: Parsed) -> Parsed:
    with _lock:
        _cache[p.version] = p
    return p


def _span(p: Parsed, section: str, index: int) -> tuple[int, int, str] | None:
    """(first line, end line, indent) of the item's own lines; None when they are not a plain block item."""
    starts = p.starts.get(section) or []
    start = starts[index]
    end = starts[index + 1] if index + 1 < len(starts) else p.ends[section]
    m = ITEM.match(p.lines[start]) if start < len(p.lines) else None
    if m is None:
        return None
    indent = m.group(1)
    # Blank and comment lines at or left of the item's indent after it belong to what follows (a section
    # comment): they stay outside the edited text.
    while end - 1 > start and _outside(p.lines[end - 1], indent):
        end -= 1
    if not _stands_alone(p.lines[start:end], indent):
        return None
    return start, end, indent


def _outside(line: str, indent: str) -> bool:
    body = line.strip()
    return not body or (body.startswith("#") and len(line) - len(line.lstrip(" ")) <= len(indent))


def _stands_alone(lines: list[str], indent: str) -> bool:
    if not lines or not lines[0].startswith(indent + "- ") or not lines[-1].endswith("\n"):
        return False
    deeper = indent + " "
    return all(not ln.strip() or ln.startswith(deeper) or ln.lstrip(" ").startswith("#") for ln in lines[1:]) \
        and all("\t" not in ln[:len(ln) - len(ln.lstrip(" \t"))] for ln in lines)


def _take(small: str, offset: int) -> tuple[Any, str] | None:
    with _lock:
        return _docs.pop((small, offset), None)


def _keep(small: str, offset: int, doc: Any, dumped: str) -> None:
    with _lock:
        _docs[(small, offset)] = (doc, dumped)


def edit(p: Parsed, section: str, item_id: str, change: Callable[[Any], Any], *, fresh: bool = False
         ) -> Edited | None:
    """Apply ``change(doc)`` to a small document ``{section: [the item]}``; None when this file's shape is not
    handled here (the caller uses the whole document). Raises CatalogError if the edited item does not read
    back as edited (never expected: the writer quotes what the reader needs)."""
    items = p.plain.get(section) if isinstance(p.plain, dict) else None
    if section not in p.starts or not isinstance(items, list):
        return None
    index = next((i for i, it in enumerate(items) if isinstance(it, dict) and it.get("id") == item_id), None)
    if index is None:
        return None
    span = _span(p, section, index)
    if span is None:
        return None
    start, end, indent = span
    header = f"{section}:\n"
    small = header + "".join(p.lines[start:end])
    cached = None if fresh else _take(small, len(indent))
    if cached is not None:
        doc, before = cached
    else:
        doc = load_roundtrip(small.encode("utf-8"))
        before = dump(doc, len(indent))
    result = change(doc)
    after = dump(doc, len(indent))
    text = splice(small, before, after)
    body = text[len(header):]
    new_lines = body.splitlines(keepends=True)
    if not text.startswith(header) or not _stands_alone(new_lines, indent):
        return edit(p, section, item_id, change, fresh=True) if cached is not None else None
    check = load_bytes(text.encode("utf-8"))
    new_items = check.get(section) if isinstance(check, dict) else None
    if not isinstance(new_items, list) or len(new_items) != 1 or not same_data(new_items[0], doc[section][0]):
        if cached is not None:
            return edit(p, section, item_id, change, fresh=True)
        raise CatalogError([Problem(f"{section}[{index}]", "syntax", {"detail": "the edit does not read back"})])
    _keep(text, len(indent), doc, after)
    lines = p.lines[:start] + new_lines + p.lines[end:]
    data = "".join(lines).encode("utf-8")
    delta = len(new_lines) - (end - start)
    new_item = _shifted(new_items[0], start - 1)
    plain = _replaced(p.plain, section, index, new_item, start, delta)
    starts = {s: [ln + delta if ln > start else ln for ln in v] for s, v in p.starts.items()}
    ends = {s: v + delta if v > start else v for s, v in p.ends.items()}
    memo = {k: v for k, v in p.memo.items() if v[0] is not items[index]}
    new = Parsed(data, version_of(data), plain, lines, starts, ends, memo)
    return Edited(data, new, index, result)


def _replaced(root: YamlMap, section: str, index: int, item: Any, start: int, delta: int) -> YamlMap:
    """A new top-level mapping sharing every untouched item; line numbers after the edit moved by ``delta``
    (inside untouched items they are not moved: validation's messages fall back to a full parse)."""
    out = YamlMap(root)
    out.lc = _moved(root.lc, start, delta)
    old = root[section]
    seq = YamlList(old)
    seq[index] = item
    seq.lc = _moved(old.lc, start, delta)
    out[section] = seq
    return out


def _moved(lc: _Lines, start: int, delta: int) -> _Lines:
    new = _Lines()
    new._pos = {k: ((ln + delta, col) if ln > start else (ln, col)) for k, (ln, col) in lc._pos.items()}
    return new


def _shifted(value: Any, by: int) -> Any:
    """Line numbers of a node parsed from the small document, as lines of the whole file."""
    if isinstance(value, (YamlMap, YamlList)):
        value.lc._pos = {k: (ln + by, col) for k, (ln, col) in value.lc._pos.items()}
        for child in (value.values() if isinstance(value, dict) else value):
            _shifted(child, by)
    return value


def draft(data: bytes, version: str, change: Callable[[Any], Any], item: tuple[str, str] | None = None
          ) -> tuple[bytes, Any, Parsed | None]:
    """``change(doc)`` applied to ``data``: (new data, what ``change`` returned, the new version parsed, for
    ``snapshot``; None when only the whole-document path was taken). With ``item`` = (section, id) only that item's lines are edited (``change``
    then sees a document holding just that item; an index it returns is made the item's index in the file);
    otherwise, or when the file's shape needs it, the whole document is."""
    if item is not None:
        edited = edit(parsed(data, version), *item, change)
        if edited is not None:
            result = edited.result
            if isinstance(result, tuple) and result and isinstance(result[0], int):
                result = (edited.index, *result[1:])
            remember(edited.parsed)
            return edited.data, result, edited.parsed
    doc = load_roundtrip(data)
    before = dump(doc)
    result = change(doc)
    return render(data.decode("utf-8"), before, doc).encode("utf-8"), result, None


def snapshot(p: Parsed) -> Snapshot:
    """``p`` validated (reusing what ``p.memo`` knows); CatalogError with every problem otherwise."""
    try:
        return Snapshot(parse(p.plain, version=p.version, memo=p.memo), p.plain, p.data)
    except CatalogError:
        return parse_snapshot(p.data)  # raises again, with line numbers from a full read
