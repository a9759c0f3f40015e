"""Write an edited round-trip document back as text that differs from the original only where it was edited.

ruamel keeps comments and key order, but normalises a few things it cannot represent (a double-quoted
string folded over several lines with ``\\``, an empty value written for ``null`` ...). So we never write
its output wholesale: we dump the document before and after the edit, and carry into the original text
only the stretches that the edit changed. Untouched parts keep their exact bytes; a save with no change
gives the original file; a one-field edit is a one-line diff.
"""
from __future__ import annotations

import io
from difflib import SequenceMatcher
from typing import Any

from .loader import make_yaml


def dump(doc: Any) -> str:
    y = make_yaml()
    # Write null as "null" (the catalog's convention), not as an empty value.
    y.representer.add_representer(type(None), lambda r, _d: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    buf = io.StringIO()
    y.dump(doc, buf)
    return buf.getvalue()


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
    to_o, to_a = _equal_lines(b, o), _equal_lines(b, a)
    # Anchors: lines of the normalised dump found unchanged both in the original and in the edited dump.
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
