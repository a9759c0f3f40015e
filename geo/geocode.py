"""Geocoding for the admin's position editor: an offline gazetteer first, then an online service (geopy).

* ``Gazetteer`` is a ``geopy`` Geocoder over ``data/gazetteer.csv`` (Wusheng's towns, the county seat,
  landmarks, each with its datum): it works with no network at all.
* ``GeocodeService`` adds the configured online service (Nominatim by default) with a user agent, at most one
  request per ``min_delay`` seconds, short time-outs, a result cache, and a pause after a failure. Whatever
  happens online, ``lookup`` returns within ``budget`` seconds and says "unavailable" instead of waiting
  (geopy's RateLimiter at its defaults blocked 10 s and returned None without a word: lessons.md).
Pure: no Flask. Never called while serving a public page.
"""
from __future__ import annotations

import csv
import math
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from cachetools import TTLCache
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from pypinyin import lazy_pinyin

from catalog.site_validation import SURVEYED_MAX_RADIUS_M

DATA = Path(__file__).resolve().parent / "data" / "gazetteer.csv"
# How far a site "at" a found place may be from its point, by what the place is: a building or gate, a street,
# a town or village, a county or city, anything larger. A "use this" fills the position's radius from it.
KIND_RADIUS_M = {"poi": 100, "street": 500, "town": 3000, "county": 15000, "region": 50000}


@dataclass(frozen=True)
class Place:
    lat: float
    lon: float
    datum: str
    name: str
    source: str  # "gazetteer" or the online service's name
    precision: str = "estimate"
    radius_m: int | None = None
    note: str = ""
    kind: str = "region"  # a key of KIND_RADIUS_M


def fitness(kind: str, surveyed: bool, radius_m: int | None = None) -> tuple[str, int]:
    """(precision, radius) of a site placed at a found point: the place's own extent and the point's own
    uncertainty, whichever is wider; "surveyed" only for a surveyed point of a small place."""
    radius = min(100_000, max(KIND_RADIUS_M.get(kind, KIND_RADIUS_M["region"]), radius_m or 0))
    return ("surveyed" if surveyed and radius <= SURVEYED_MAX_RADIUS_M else "estimate"), radius


def nominatim_kind(raw: dict) -> tuple[str, int]:
    """Kind and extent (half the bounding box's diagonal, metres) of a Nominatim answer, from its place_rank
    (30 a building or POI, 26-27 a street, 17-25 a town or village, 12-16 a county or city)."""
    try:
        rank = int(raw.get("place_rank", 0))
    except (TypeError, ValueError):
        rank = 0
    kind = ("poi" if rank >= 28 else "street" if rank >= 26 else "town" if rank >= 17 else
            "county" if rank >= 12 else "region")
    try:
        south, north, west, east = (float(v) for v in raw.get("boundingbox") or ())
        mid = math.radians((south + north) / 2)
        extent = int(math.hypot((north - south) * 111_320, (east - west) * 111_320 * math.cos(mid)) / 2)
    except (TypeError, ValueError):
        extent = 0
    return kind, extent


@dataclass
class Answer:
    status: str  # "ok" | "not_found"
    online: str  # "ok" | "unavailable" | "off"
    results: list[Place] = field(default_factory=list)
    elapsed: float = 0.0

    def to_dict(self) -> dict:
        return {"status": self.status, "online": self.online, "elapsed": round(self.elapsed, 3),
                "results": [asdict(p) for p in self.results]}


def _norm(text: str) -> str:
    return "".join(text.lower().split()).replace("'", "").replace("’", "")


class Gazetteer(Geocoder):
    """Offline lookups by Chinese name, English name, pinyin or alias."""

    def __init__(self, path: Path = DATA):
        super().__init__(timeout=1)
        self.rows: list[dict] = []
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(line for line in fh if not line.startswith("#")):
                keys = {row["name_zh"], row["name_en"], *row["aliases"].split("|"), "".join(lazy_pinyin(row["name_zh"]))}
                row["keys"] = {_norm(k) for k in keys if k}
                self.rows.append(row)

    def _score(self, row: dict, q: str) -> int:
        if q in row["keys"]:
            return 3
        if any(k.startswith(q) for k in row["keys"]):
            return 2
        if len(q) >= 2 and any(q in k or (len(k) >= 2 and k in q) for k in row["keys"]):
            return 1
        return 0

    def geocode(self, query: str, *, exactly_one: bool = True, timeout: float | None = None):  # noqa: ARG002
        q = _norm(str(query))
        scored = sorted(((self._score(r, q), i, r) for i, r in enumerate(self.rows)), key=lambda t: (-t[0], t[1]))
        found = [Location(f"{r['name_zh']} · {r['name_en']}", (float(r["lat"]), float(r["lon"])), r)
                 for s, _, r in scored if s > 0]
        if not found:
            return None
        return found[0] if exactly_one else found

    @staticmethod
    def place(loc: Location) -> Place:
        r = loc.raw
        kind = r.get("kind") or "region"
        precision, radius = fitness(kind, r["precision"] == "surveyed", int(r["radius_m"]) if r["radius_m"] else None)
        return Place(lat=loc.latitude, lon=loc.longitude, datum=r["datum"], name=loc.address, source="gazetteer",
                     precision=precision, radius_m=radius, note=r["source"], kind=kind)


class GeocodeService:
    def __init__(self, online: Geocoder | None, *, name: str = "nominatim", min_delay: float = 1.0,
                 timeout: float = 2.0, budget: float = 3.0, pause_after_failure: float = 30.0,
                 cache_size: int = 500, cache_ttl: float = 86400.0, clock: Callable[[], float] = time.monotonic):
        self.gazetteer = Gazetteer()
        self.online, self.name = online, name
        self.min_delay, self.timeout, self.budget = min_delay, timeout, budget
        self.pause_after_failure, self.cache_ttl, self.cache_size = pause_after_failure, cache_ttl, cache_size
        self.clock = clock
        self._lock = threading.Lock()
        self._next_request = 0.0
        self._down_until = 0.0
        # answers by normalised query, forgotten after cache_ttl: Nominatim's policy asks clients to cache
        self._cache: TTLCache[str, list[Place]] = TTLCache(maxsize=cache_size, ttl=cache_ttl, timer=clock)
        self._cache_lock = threading.Lock()  # _lock is held across the network call; the cache is not

    def lookup(self, query: str) -> Answer:
        started = self.clock()
        local = self.gazetteer.geocode(query, exactly_one=False) or []
        places = [Gazetteer.place(loc) for loc in local[:5]]
        online_state, remote = self._online(query, started)
        places += remote
        return Answer("ok" if places else "not_found", online_state, places, self.clock() - started)

    def _online(self, query: str, started: float) -> tuple[str, list[Place]]:
        if self.online is None:
            return "off", []
        key = _norm(query)
        with self._cache_lock:
            cached = self._cache.get(key)
        if cached is not None:
            return "ok", cached
        with self._lock:  # one request at a time per process, spaced by min_delay
            now = self.clock()
            if now < self._down_until:
                return "unavailable", []
            wait = self._next_request - now
            left = self.budget - (now - started) - 0.2
            if wait > 0:
                if wait > left - 0.5:
                    return "unavailable", []  # would blow the budget: say so rather than make the editor wait
                time.sleep(wait)
                left -= wait
            self._next_request = self.clock() + self.min_delay
            found, failed = self._call(query, max(0.1, min(self.timeout, left)), left)
            if failed:
                self._down_until = self.clock() + self.pause_after_failure
                return "unavailable", []
        places = [self._place(loc) for loc in (found or [])[:5]]
        with self._cache_lock:
            self._cache[key] = places
        return "ok", places

    def _place(self, loc: Location) -> Place:
        """An online answer: never "surveyed" (nobody checked it for us), radius by what was found."""
        kind, extent = nominatim_kind(loc.raw if isinstance(loc.raw, dict) else {})
        _, radius = fitness(kind, False, extent)
        return Place(lat=loc.latitude, lon=loc.longitude, datum="wgs84", name=loc.address, source=self.name,
                     precision="estimate", radius_m=radius, kind=kind)

    def _call(self, query: str, timeout: float, deadline: float) -> tuple[list | None, bool]:
        """The service's answer and whether it failed; a hard deadline on top of the socket time-outs (a server
        that drips bytes slowly would otherwise hold us past them)."""
        box: dict = {}

        def run() -> None:
            try:
                box["found"] = self.online.geocode(query, exactly_one=False, timeout=timeout)  # type: ignore
            except Exception:  # geopy's GeocoderServiceError family, socket errors, bad answers: "unavailable"
                box["error"] = True

        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        worker.join(max(0.1, deadline))
        if worker.is_alive() or box.get("error"):
            return None, True
        return box.get("found"), False


def nominatim(domain: str, scheme: str, user_agent: str, timeout: float) -> Geocoder:
    from geopy.adapters import URLLibAdapter
    from geopy.geocoders import Nominatim

    # URLLibAdapter makes one attempt; the default requests adapter retries twice, tripling the wait.
    return Nominatim(domain=domain, scheme=scheme, user_agent=user_agent, timeout=timeout,
                     adapter_factory=lambda proxies, ssl_context: URLLibAdapter(proxies=proxies,
                                                                                 ssl_context=ssl_context))
