"""The live catalog: parsed once, re-read when the file changes, last good version kept when it breaks.

Every worker process checks the file's stat on access, so a save by any process (or a hand edit)
shows on the next request everywhere, without a restart.
"""
from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .loader import load_bytes, load_roundtrip, version_of
from .model import Catalog
from .problems import CatalogError, Problem
from .validation import parse

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    catalog: Catalog
    plain: Any = field(repr=False)  # the document as plain dicts and lists (with line numbers)
    data: bytes = field(repr=False)

    @cached_property
    def raw(self) -> Any:
        """The round-trip document (comments and formatting kept), built only when an editor needs it."""
        return load_roundtrip(self.data)


def read_catalog(path: str | os.PathLike) -> Snapshot:
    """Load and validate a catalog file, raising CatalogError with every problem found."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CatalogError([Problem("", "unreadable", {"detail": exc.strerror or str(exc)})]) from None
    return parse_snapshot(data)


def parse_snapshot(data: bytes) -> Snapshot:
    plain = load_bytes(data)
    return Snapshot(parse(plain, version=version_of(data)), plain, data)


class CatalogSource:
    """Serves the current good catalog for one file; thread-safe; cheap to call on every request."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._signature: tuple | None = None
        self._good: Snapshot | None = None
        self.loaded_mtime: float | None = None  # modification time of the file the good snapshot came from
        self.problems: list[Problem] = []  # what is wrong with the file on disk now, if anything

    def load_or_raise(self) -> Snapshot:
        """First load at start-up: a broken file is fatal here, unlike later reloads."""
        with self._lock:
            sig = self._stat()
            self._good = read_catalog(self.path)
            self._signature, self.problems = sig, []
            self.loaded_mtime = sig[2] / 1e9 if sig else None
            return self._good

    def snapshot(self) -> Snapshot:
        sig = self._stat()
        if self._good is not None and sig == self._signature:
            return self._good
        with self._lock:
            if self._good is None or sig != self._signature:
                self._reload(sig)
            assert self._good is not None
            return self._good

    def adopt(self, snapshot: Snapshot) -> None:
        """Serve ``snapshot``, parsed and validated from the bytes just written to the file (a catalog copy kept
        by catalog.remote), without parsing the file again; a later change of the file is picked up as usual."""
        with self._lock:
            sig = self._stat()
            try:
                same = self.path.read_bytes() == snapshot.data
            except OSError:
                return
            if same and sig is not None and sig == self._stat():
                self._good, self._signature, self.problems = snapshot, sig, []
                self.loaded_mtime = sig[2] / 1e9

    @property
    def catalog(self) -> Catalog:
        return self.snapshot().catalog

    def _reload(self, sig: tuple | None) -> None:
        try:
            fresh = read_catalog(self.path)
        except CatalogError as exc:
            if self._good is None:
                raise
            if sig != self._signature:
                log.error("catalog %s is broken; still serving version %s:\n%s", self.path,
                          self._good.catalog.version, exc)
            self._signature, self.problems = sig, exc.problems
            return
        self._good, self._signature, self.problems = fresh, sig, []
        self.loaded_mtime = sig[2] / 1e9 if sig else None
        log.info("catalog %s reloaded: version %s", self.path, fresh.catalog.version)

    def _stat(self) -> tuple | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)
