"""Read catalog YAML safely: size cap, UTF-8 only, no aliases, no tags, bounded depth, round-trip nodes.

One library (ruamel.yaml, YAML 1.2) reads and writes the file, so what the editor saves reads back the same.
"""
from __future__ import annotations

import hashlib
import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent, ScalarEvent)

from .problems import CatalogError, Problem

MAX_BYTES = 2_000_000  # the real catalog is ~100 KB; a synthetic 2,000-site one fits
MAX_DEPTH = 12
ALLOWED_TAGS = {None, "!", *(f"tag:yaml.org,2002:{t}" for t in
                             ("str", "int", "float", "bool", "null", "map", "seq", "timestamp"))}


def make_yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap long lines the bureau wrote
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def version_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def load_bytes(data: bytes, *, max_bytes: int = MAX_BYTES) -> Any:
    """Parse YAML bytes into round-trip nodes, or raise CatalogError saying what is unsafe or broken."""
    if len(data) > max_bytes:
        raise CatalogError([Problem("", "too_big", {"max": max_bytes})])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CatalogError([Problem("", "encoding")]) from None
    if "\x00" in text:
        raise CatalogError([Problem("", "control_chars", {}, text[: text.index("\x00")].count("\n") + 1)])
    _check_events(text)
    try:
        return make_yaml().load(text)
    except MarkedYAMLError as exc:
        raise CatalogError([_syntax_problem(exc)]) from None
    except YAMLError as exc:
        raise CatalogError([Problem("", "syntax", {"detail": str(exc)[:200]})]) from None


def _check_events(text: str) -> None:
    """Walk parser events before building anything, so an alias bomb or a python tag never gets constructed."""
    depth = 0
    try:
        for event in make_yaml().parse(io.StringIO(text)):
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor):
                raise CatalogError([Problem("", "alias", {}, line)])
            if isinstance(event, (ScalarEvent, CollectionStartEvent)):
                tag = getattr(event, "tag", None)
                tag = getattr(tag, "value", tag)
                if tag not in ALLOWED_TAGS:
                    raise CatalogError([Problem("", "tag", {"tag": str(tag)[:60]}, line)])
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise CatalogError([Problem("", "too_deep", {"max": MAX_DEPTH}, line)])
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except MarkedYAMLError as exc:
        raise CatalogError([_syntax_problem(exc)]) from None
    except YAMLError as exc:
        raise CatalogError([Problem("", "syntax", {"detail": str(exc)[:200]})]) from None


def _syntax_problem(exc: MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    detail = " ".join(filter(None, (exc.context, exc.problem)))[:200]
    return Problem("", "syntax", {"detail": detail}, mark.line + 1 if mark else None)
