"""Write an edited round-trip document back as text that differs from the original only where it was edited.

ruamel keeps comments and key order, but normalises a few things it cannot represent (a double-quoted
string folded over several lines with ``\\``, an empty value written for ``null`` ...). So we never write
its output wholesale: we dump the document before and after the edit, and carry into the original text
only the stretches that the edit changed. Untouched parts keep their exact bytes; a save with no change
gives the original file; a one-field edit is a one-line diff.
"""
from __future__ import annotations

import io
import json
from difflib import SequenceMatcher
from typing import Any

from .loader import load_bytes, make_yaml
from .problems import CatalogError


def dump(doc: Any, offset: int = 2) -> str:
    """``offset``: columns before a block sequence's dash (2 in the bundled catalog, 0 in ruamel's default)."""
    y = make_yaml()
    if offset != 2:
        y.indent(mapping=2, sequence=offset + 2, offset=offset)
    # Write null as "null" (the catalog's convention), not as an empty value.
    y.representer.add_representer(type(None), lambda r, _d: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    buf = io.StringIO()
    y.dump(doc, buf)
    return buf.getvalue()


def render(original: str, before: str, doc: Any) -> str:
    """The edited ``doc`` as text: spliced into ``original``, or ruamel's full dump if the splice would not read
    back as the same data (a safety net: never write something other than what was edited)."""
    after = dump(doc)
    text = splice(original, before, after)
    if text != after:
        try:
            same = same_data(load_bytes(text.encode("utf-8")), doc)
        except CatalogError:
            same = False
        if not same:
            return after
    return text


def same_data(a: Any, b: Any) -> bool:
    """Whether two loaded documents (plain or round-trip) hold the same data."""
    return _plain(a) == _plain(b)


def _plain(value: Any) -> str:
    return json.dumps(value, default=str, sort_keys=True, ensure_ascii=False)


def _equal_lines(x: list[str], y: list[str]) -> dict[int, int]:
    """Line index in x -> line index in y, for the lines the two texts share in order."""
    out: dict[int, int] = {}
    for tag, i1, i2, j1, _j2 in SequenceMatcher(None, x, y, autojunk=False).get_opcodes():
        if tag == "equal":
            out.update({i1 + k: j1 + k for k in range(i2 - i1)})
    return out


def splice(original: str, before: str, after: str) -> str:
    """Apply the change ``before`` -> ``after`` (two dumps) to ``original`` (the text ``before`` was read from)."""
    if before == after:
        return original
    if before == original:
        return after
    o, b, a = (t.splitlines(keepends=True) for t in (original, before, after))
    to_o = _equal_lines(b, o)
    edits = _edits(b, a, to_o, len(o))
    if edits is None:
        return _splice_by_segments(o, b, a, to_o)
    out, pos = [], 0
    for start, end, lines in edits:
        out += o[pos:start] + lines
        pos = end
    return "".join(out + o[pos:])


def _edits(b: list[str], a: list[str], to_o: dict[int, int], n_o: int) -> list[tuple[int, int, list[str]]] | None:
    """Each change as (start, end, new lines) over the original's lines; None if two changes overlap."""
    edits = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, b, a, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if i1 < i2 and all(k in to_o for k in range(i1, i2)) and to_o[i2 - 1] - to_o[i1] == i2 - 1 - i1:
            edits.append((to_o[i1], to_o[i2 - 1] + 1, a[j1:j2]))  # the edited lines are exactly in the original
        elif i1 == i2 and (i1 == 0 or i1 - 1 in to_o):
            at = to_o[i1 - 1] + 1 if i1 else 0
            edits.append((at, at, a[j1:j2]))
        else:  # the edit touches text ruamel normalised: rewrite the stretch up to the nearest exact lines
            p = max((k for k in to_o if k < i1), default=-1)
            q = min((k for k in to_o if k >= i2), default=len(b))
            edits.append((to_o[p] + 1 if p >= 0 else 0, to_o[q] if q < len(b) else n_o, b[p + 1:i1] + a[j1:j2] + b[i2:q]))
    for (s1, e1, _), (s2, _e2, _) in zip(edits, edits[1:]):
        if s2 < e1:
            return None
    return edits


def _splice_by_segments(o: list[str], b: list[str], a: list[str], to_o: dict[int, int]) -> str:
    """Fallback: between lines unchanged everywhere, keep the original unless the edit touched that stretch."""
    to_a = _equal_lines(b, a)
    anchors = [(-1, -1, -1)] + [(i, to_o[i], to_a[i]) for i in range(len(b)) if i in to_o and i in to_a]
    anchors.append((len(b), len(o), len(a)))
    out: list[str] = []
    for (pb, po, pa), (qb, qo, qa) in zip(anchors, anchors[1:]):
        if pb >= 0:
            out.append(o[po])  # the anchor line itself, identical in all three
        if b[pb + 1:qb] == a[pa + 1:qa]:
            out.extend(o[po + 1:qo])  # not edited here: keep the original's exact text
        else:
            out.extend(a[pa + 1:qa])  # edited: the new text, as ruamel writes it
    return "".join(out)
