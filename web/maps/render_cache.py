"""A small LRU for rendered maps: folium rendering is slow, and ``render_map`` is pure."""
from __future__ import annotations

import threading
from typing import Callable, Hashable, Iterable

from cachetools import LRUCache

class RenderCache:
    """A small thread-safe LRU for rendered maps.

    Key it by (catalog version, basemap name, options, and the points/lines themselves, which are
    hashable): ``cache.get(key, lambda: render_map(...))``. One cached map has fixed element ids,
    so show it at most once per page.
    """

    def __init__(self, maxsize: int = 64):
        self.maxsize = maxsize
        self._data: LRUCache[Hashable, object] = LRUCache(maxsize=maxsize)
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable, factory: Callable[[], object]):
        with self._lock:
            if key in self._data:
                self.hits += 1
                return self._data[key]  # a read marks it recently used
        value = factory()  # outside the lock: rendering is slow, a duplicate render is harmless
        with self._lock:
            self.misses += 1
            self._data[key] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


def cache_key(version: str, basemap, points: Iterable, lines: Iterable = (), **options) -> tuple:
    """A cache key for ``render_map(points, lines, basemap=basemap, **options)`` under catalog ``version``."""
    return (version, basemap, tuple(points), tuple(lines), tuple(sorted(options.items())))
