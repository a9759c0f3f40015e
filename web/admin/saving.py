"""Save an edit of the catalog: read the version the editor started from, change the round-trip document,
splice the change into the original text, validate, and write it with a revision and an audit entry."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from flask import current_app

from accounts import audit
from catalog import itemtext
from catalog.loader import version_of
from catalog.store import CatalogStore, Saved, VersionConflict
from storage.db import transaction
from storage.revisions import RevisionLog

from web.platform.auth import client_address, current_user
from web.platform.db import get_db


@dataclass(frozen=True)
class Draft:
    """An edit applied in memory, not yet written."""

    data: bytes
    base_version: str
    result: Any  # what the change function returned (index and changed paths, usually)
    parsed: itemtext.Parsed | None = None  # ``data`` parsed, when only one item was edited


def store() -> CatalogStore:
    return CatalogStore(current_app.config["CATALOG_PATH"])


def revisions_folder() -> Path:
    return Path(current_app.config.get("REVISIONS_PATH") or Path(current_app.instance_path) / "revisions")


def revision_log() -> RevisionLog:
    return RevisionLog(get_db(), revisions_folder())


def current() -> tuple[bytes, str]:
    return store().read()


def draft(base_version: str, change: Callable[[Any], Any], item: tuple[str, str] | None = None) -> Draft:
    """Apply ``change(doc)`` to the current file; VersionConflict if it is no longer ``base_version``.
    ``item`` = (section, id): the change touches only that item (edited alone: fast, see catalog.itemtext).

    May raise CatalogError when the file on disk cannot be read (a broken hand edit)."""
    data, version = current()
    if version != base_version:
        raise VersionConflict(base_version, version, data)
    new, result, parsed = itemtext.draft(data, version, change, item)
    return Draft(new, base_version, result, parsed)


def commit(new: bytes | Draft, base_version: str, summary: str, *, action: str = "save", target: str = "") -> Saved:
    """Write ``new`` over ``base_version``; the revision and audit entry are recorded under the same lock."""
    user = current_user()
    author = user.name if user else "?"
    conn = get_db()
    log = revision_log()

    def record(old: bytes, new_bytes: bytes) -> None:
        with transaction(conn):
            log.ensure(old)
            log.record(new_bytes, parent=version_of(old), author=author, summary=summary)
            audit.record(conn, author, action, target, summary, client_address())

    # A one-item edit is validated from the parse it already has (CatalogError here, before any lock).
    snapshot = itemtext.snapshot(new.parsed) if isinstance(new, Draft) and new.parsed else None
    data = new.data if isinstance(new, Draft) else new
    return store().save(data, base_version, before_replace=record, snapshot=snapshot)
