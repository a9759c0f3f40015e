"""Read catalog YAML safely: size cap, UTF-8 only, no aliases, no tags, bounded depth.

One library (ruamel.yaml, YAML 1.2) reads and writes the file. Two ways to read it:
- ``load_bytes``: for serving. libyaml's C parser produces events, checked as they come (an alias bomb
  or a ``!!python`` tag is refused before anything is built), and a lean composer turns them into plain
  dicts and lists that remember line numbers, using ruamel's own resolver and constructors so every
  scalar means exactly what it means to ruamel. About 20x faster than the round-trip loader.
- ``load_roundtrip``: for editing, keeps comments and formatting (slow: pure-Python scanner).
"""
from __future__ import annotations

import hashlib
import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (AliasEvent, CollectionEndEvent, CollectionStartEvent, MappingStartEvent,
                                NodeEvent, ScalarEvent, SequenceStartEvent)
from ruamel.yaml.nodes import ScalarNode

from .problems import CatalogError, Problem

MAX_BYTES = 2_000_000  # the real catalog is ~100 KB; a synthetic 2,000-site one fits
MAX_DEPTH = 12
CORE = "tag:yaml.org,2002:"
ALLOWED_TAGS = {None, "!", *(CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp"))}


class _ReadableEmitter(Emitter):
    """ruamel's emitter, writing only what libyaml's parser (``load_bytes``) reads back the same.

    ruamel writes by YAML 1.2, where ``Boats from 09:30`` may stay plain inside ``{en: ...}``; libyaml refuses a
    ``:`` inside a plain scalar in flow context ("found unexpected ':'"), so such a save was refused. Any
    scalar holding ``:`` or ``?`` is quoted in flow context; block context is the same in both. Likewise, ruamel
    writes a NEL (U+0085) as it is inside single quotes, where libyaml reads a line break: such text is written
    double-quoted, with the character escaped."""

    def analyze_scalar(self, scalar: Any) -> Any:
        analysis = super().analyze_scalar(scalar)
        if analysis.allow_flow_plain and any(ch in scalar for ch in ":?"):
            analysis.allow_flow_plain = False
        return analysis

    def choose_scalar_style(self) -> Any:
        value = self.event.value
        if any(ch in value for ch in "\x85\u2028\u2029"):
            return '"'  # even where the text was a folded block before: libyaml would fold the character away
        if self.event.style and self.event.style in "|>" and not _block_safe(value):
            return '"'  # a new text in a block kept from the old one: only when a block can hold it exactly
        return super().choose_scalar_style()


def _block_safe(value: str) -> bool:
    """Text a literal or folded block writes and reads back unchanged: no tabs, no line that starts or ends
    with white space."""
    return "\t" not in value and all(line == line.strip(" \u3000\xa0") for line in value.split("\n"))


def make_yaml() -> YAML:
    y = YAML(typ="rt")
    y.Emitter = _ReadableEmitter
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap long lines the bureau wrote
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def version_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


class _Lines:
    """The part of ruamel's ``lc`` interface the validator uses: 0-based (line, column) per key or item."""

    __slots__ = ("_pos",)

    def __init__(self) -> None:
        self._pos: dict = {}

    def key(self, k: Any) -> tuple[int, int]:
        return self._pos[k]

    def item(self, i: int) -> tuple[int, int]:
        return self._pos[i]


class YamlMap(dict):
    __slots__ = ("lc",)


class YamlList(list):
    __slots__ = ("lc",)


def _decode(data: bytes, max_bytes: int) -> str:
    if len(data) > max_bytes:
        raise CatalogError([Problem("", "too_big", {"max": max_bytes})])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CatalogError([Problem("", "encoding")]) from None
    if "\x00" in text:
        raise CatalogError([Problem("", "control_chars", {}, text[: text.index("\x00")].count("\n") + 1)])
    return text


def load_bytes(data: bytes, *, max_bytes: int = MAX_BYTES) -> Any:
    """Parse YAML bytes into plain dicts and lists with line numbers, or raise CatalogError saying why not."""
    text = _decode(data, max_bytes)
    try:
        yaml = YAML(typ="safe", pure=False)
        return _Composer(yaml).compose(yaml.parse(io.StringIO(text)))
    except CatalogError:
        raise
    except MarkedYAMLError as exc:
        raise CatalogError([_syntax_problem(exc)]) from None
    except (YAMLError, ValueError) as exc:
        raise CatalogError([Problem("", "syntax", {"detail": str(exc)[:200]})]) from None


def load_roundtrip(data: bytes, *, max_bytes: int = MAX_BYTES) -> Any:
    """The same checks, then ruamel's round-trip nodes (comments, order, quoting kept) for editing."""
    load_bytes(data, max_bytes=max_bytes)
    return make_yaml().load(data.decode("utf-8"))


class _Composer:
    def __init__(self, yaml: YAML) -> None:
        self.resolver = yaml.resolver
        self.constructor = yaml.constructor
        self.depth = 0
        self.memo: dict[tuple, Any] = {}  # scalars repeat a lot ("gcj02", "09:00-17:00"); all are immutable

    def compose(self, events) -> Any:
        root: Any = None
        stack: list[Any] = []  # containers being filled
        keys: list[Any] = []  # for mappings: the pending key (or a sentinel)
        pending = object()
        for event in events:
            line = event.start_mark.line if event.start_mark else 0
            if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor):
                raise CatalogError([Problem("", "alias", {}, line + 1)])
            if isinstance(event, ScalarEvent):
                value = self.scalar(event, line)
            elif isinstance(event, CollectionStartEvent):
                self.check_tag(event, line)
                self.depth += 1
                if self.depth > MAX_DEPTH:
                    raise CatalogError([Problem("", "too_deep", {"max": MAX_DEPTH}, line + 1)])
                value = YamlMap() if isinstance(event, MappingStartEvent) else YamlList()
                value.lc = _Lines()
            elif isinstance(event, CollectionEndEvent):
                self.depth -= 1
                stack.pop()
                keys.pop()
                continue
            else:
                continue
            if not stack:
                root = value
            else:
                parent = stack[-1]
                if isinstance(parent, YamlMap):
                    if keys[-1] is pending:
                        if not isinstance(value, (str, int, float, bool)) and value is not None:
                            raise CatalogError([Problem("", "syntax", {"detail": "a key must be a plain value"},
                                                        line + 1)])
                        if value in parent:
                            raise CatalogError([Problem("", "duplicate_key", {"key": str(value)[:60]}, line + 1)])
                        keys[-1] = value
                        parent.lc._pos[value] = (line, 0)
                    else:
                        parent[keys[-1]] = value
                        keys[-1] = pending
                else:
                    parent.lc._pos[len(parent)] = (line, 0)
                    parent.append(value)
            if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                stack.append(value)
                keys.append(pending)
        return root

    def check_tag(self, event: NodeEvent, line: int) -> None:
        tag = getattr(event, "tag", None)
        tag = getattr(tag, "value", tag)
        if tag not in ALLOWED_TAGS:
            raise CatalogError([Problem("", "tag", {"tag": str(tag)[:60]}, line + 1)])

    def scalar(self, event: ScalarEvent, line: int) -> Any:
        key = (event.value, event.implicit, getattr(event.tag, "value", event.tag))
        try:
            return self.memo[key]
        except KeyError:
            value = self.memo[key] = self._construct(event, line)
            return value

    def _construct(self, event: ScalarEvent, line: int) -> Any:
        self.check_tag(event, line)
        tag = getattr(event.tag, "value", event.tag)
        if tag in (None, "!"):
            tag = self.resolver.resolve(ScalarNode, event.value, event.implicit)
            tag = getattr(tag, "value", tag)
        if tag == CORE + "str":
            return event.value
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark)
        try:
            return self.constructor.construct_object(node, deep=True)
        except ConstructorError as exc:
            raise CatalogError([Problem("", "syntax", {"detail": str(exc.problem)[:200]}, line + 1)]) from None


def _syntax_problem(exc: MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    detail = " ".join(filter(None, (exc.context, exc.problem)))[:200]
    return Problem("", "syntax", {"detail": detail}, mark.line + 1 if mark else None)
