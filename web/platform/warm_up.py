"""Warm an app before it takes visitors: a few throwaway requests through the app itself, so the first visitor
does not pay for what every process does once (the catalog parsed and indexed, templates compiled, the maps
built, translations loaded, the planner and its travel times made, the solver's kernels run once).

wsgi.py calls ``warm()`` in gunicorn's master (preload_app) when WARM_UP is on: the workers fork with all of it
in memory. Nothing here keeps a file or a connection open across the fork (db connections close with each
request; the rate-limit store reopens per process).
"""
from __future__ import annotations

import logging
import time
from datetime import date, timedelta

from flask import Flask

log = logging.getLogger(__name__)
LANGUAGES = ("zh-CN", "en")  # each loads its own translations and fills its own page caches


def _paths(app: Flask) -> list[str]:
    from web.platform.live_catalog import get_catalog

    with app.app_context():
        catalog = get_catalog()
        sites, tours = catalog.published_sites, catalog.published_tours
    return ["/", "/sites", "/plan", "/embed/map", *(f"/sites/{s.id}" for s in sites[:1]),
            *(f"/tours/{t.id}" for t in tours[:1])]


def _trip() -> dict:
    day = date.today() + timedelta(days=(5 - date.today().weekday()) % 7 + 7)  # a Saturday a week or more ahead
    return {"start": "chongqing", "date": day.isoformat(), "days": 2, "mode": "car"}


def warm(app: Flask, light: bool = False) -> float:
    """The throwaway requests; returns the seconds they took. A failure is logged, never raised: a cold start
    is slower, not broken. ``light``: the pages only, for a worker just forked from a warm master: its first
    render of each touches (and so copies) the memory pages it shares with the master, 20-50 ms a page."""
    start = time.perf_counter()
    client = app.test_client()
    environ = {"REMOTE_ADDR": "127.0.0.254"}  # counted apart from any visitor by the rate limits
    try:
        answers = [client.get(path, headers={"Accept-Language": language, "Accept-Encoding": "gzip"},
                              environ_base=environ) for language in LANGUAGES for path in _paths(app)]
        # Each solver path once: a day trip, a weekend, three days.
        answers += [client.post("/api/v1/plan", json={**_trip(), "days": days}, environ_base=environ)
                    for days in (() if light else (1, 2, 3))]
        for r in answers:
            if r.status_code != 200:
                log.warning("warm-up: %s answered %s", r.request.path, r.status_code)
    except Exception:  # noqa: BLE001 - a warm-up must never stop the server from starting
        log.exception("warm-up failed; the first visitors pay for it instead")
    return time.perf_counter() - start
