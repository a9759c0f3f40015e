"""A request rate limit that holds for every worker process, instance and machine sharing one store.

``RateLimit`` in web/api/errors.py counts in one process's memory: with gunicorn's workers (and two instances),
a client got ``limit x workers x instances``. This one keeps the last minute's requests per client address in
the shared store (storage/shared.py): ``INSTANCE_PATH/limits.sqlite3`` on one machine (WAL; one short write
transaction per counted request, about a millisecond), or PostgreSQL when DATABASE_URL is set, so instances
on several machines count together. If the store cannot be written (a full or read-only disk, the database
down), the process falls back to counting in memory and says so in the log, rather than refusing the API.
The client address is the one ProxyFix took from the reverse proxy (PROXY_FIX, PROXY_FIX_HOPS).
"""
from __future__ import annotations

import logging
import time

from werkzeug.exceptions import TooManyRequests

from storage.shared import SharedStore, StoreError

log = logging.getLogger(__name__)
WINDOW = 60.0


class SharedRateLimit:
    """At most ``per_minute`` requests per client in any 60 s, counted across processes (0 = no limit)."""

    def __init__(self, store: SharedStore, per_minute: int, *, scope: str = "api-plan", clock=time.time,
                 fallback=None):
        self.store, self.per_minute, self.scope, self.clock = store, per_minute, scope, clock
        self.fallback = fallback  # an in-memory limit with .check(client), used when the store fails

    def check(self, client: str) -> None:
        if self.per_minute <= 0:
            return
        try:
            retry = self.store.hit(self.scope, client, self.clock(), WINDOW, self.per_minute)
        except StoreError as exc:
            log.warning("rate limit store %r unusable (%s): counting in this process only", self.store, exc)
            if self.fallback is not None:
                self.fallback.check(client)
            return
        if retry:
            raise TooManyRequests(retry_after=int(retry))
