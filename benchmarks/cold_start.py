"""Cold start: the first page and the first plan a fresh instance serves, against the same requests once warm.

Each run starts gunicorn as `make serve` does (gunicorn.conf.py: preloaded app, its workers), waits until it
serves a static file and ``SETTLE`` (1 s) more (so every worker is up), then times, each on a new connection: the
home page, a site page, and ``POST /api/v1/plan`` (a weekend trip from the load benchmark's generator); then the
same requests ``--warm`` more times (median = "warm"). The planner's result cache is off, so every plan is
solved. Runs with WARM_UP off (before: the first visitor of a worker pays for its catalog indexes, templates,
maps and planner) and on (the master makes throwaway pages and plans before the workers fork, and each worker
the pages: web/platform/warm_up.py), in one run.
Goal (issue 17): first within 2 x warm. "boot" = process start to the static file.

    python -m benchmarks.cold_start [--runs 2] [--warm 7] [--json FILE]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.heavy_renders import _request
from benchmarks.page_latency import ROOT, server
from benchmarks.plan_latency import trips
from catalog.source import read_catalog

GOAL = 2.0
SETTLE = 1.0  # after the first file, the other workers finish starting (their own warm-up): a health check waits too


def requests() -> dict[str, tuple[str, str, bytes | None]]:
    catalog = read_catalog(ROOT / "sites.yaml").catalog
    trip = next(t for t in trips(50, 7, date.today()) if t["days"] == 2)
    return {"home page": ("GET", "/", None), "site page": ("GET", f"/sites/{catalog.published_sites[0].id}", None),
            "plan": ("POST", "/api/v1/plan", json.dumps(trip).encode())}


def one_run(warm_up: bool, warm_rounds: int, folder: Path) -> dict:
    env = {"WUSHENG_WARM_UP": "1" if warm_up else "0", "WUSHENG_PLAN_CACHE_SIZE": "0",
           "WUSHENG_API_PLAN_RATE_PER_MINUTE": "0", "WUSHENG_INSTANCE_PATH": str(folder)}
    out = {}
    folder.mkdir(parents=True, exist_ok=True)
    with server("wsgi:app", ROOT / "sites.yaml", folder, production=True, env=env,
                workers=int(os.environ.get("WUSHENG_WORKERS") or 0) or _default_workers()) as (port, booted):
        out["boot_s"] = round(booted, 2)
        time.sleep(SETTLE)
        for name, (method, path, body) in requests().items():
            status, first, _ = _request(port, method, path, body)
            assert status == 200, f"{path}: HTTP {status}"
            out[name] = {"first_ms": round(first * 1000, 1)}
        for name, (method, path, body) in requests().items():
            warm = statistics.median(_request(port, method, path, body)[1] for _ in range(warm_rounds))
            out[name]["warm_ms"] = round(warm * 1000, 1)
            out[name]["x_warm"] = round(out[name]["first_ms"] / out[name]["warm_ms"], 2)
    return out


def _default_workers() -> int:
    from web.platform.heavy_work import workers

    return workers()


def measure(runs: int, warm_rounds: int) -> dict:
    result: dict = {"runs": runs, "modes": {}}
    with tempfile.TemporaryDirectory(prefix="wusheng-cold-") as tmp:
        for mode, on in (("WARM_UP off (before)", False), ("WARM_UP on", True)):
            result["modes"][mode] = [one_run(on, warm_rounds, Path(tmp) / f"{on}-{i}") for i in range(runs)]
    result["load_average"] = os.getloadavg()[0]
    return result


def report(r: dict) -> None:
    print(f"cold start: first request on a fresh instance vs the median of the same request warm; "
          f"load average {r['load_average']:.1f} at the end")
    print(f"{'mode':22} {'run':>3} {'boot s':>6} {'request':10} {'first ms':>9} {'warm ms':>8} {'x warm':>7}")
    for mode, runs in r["modes"].items():
        for i, run in enumerate(runs, 1):
            for name in ("home page", "site page", "plan"):
                s = run[name]
                print(f"{mode:22} {i:3} {run['boot_s']:6.1f} {name:10} {s['first_ms']:9.1f} {s['warm_ms']:8.1f} "
                      f"{s['x_warm']:7.2f}")
    worst = max(run[n]["x_warm"] for run in r["modes"]["WARM_UP on"] for n in ("home page", "site page", "plan"))
    print(f"goal first <= {GOAL} x warm with WARM_UP on: {'met' if worst <= GOAL else 'NOT met'} (worst {worst})")


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=2, help="fresh instances per mode (default 2)")
    ap.add_argument("--warm", type=int, default=7, help="warm repeats of each request (default 7)")
    ap.add_argument("--json", type=Path)
    a = ap.parse_args(argv)
    r = measure(a.runs, a.warm)
    report(r)
    if a.json:
        a.json.write_text(json.dumps(r, indent=2))
    return r


if __name__ == "__main__":
    main()
