"""Public pages while heavy work runs: p95 of page requests idle, then during 20 concurrent heavy renders (map
images, flyers and large QR codes, each with a fresh campaign tag so none comes from a cache), then during 20
concurrent copies of the slowest plan the API accepts (as many must-visits as PLAN_MUST_MAX allows, 3 days, odd
time windows, the largest group; a fresh depart minute each, so none comes from the plan cache; every published
site as a must-visit is refused, and how fast is printed).

One instance as `make serve` runs it (gunicorn.conf.py, sync workers by core count unless --workers), reached
directly, without nginx's cache or limits: what the app itself bounds. Goal (issue 17): page p95 during each
burst <= 2x idle. Also printed: the slowest plan alone (median of 3), and what the heavy clients got (200s, and
503s: "busy, try again", which is how the bound shows to them).

Each burst runs twice: 20 clients that, told "busy, try again in N s" (503 + Retry-After), wait N s as HTTP asks
(20 visitors at once: the goal), then 20 that ask again at once (a flood from one address: no sync-worker app
can both answer and outrun a client on its own cores; in the recipe nginx's limit_req and limit_conn stop it in
front of the app, and the figure is printed to show what is left without them).

    python -m benchmarks.heavy_renders [--seconds 15] [--clients 20] [--workers N] [--json FILE]
"""
from __future__ import annotations

import argparse
import functools
import http.client
import itertools
import json
import os
import statistics
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks.page_latency import server
from catalog.source import read_catalog
from web.platform import heavy_work

ROOT = Path(__file__).resolve().parent.parent
GOAL = 2.0


def _request(port: int, method: str, path: str, body: bytes | None = None) -> tuple[int, float, float]:
    """(status, seconds, Retry-After in seconds or 0)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    start = time.perf_counter()
    try:
        conn.request(method, path, body=body, headers={"Accept-Encoding": "gzip", "Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        retry = response.getheader("Retry-After") or "0"
        return response.status, time.perf_counter() - start, float(retry) if retry.isdigit() else 0.0
    finally:
        conn.close()


@functools.lru_cache(maxsize=1)
def _catalog():
    """Read once: the clients share this process's GIL with the page clients, and parsing the catalog for each
    plan request had made the page clients wait in the client, not the server (28 x idle)."""
    return read_catalog(ROOT / "sites.yaml").catalog


def page_paths() -> list[str]:
    catalog = _catalog()
    return ["/", "/sites", f"/sites/{catalog.published_sites[0].id}", f"/tours/{catalog.published_tours[0].id}"]


def heavy_paths() -> itertools.cycle:
    catalog = _catalog()
    tour, site = catalog.published_tours[0].id, catalog.published_sites[0].id
    counter = itertools.count()

    def gen():
        for i in counter:
            tag = f"bench-{i}"
            yield from (f"/promote/maps/tours/{tour}.png?w=1080&h=2000&c={tag}",
                        f"/promote/flyers/{tour}.pdf?c={tag}", f"/promote/qr/sites/{site}.png?size=2048&c={tag}",
                        f"/promote/maps/sites/{site}.png?c={tag}")
    return gen()


def slowest_plan(minute: int, must: int = 8) -> bytes:
    """``must`` published sites as must-visits (the most the API accepts: PLAN_MUST_MAX), 3 days, odd windows, the
    largest group."""
    catalog = _catalog()
    day = date.today() + timedelta(days=(5 - date.today().weekday()) % 7 + 7)
    depart = 6 * 60 + 7 + minute % 53
    return json.dumps({"start": "chongqing", "date": day.isoformat(), "days": 3, "mode": "coach", "group": 500,
                       "must": [s.id for s in catalog.published_sites][:must], "depart": f"{depart // 60:02d}:{depart % 60:02d}",
                       "return_by": "21:43", "lunch_from": "11:07", "lunch_to": "13:53", "lunch_minutes": 97,
                       "pace": "relaxed"}).encode()


def pages_p95(port: int, seconds: float, stop_early: threading.Event | None = None) -> dict:
    """Two page clients in a closed loop for ``seconds``: p50/p95 in ms."""
    samples: list[float] = []
    errors = [0]
    deadline = time.monotonic() + seconds
    paths = page_paths()

    def client(offset: int):
        for path in itertools.islice(itertools.cycle(paths), offset, None):
            if time.monotonic() >= deadline:
                return
            status, took, _ = _request(port, "GET", path)
            samples.append(took)
            errors[0] += status != 200

    threads = [threading.Thread(target=client, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    p95 = statistics.quantiles(samples, n=100)[94] if len(samples) >= 2 else max(samples)
    return {"requests": len(samples), "p50_ms": round(statistics.median(samples) * 1000, 1),
            "p95_ms": round(p95 * 1000, 1), "errors": errors[0]}


def during(port: int, seconds: float, clients: int, work, polite: bool = False) -> tuple[dict, dict]:
    """Page p95 while ``clients`` threads run ``work()`` (-> (status, seconds, retry after)) in a closed loop.
    ``polite``: a client told "busy, try again in N s" waits N s first, as HTTP asks and a browser's visitor
    would; otherwise it asks again at once (a flood: in the recipe, nginx's limit_req stops it before the app)."""
    stop = threading.Event()
    outcomes: dict[int, int] = {}
    times: list[float] = []

    def heavy():
        while not stop.is_set():
            status, took, retry = work()
            outcomes[status] = outcomes.get(status, 0) + 1
            if status == 200:
                times.append(took)
            elif polite and retry:
                stop.wait(retry)

    threads = [threading.Thread(target=heavy, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    time.sleep(1.0)  # the burst is under way
    pages = pages_p95(port, seconds)
    stop.set()
    for t in threads:
        t.join(timeout=120)
    made = {"answers": {str(k): v for k, v in sorted(outcomes.items())},
            "p50_ms_of_200": round(statistics.median(times) * 1000) if times else None}
    return pages, made


def measure(seconds: float, clients: int, workers: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        env = {"WUSHENG_INSTANCE_PATH": tmp, "WUSHENG_API_PLAN_RATE_PER_MINUTE": "0", "WUSHENG_CHANNEL_COUNTING": "0"}
        with server("wsgi:app", workers=workers, production=True, env=env) as (port, _booted):
            for path in page_paths():  # warm the page and map caches
                _request(port, "GET", path)
            alone = sorted(_request(port, "POST", "/api/v1/plan", slowest_plan(i))[1] for i in range(3))
            status = _request(port, "POST", "/api/v1/plan", slowest_plan(99))[0]
            refused = _request(port, "POST", "/api/v1/plan", slowest_plan(98, must=99))
            idle = pages_p95(port, seconds)
            paths, lock = heavy_paths(), threading.Lock()

            def render():
                with lock:
                    path = next(paths)
                return _request(port, "GET", path)

            minutes = itertools.count(100)

            def plan():
                return _request(port, "POST", "/api/v1/plan", slowest_plan(next(minutes)))

            renders, renders_made = during(port, seconds, clients, render, polite=True)
            render_flood, render_flood_made = during(port, seconds, clients, render)
            plans, plans_made = during(port, seconds, clients, plan, polite=True)
            flood, flood_made = during(port, seconds, clients, plan)
    return {"workers": workers, "clients": clients, "seconds": seconds, "slowest_plan_ms": round(alone[1] * 1000),
            "slowest_plan_status": status,
            "all_sites_must": {"status": refused[0], "ms": round(refused[1] * 1000)}, "idle": idle, "renders": renders, "renders_answers": renders_made,
            "plans": plans, "plans_answers": plans_made, "flood": flood, "flood_answers": flood_made,
            "render_flood": render_flood, "render_flood_answers": render_flood_made,
            "ratio_render_flood": round(render_flood["p95_ms"] / idle["p95_ms"], 2),
            "ratio_renders": round(renders["p95_ms"] / idle["p95_ms"], 2),
            "ratio_plans": round(plans["p95_ms"] / idle["p95_ms"], 2),
            "ratio_plan_flood": round(flood["p95_ms"] / idle["p95_ms"], 2), "load_average": os.getloadavg()[0]}


def report(r: dict) -> None:
    print(f"one instance, {r['workers']} workers; {r['clients']} heavy clients; {r['seconds']} s per phase")
    print(f"slowest plan the API accepts, alone: {r['slowest_plan_ms']} ms (HTTP {r['slowest_plan_status']}); every "
          f"site a must-visit: HTTP {r['all_sites_must']['status']} in {r['all_sites_must']['ms']} ms")
    print(f"{'public pages':32s} {'p50 ms':>8s} {'p95 ms':>8s} {'x idle':>7s} {'errors':>7s}")
    for name, key in (("idle", "idle"), (f"during {r['clients']} heavy renders", "renders"),
                      ("  the same, Retry-After ignored", "render_flood"),
                      (f"during {r['clients']} slowest plans", "plans"),
                      ("  the same, Retry-After ignored", "flood")):
        row = r[key]
        ratio = "" if key == "idle" else f"{row['p95_ms'] / r['idle']['p95_ms']:.2f}"
        print(f"{name:32s} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} {ratio:>7s} {row['errors']:7d}")
    print(f"heavy renders answered: {r['renders_answers']} (ignoring Retry-After: {r['render_flood_answers']}); "
          f"plans answered: {r['plans_answers']} (ignoring Retry-After: {r['flood_answers']}); load average at the "
          f"end {r['load_average']:.1f}")
    for key in ("ratio_renders", "ratio_plans"):
        print(f"goal {key} <= {GOAL}: {'met' if r[key] <= GOAL else 'NOT met'} ({r[key]})")


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--workers", type=int, default=heavy_work.workers(),
                    help="gunicorn workers (default: gunicorn.conf.py's, 2 x cores + 1 + plan slots and queue)")
    ap.add_argument("--json", type=Path)
    a = ap.parse_args(argv)
    r = measure(a.seconds, a.clients, a.workers)
    report(r)
    if a.json:
        a.json.write_text(json.dumps(r, indent=2))
    return r


if __name__ == "__main__":
    main()
