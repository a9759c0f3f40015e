"""Save the catalog file so that no edit is ever lost or half-written.

* Compare-and-swap: every save names the version (content hash) it started from; under the lock the file's
  current version is compared, and a save from an old version is refused with ``VersionConflict``.
* Validated first: the whole new catalog must parse; an invalid result is never written (``CatalogError``).
* Crash-safe: a lock on a separate ``.lock`` file (so replacing the data file never drops the lock), a
  temporary file in the same folder, fsync, ``os.replace``, fsync of the folder. A ``kill -9`` at any moment
  leaves either the old file or the new one, never a mix.
* ``before_replace`` runs under the lock just before the replace: the revision log records the new
  version there, so the file on disk always equals a recorded revision.
Pure: no Flask.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from filelock import FileLock

from .loader import version_of
from .source import Snapshot, parse_snapshot

LOCK_TIMEOUT = 30.0  # seconds; a save waits this long for another save to finish


class VersionConflict(Exception):
    """The file changed since the editor's version was read."""

    def __init__(self, base: str, current: str, current_data: bytes):
        self.base, self.current, self.current_data = base, current, current_data
        super().__init__(f"catalog changed: edit based on {base}, file is now {current}")


@dataclass(frozen=True)
class Saved:
    version: str
    previous: str
    changed: bool  # False when the new content equals the current file (nothing written)
    snapshot: Snapshot


class CatalogStore:
    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.lock = FileLock(str(self.path.with_name(self.path.name + ".lock")), timeout=LOCK_TIMEOUT)

    def read(self) -> tuple[bytes, str]:
        data = self.path.read_bytes()
        return data, version_of(data)

    def save(self, new: bytes, base_version: str,
             before_replace: Callable[[bytes, bytes], None] | None = None, snapshot: Snapshot | None = None) -> Saved:
        """Write ``new`` if the file is still at ``base_version``; raise VersionConflict or CatalogError.
        ``snapshot``: ``new`` already validated (catalog.itemtext); otherwise it is validated here."""
        if snapshot is None or snapshot.data != new:
            snapshot = parse_snapshot(new)  # validates the whole catalog; raises CatalogError before any write
        with self.lock:
            current, current_version = self.read()
            if current_version != base_version:
                raise VersionConflict(base_version, current_version, current)
            if new == current:
                return Saved(current_version, current_version, False, snapshot)
            if before_replace is not None:
                before_replace(current, new)
            atomic_write(self.path, new)
        return Saved(version_of(new), current_version, True, snapshot)


def atomic_write(path: Path, data: bytes, *, mtime: float | None = None) -> None:
    """Replace ``path`` with ``data`` atomically and durably (temp file, fsync, rename, fsync of the folder);
    ``mtime``: the modification time the new file has from the moment it appears (a copy of another file)."""
    folder = path.parent
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        if mtime is not None:
            os.utime(tmp, (mtime, mtime))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
