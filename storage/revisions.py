"""Revision history of the catalog file: the full YAML of every version in a folder (named by content
hash, so a version is stored once), who saved it, when, and why in SQLite. Pure: no Flask."""
from __future__ import annotations

import difflib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import accounts
from catalog.loader import version_of
from catalog.store import atomic_write

FOUND_ON_DISK = "(file on disk)"  # author of a version nobody saved through the admin (a hand edit)


@dataclass(frozen=True)
class Revision:
    id: int
    version: str
    parent: str
    at: float
    author: str
    summary: str
    size: int


class RevisionLog:
    def __init__(self, conn: sqlite3.Connection, folder: str | Path):
        self.conn, self.folder = conn, Path(folder)

    def _file(self, version: str) -> Path:
        return self.folder / f"{version}.yaml"

    def _store(self, data: bytes) -> str:
        version = version_of(data)
        target = self._file(version)
        if not target.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write(target, data)
        return version

    def record(self, data: bytes, *, parent: str, author: str, summary: str) -> Revision:
        version = self._store(data)
        cur = self.conn.execute(
            "INSERT INTO revisions (version, parent, at, author, summary, size) VALUES (?, ?, ?, ?, ?, ?)",
            (version, parent, accounts.now(), author[:80], summary[:500], len(data)))
        return self.get(cur.lastrowid)  # type: ignore[return-value]

    def ensure(self, data: bytes, summary: str = "Version found on disk (edited by hand or never saved here)"
               ) -> None:
        """Record ``data`` unless that exact version already is a revision (a hand edit gets its own entry)."""
        if self.by_version(version_of(data)) is None:
            self.record(data, parent="", author=FOUND_ON_DISK, summary=summary)

    def get(self, rev_id: int) -> Revision | None:
        row = self.conn.execute("SELECT * FROM revisions WHERE id = ?", (rev_id,)).fetchone()
        return Revision(**dict(row)) if row else None

    def by_version(self, version: str) -> Revision | None:
        row = self.conn.execute("SELECT * FROM revisions WHERE version = ? ORDER BY id DESC LIMIT 1",
                                (version,)).fetchone()
        return Revision(**dict(row)) if row else None

    def recent(self, limit: int = 100, offset: int = 0) -> list[Revision]:
        rows = self.conn.execute("SELECT * FROM revisions ORDER BY id DESC LIMIT ? OFFSET ?", (limit, offset))
        return [Revision(**dict(r)) for r in rows]

    def count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM revisions").fetchone()[0]

    def data(self, version: str) -> bytes | None:
        try:
            return self._file(version).read_bytes()
        except FileNotFoundError:
            return None

    def versions(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT version FROM revisions")}


def diff_lines(old: bytes, new: bytes, old_name: str, new_name: str, context: int = 3) -> list[str]:
    """A unified diff of two catalog versions, line by line."""
    return list(difflib.unified_diff(old.decode("utf-8", "replace").splitlines(),
                                     new.decode("utf-8", "replace").splitlines(),
                                     old_name, new_name, n=context, lineterm=""))
