"""Channel counts: which promotion brought visitors, per campaign and day, with no personal data.

Counted (``CHANNELS``):

* ``embed``       an embed was shown on someone's page;
* ``link``/``qr`` a public page was opened through a campaign link / a campaign QR code (``?c=...&m=qr``);
* ``embed-link``  a visitor followed an embed's "open full page" link (``m=embed``);
* ``flyer``       a flyer PDF was downloaded.

Embeds and pages are cached by browsers, proxies and CDNs, so their own requests cannot be counted reliably
(and link previews fetch pages without showing them); they count through a 1x1 image, ``/count.gif``, that is
never cached and loads after the page (on public pages a small script loads it, reading the tag in the browser). Flyer downloads count in their own request.

A row is (day in Asia/Shanghai, campaign tag, channel, count): no address, cookie, user agent or referrer is
read or kept. Counts wait in a per-process dict and a background thread writes them in one transaction (an
UPSERT per key) every CHANNEL_FLUSH_SECONDS, so a page never waits on the database; if the database is locked,
read-only or unreachable, the counts stay in memory for the next try (bounded) and the page is unaffected.
They go to the app's shared store (web/platform/db.py): the SQLite file, or PostgreSQL when DATABASE_URL is set, so
public instances on several machines count into one table.
"""
from __future__ import annotations

import atexit
import logging
import os
import threading
from collections import Counter as _Tally
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable

from flask import Flask, current_app, request, url_for
from markupsafe import Markup

from storage.shared import SharedStore, SqliteShared, StoreError

log = logging.getLogger(__name__)

CHANNELS = ("embed", "link", "qr", "embed-link", "flyer")
OTHER = "(other)"  # campaigns past the daily limit
MAX_PENDING_KEYS = 20_000  # what a long database outage may keep in memory


class ChannelCounter:
    """In-memory tallies for one process, written to the shared store in batches."""

    def __init__(self, where: SharedStore | Path | str, *, flush_seconds: float, max_campaigns: int):
        self.store: SharedStore = SqliteShared(Path(where)) if isinstance(where, (str, os.PathLike)) else where
        self.flush_seconds, self.max_campaigns = flush_seconds, max_campaigns
        self._lock = threading.Lock()
        self._pending: _Tally = _Tally()
        self._campaigns: dict[str, set[str]] = {}  # day -> campaigns seen by this process
        self._thread: threading.Thread | None = None
        self._pid = os.getpid()
        self._wake = threading.Event()
        self.flushes = self.failures = 0

    def add(self, day: date, campaign: str, channel: str, n: int = 1) -> None:
        """Count ``n`` (in memory only: cheap, never blocks on the database)."""
        if channel not in CHANNELS:
            raise ValueError(channel)
        key_day = day.isoformat()
        with self._lock:
            self._after_fork()
            seen = self._campaigns.get(key_day)
            if seen is None:
                for old in sorted(self._campaigns)[:-2]:  # yesterday's set may still be in use at midnight
                    del self._campaigns[old]
                seen = self._campaigns[key_day] = set()
            if campaign not in seen:
                if len(seen) >= self.max_campaigns:
                    campaign = OTHER
                else:
                    seen.add(campaign)
            if len(self._pending) < MAX_PENDING_KEYS or (key_day, campaign, channel) in self._pending:
                self._pending[(key_day, campaign, channel)] += n
        self._ensure_thread()

    @property
    def path(self) -> Path | None:
        """The SQLite file counted into (None with PostgreSQL)."""
        return getattr(self.store, "path", None)

    @path.setter
    def path(self, path: Path) -> None:
        self.store = SqliteShared(Path(path))

    def pending(self) -> dict[tuple[str, str, str], int]:
        with self._lock:
            return dict(self._pending)

    def flush(self) -> bool:
        """Write what is pending in one transaction; on failure keep it for the next try. True when written."""
        with self._lock:
            batch, self._pending = self._pending, _Tally()
        if not batch:
            return True
        try:
            self.store.add_counts(batch)
        except StoreError as exc:
            self.failures += 1
            with self._lock:
                for key, n in batch.items():
                    if len(self._pending) < MAX_PENDING_KEYS or key in self._pending:
                        self._pending[key] += n
            log.warning("channel counts not written yet (%s); kept in memory for the next try", exc)
            return False
        self.flushes += 1
        return True

    # -- the background writer -----------------------------------------------------------------------------
    def _after_fork(self) -> None:
        # A worker forked from a parent that had counted starts empty (the parent writes its own counts).
        if os.getpid() != self._pid:
            self._pid, self._pending, self._thread = os.getpid(), _Tally(), None
            self._campaigns = {}

    def _ensure_thread(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._thread = threading.Thread(target=self._run, name="channel-counts", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            self._wake.wait(self.flush_seconds)
            self._wake.clear()
            try:
                self.flush()
            except Exception:  # noqa: BLE001  (the writer must outlive any surprise)
                log.exception("channel counts: flush failed")

    def close(self) -> None:
        try:
            self.flush()
        except Exception:  # noqa: BLE001
            log.exception("channel counts: final flush failed")


def init_app(app: Flask) -> None:
    from web.platform.db import shared_store

    counter = ChannelCounter(shared_store(app), flush_seconds=float(app.config["CHANNEL_FLUSH_SECONDS"]),
                             max_campaigns=int(app.config["CHANNEL_MAX_CAMPAIGNS_PER_DAY"]))
    app.extensions["channel_counter"] = counter
    app.jinja_env.globals["channel_beacon"] = beacon
    atexit.register(counter.close)


def beacon(channel: str = "", campaign: str = "") -> Markup:
    """The counting image for this page: an embed's (``channel="embed"``), or, on public pages, a small script
    that loads it for a visit that arrived with a campaign tag (``?c=``; ``m=qr`` / ``m=embed`` name the
    medium). The tag is read in the browser: the page is the same for every tag, so caches keep one copy of it
    (web/platform/canonical_query.py). Empty when counting is off."""
    from web.maps.leaflet_assets import asset_url

    if not enabled():
        return Markup("")
    if not channel:
        if not (request.endpoint or "").startswith(("public.", "planner.")):
            return Markup("")
        return Markup('<script defer src="{}" data-count="{}"></script>').format(
            asset_url("js/beacon.js"), url_for("promote.count"))
    src = url_for("promote.count", ch=channel, c=campaign or None)
    return Markup('<img class="channel-beacon" src="{}" alt="" width="1" height="1" '
                  'referrerpolicy="no-referrer">').format(src)


def counter() -> ChannelCounter:
    return current_app.extensions["channel_counter"]


def enabled() -> bool:
    return bool(current_app.config.get("CHANNEL_COUNTING"))


def count(campaign: str, channel: str) -> None:
    """Count one event today for ``campaign`` ('' = untagged), if counting is on. Never raises."""
    if not enabled():
        return
    from web.platform.clock import today

    try:
        counter().add(today(), campaign, channel)
    except Exception:  # noqa: BLE001  (counting must never break a page)
        log.exception("channel counts: could not count")


# -- reading them back (the admin's table, chart and CSV) ---------------------------------------------------
@dataclass(frozen=True)
class Row:
    day: str
    campaign: str
    channel: str
    count: int


def rows(first: date, last: date, campaign: str | None = None) -> list[Row]:
    """Counted rows of every process and machine (raises StoreError when the store cannot be read)."""
    return [Row(*r) for r in counter().store.count_rows(first.isoformat(), last.isoformat(), campaign)]


def campaigns() -> list[str]:
    return counter().store.campaigns()


def table(data: Iterable[Row]) -> list[tuple[str, str, dict[str, int], int]]:
    """(day, campaign, {channel: count}, total) rows, newest day first."""
    grouped: dict[tuple[str, str], dict[str, int]] = {}
    for r in data:
        grouped.setdefault((r.day, r.campaign), {})[r.channel] = r.count
    out = [(day, camp, counts, sum(counts.values())) for (day, camp), counts in grouped.items()]
    out.sort(key=lambda t: (t[0], t[1]), reverse=False)
    out.sort(key=lambda t: t[0], reverse=True)
    return out

