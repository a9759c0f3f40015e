"""A public instance on another machine: the catalog comes from the admin instance's feed over HTTP.

The feed (routes/catalog_feed.py) answers the catalog file with its version as ETag, and 304 when the version
named in If-None-Match is still current. ``CatalogFeed`` keeps a local copy current from it:

* only a catalog that parses and validates is written; a broken or truncated answer is logged and ignored;
* the copy is replaced atomically (catalog.store.atomic_write), so every worker's ``CatalogSource`` watching the
  copy switches from one good catalog to the next on its next request (the file's stat changes);
* one fetch per copy and round: a worker takes the lock file without waiting, and skips the round when
  another worker is fetching or fetched less than a poll ago (the lock file's modification time), so the
  admin gets about one question per instance and CATALOG_POLL_SECONDS, however many workers there are;
* the copy is the last good catalog: with the admin down the instance keeps serving it, and starts from it.

Each worker process polls in a daemon thread, started when the worker starts (gunicorn's post_worker_init) or
at its first request, never in gunicorn's master, whose threads a fork would not carry over. Every TICK the
thread also runs ``after_round`` (the worker's catalog source re-reads a changed copy there), so the new
catalog is parsed before the next visitor asks, not while they wait. Pure: no Flask.
"""
from __future__ import annotations

import logging
import os
import threading
import time
import urllib.error
import urllib.request
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Callable

from filelock import FileLock, Timeout

from .loader import version_of
from .problems import CatalogError
from .source import Snapshot, parse_snapshot
from .store import atomic_write

log = logging.getLogger(__name__)
FETCH_TIMEOUT = 3.0  # seconds for one answer of the feed
TICK = 0.1  # seconds between two looks at the copy (a stat); the feed itself is asked every poll_seconds
MAX_BYTES = 32 * 1024 * 1024  # a catalog is a few hundred KB; refuse a runaway answer


class FeedUnavailable(Exception):
    """No catalog could be had from the feed (down, refused, or not a valid catalog)."""


class CatalogFeed:
    def __init__(self, url: str, copy_path: str | os.PathLike, *, token: str = "", poll_seconds: float = 1.0,
                 timeout: float = FETCH_TIMEOUT):
        self.url, self.token, self.poll_seconds, self.timeout = url, token, poll_seconds, timeout
        self.copy_path = Path(copy_path)
        self._locks: dict[int, FileLock] = {}  # per process: a file lock is never used across a fork
        self._thread: threading.Thread | None = None
        self._pid: int | None = None
        self._start_lock = threading.Lock()
        self._stop = threading.Event()
        self.last_error = ""
        self._copy_seen: tuple[tuple | None, str | None] = (None, None)
        self.after_round: Callable[[], object] | None = None
        self.on_new: Callable[[Snapshot], object] | None = None  # given each catalog this process wrote

    def copy_version(self) -> str | None:
        """The copy's version, hashed again only when the file changed (asked every poll, in every worker)."""
        try:
            stat = self.copy_path.stat()
            key = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
            if self._copy_seen[0] != key:
                self._copy_seen = (key, version_of(self.copy_path.read_bytes()))
            return self._copy_seen[1]
        except OSError:
            return None

    def update(self, *, force: bool = False) -> bool:
        """Fetch once (unless another process of this instance just did, or ``force``); True when a new catalog
        was written to the copy. Raises FeedUnavailable."""
        lock_path = self.copy_path.with_name(self.copy_path.name + ".lock")
        lock = self._locks.get(os.getpid())
        if lock is None:
            lock = self._locks[os.getpid()] = FileLock(str(lock_path))
        asked_before = lock_path.exists()  # the lock file's time is when the last fetch began
        try:
            lock.acquire(timeout=0)
        except Timeout:
            return False  # another worker is fetching right now; its copy is ours too
        try:
            if not force and asked_before and time.time() - lock_path.stat().st_mtime < self.poll_seconds - TICK / 2:
                return False  # another worker asked a moment ago
            os.utime(lock_path)
            current = self.copy_version()
            answer = self._fetch(current)
            if answer is None:
                return False
            data, modified = answer
            try:
                fresh = parse_snapshot(data)
            except CatalogError as exc:
                raise FeedUnavailable(f"the feed's catalog is not valid ({len(exc.problems)} problems)") from None
            self.copy_path.parent.mkdir(parents=True, exist_ok=True)
            # the admin's modification time: every instance then sends the same Last-Modified for the same catalog
            atomic_write(self.copy_path, data, mtime=modified)
            if self.on_new is not None:
                self.on_new(fresh)  # this process serves it without parsing it a second time
            log.info("catalog copy %s updated from %s: version %s", self.copy_path, self.url, fresh.catalog.version)
            return True
        finally:
            lock.release()

    def _fetch(self, current: str | None) -> tuple[bytes, float | None] | None:
        """The feed's catalog and its modification time, or None when ``current`` is still its version."""
        headers = {"Accept": "application/yaml"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if current:
            headers["If-None-Match"] = f'"{current}"'
        try:
            with urllib.request.urlopen(urllib.request.Request(self.url, headers=headers),
                                        timeout=self.timeout) as answer:
                data = answer.read(MAX_BYTES + 1)
                etag = (answer.headers.get("ETag") or "").strip('"')
                modified = answer.headers.get("Last-Modified")
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return None
            raise FeedUnavailable(f"{self.url} answered {exc.code}") from None
        except (OSError, ValueError) as exc:  # refused, timed out, reset, a malformed URL
            raise FeedUnavailable(f"{self.url} unreachable: {exc}") from None
        if len(data) > MAX_BYTES or (etag and etag != version_of(data)):
            raise FeedUnavailable(f"{self.url} sent an incomplete catalog")  # cut short on the way
        try:
            return data, parsedate_to_datetime(modified).timestamp() if modified else None
        except (TypeError, ValueError):
            return data, None

    # -- polling in each worker process ---------------------------------------------------------------------
    def ensure_polling(self) -> None:
        """Start this process's polling thread if it is not running (cheap: called on every request)."""
        if self._stop.is_set() or (self._pid == os.getpid() and self._thread is not None and self._thread.is_alive()):
            return
        with self._start_lock:
            if self._pid == os.getpid() and self._thread is not None and self._thread.is_alive():
                return
            self._pid = os.getpid()
            self._thread = threading.Thread(target=self._poll, name="catalog-feed", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """End this process's polling (tests; a server's threads end with its process)."""
        self._stop.set()

    def _poll(self) -> None:
        while not self._stop.is_set():
            try:
                self.update()
                if self.last_error:
                    log.warning("catalog feed %s answers again", self.url)
                self.last_error = ""
            except FeedUnavailable as exc:
                if str(exc) != self.last_error:  # once per kind of outage, not every second
                    log.warning("catalog feed: %s; serving the copy %s (version %s)", exc, self.copy_path,
                                self.copy_version())
                self.last_error = str(exc)
            except Exception:  # noqa: BLE001  (the poller must outlive any surprise)
                log.exception("catalog feed: update failed")
            try:
                if self.after_round is not None:
                    self.after_round()
            except Exception:  # noqa: BLE001  (a broken copy is reported by the source itself)
                log.exception("catalog feed: reading the copy failed")
            self._stop.wait(min(self.poll_seconds, TICK))
