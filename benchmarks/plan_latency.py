"""Plan latency over HTTP on the full Wusheng catalog: 100 varied trips, one server worker, against a bare
Flask "hello" in the same run.

Servers: gunicorn with one sync worker when installed (requirements.txt pins it), else Werkzeug's server.
Trips are drawn with a fixed seed: dates over the next eight weeks, five starts (start points and typed
coordinates), interests, 0-2 must-visits and an exclusion, modes, 1-3 days. Each trip is timed through
``POST /api/v1/plan`` (plan + JSON) and ``GET /plan?...`` (plan + the page with its maps), interleaved
with "hello" so machine noise hits all alike. The planner's result cache is off (PLAN_CACHE_SIZE=0) so
every request really plans; the rate limit is off.

``--profile`` also plans the same trips in this process and reports where the time goes (candidates,
travel matrix, solver, skip explanations, itinerary, page rendering).

``--baseline REV`` serves a checkout of another revision (``git archive``, its own catalog) beside this one and
times it on the same trips in the same loop, taking turns, then prints both and the ratios now / baseline.

``--cpu`` also plans the trips in-process in each tree (``plan_cpu_driver.py``) and reports CPU seconds per plan,
which other jobs on a shared machine disturb far less than wall-clock latency.

    python -m benchmarks.plan_latency [--trips 100] [--seed 7] [--baseline REV] [--cpu] [--profile] [--json FILE]
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.page_latency import APP, HELLO, ROOT, server, server_kind

GOAL_P95_MS = 150


def trips(n: int, seed: int, today: date) -> list[dict]:
    """``n`` varied trip requests (API field names), the same for a given seed and day."""
    from catalog.source import read_catalog

    catalog = read_catalog(ROOT / "sites.yaml").catalog
    rng = random.Random(seed)
    sites = [s.id for s in catalog.published_sites if s.category.value != "transport"]
    themes = [t.id for t in catalog.themes]
    starts = ["chongqing", "chongqing", "hechuan", "guangan", "wusheng-seat", "30.3443,106.2925"]
    out = []
    for _ in range(n):
        trip = {"start": rng.choice(starts), "date": (today + timedelta(days=rng.randint(2, 56))).isoformat(),
                "mode": rng.choice(["car", "car", "car", "taxi", "coach"]),
                "days": rng.choices([1, 2, 3], weights=[6, 3, 1])[0]}
        if trip["start"].startswith("30."):
            trip["start_datum"] = "gcj02"
        if rng.random() < 0.7:
            trip["interests"] = rng.sample(themes, rng.randint(1, 3))
        picks = rng.sample(sites, 3)
        if rng.random() < 0.5:
            trip["must"] = picks[:rng.randint(1, 2)]
        if rng.random() < 0.3:
            trip["exclude"] = picks[2:]
        if rng.random() < 0.3:
            trip["pace"] = rng.choice(["relaxed", "packed"])
        if rng.random() < 0.2:
            trip["group"] = rng.choice([6, 12, 30])
        out.append(trip)
    return out


def query_of(trip: dict) -> str:
    return urlencode({k: ",".join(v) if isinstance(v, list) else v for k, v in trip.items()})


def request(port: int, method: str, path: str, body: dict | None = None) -> tuple[float, int]:
    """One request on a new connection: (seconds, status)."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"} if data else {}
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(method, path, body=data, headers=headers)
        resp = conn.getresponse()
        resp.read()
    finally:
        conn.close()
    return time.perf_counter() - start, resp.status


def stats(samples: list[float]) -> dict:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return {"n": len(ordered), "median_ms": statistics.median(ordered) * 1000, "p95_ms": pick(0.95),
            "max_ms": ordered[-1] * 1000}


def baseline_tree(rev: str) -> Path:
    """A checkout of ``rev`` (``git archive``), kept under the temp folder by commit so that its compiled
    solver kernels (numba's cache in the tree) survive from one run to the next."""
    commit = subprocess.run(["git", "rev-parse", "--verify", f"{rev}^{{commit}}"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.strip()
    tree = Path(tempfile.gettempdir()) / f"plan-latency-{commit[:12]}"
    if not (tree / "app.py").exists():
        archive = subprocess.run(["git", "archive", "--format=tar", commit], cwd=ROOT, capture_output=True, check=True)
        tree.mkdir(parents=True, exist_ok=True)
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    return tree


def measure(n: int, seed: int, baseline: str | None = None) -> dict:
    planned = trips(n, seed, date.today())
    warmup = trips(5, seed + 1, date.today())
    # every request really plans (no result cache), and no rate limit; the servers inherit the environment
    os.environ.update(WUSHENG_PLAN_CACHE_SIZE="0", WUSHENG_API_PLAN_RATE_PER_MINUTE="0",
                      GUNICORN_CMD_ARGS="--timeout 120")  # the first plan may compile the solver (numba)
    trees = {"": ROOT} | ({"base ": baseline_tree(baseline)} if baseline else {})
    samples: dict[str, list[float]] = {"hello": []}
    by_days: dict[str, list[float]] = {}
    failures = []
    with tempfile.TemporaryDirectory() as logs, contextlib.ExitStack() as stack:
        hello, _ = stack.enter_context(server(HELLO, log_dir=Path(logs)))
        # a private instance folder each: plan slots (web/platform/heavy_work.py) are shared through it, and another process
        # planning from this checkout must not make these servers wait or answer 503
        apps = {tag: stack.enter_context(server(APP, tree / "sites.yaml", Path(logs), root=tree, env={
            "WUSHENG_INSTANCE_PATH": str(Path(logs) / f"instance-{tag or 'now'}")}))[0] for tag, tree in trees.items()}
        for trip in warmup:
            for app in apps.values():
                request(app, "POST", "/api/v1/plan", trip)
                request(app, "GET", f"/plan?{query_of(trip)}")
        for i, trip in enumerate(planned):
            samples["hello"].append(request(hello, "GET", "/")[0])
            # the trees take turns going first, so neither always follows the other's work
            for tag, app in sorted(apps.items(), reverse=i % 2 == 1):
                seconds, status = request(app, "POST", "/api/v1/plan", trip)
                samples.setdefault(f"{tag}api", []).append(seconds)
                by_days.setdefault(f"{tag}{trip['days']}", []).append(seconds)
                if status != 200:
                    failures.append((tag.strip() or "now", status, trip))
                seconds, status = request(app, "GET", f"/plan?{query_of(trip)}")
                samples.setdefault(f"{tag}page", []).append(seconds)
    hello = statistics.median(samples["hello"])
    result = {name: {**stats(s), "x_hello": statistics.median(s) / hello} for name, s in samples.items()}
    return {"server": server_kind(), "trips": n, "seed": seed, "latency": result, "non_200": failures,
            "baseline": baseline, "load_average": os.getloadavg()[0],
            "api_by_days": {d: stats(s) for d, s in sorted(by_days.items())}}


def cpu(n: int, seed: int, baseline: str | None, rounds: int = 2) -> dict:
    """CPU seconds per ``POST /api/v1/plan``, in-process (``plan_cpu_driver.py``), for this tree and the baseline,
    taking turns ``rounds`` times; per trip the least of its rounds (what the work costs, less the noise)."""
    trees = {"now": ROOT} | ({"base": baseline_tree(baseline)} if baseline else {})
    runs: dict[str, list[list[float]]] = {tag: [] for tag in trees}
    with tempfile.TemporaryDirectory() as tmp:
        trips_file = Path(tmp) / "trips.json"
        trips_file.write_text(json.dumps(trips(n, seed, date.today())))
        for r in range(rounds):
            for tag, tree in (trees.items() if r % 2 == 0 else reversed(trees.items())):
                out = Path(tmp) / f"{tag}-{r}.json"
                subprocess.run([sys.executable, str(Path(__file__).with_name("plan_cpu_driver.py")), str(tree),
                                str(trips_file), str(out)], check=True)
                runs[tag].append(json.loads(out.read_text())["cpu"])
    return {tag: stats([min(t) for t in zip(*samples)]) for tag, samples in runs.items()}


def profile(n: int, seed: int) -> dict:
    """Plan the same trips in-process with each phase of the computation timed."""
    from app import create_app
    from planner import plan as plan_module
    from planner.plan import Planner
    from web.plan import view

    phases: dict[str, float] = {}

    def timed(owner, name, label):
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                phases[label] = phases.get(label, 0.0) + time.perf_counter() - start
        setattr(owner, name, wrapper)

    timed(plan_module, "build", "candidates")
    timed(plan_module.MatrixCache, "get", "travel matrix")
    timed(Planner, "_solve", "solver")
    timed(Planner, "_meal_variant", "lunch-during-visit tries")  # their solves count under "solver" too
    timed(plan_module.notice, "with_alternatives", "suggested changes")  # replans: solver time inside
    timed(plan_module, "explain_skipped", "skip explanations")
    timed(plan_module, "warnings_for", "warnings")
    timed(Planner, "plan", "plan total")
    timed(view, "day_map", "map render (page)")
    app = create_app({"PLAN_CACHE_SIZE": 0})
    planned = trips(n, seed, date.today())
    total = 0.0
    with app.test_client() as client:
        client.get(f"/plan?{query_of(planned[0])}")
        phases.clear()
        start = time.perf_counter()
        for trip in planned:
            client.get(f"/plan?{query_of(trip)}")
        total = time.perf_counter() - start
    return {"page_total_s": total, "phases_s": phases}


def report(r: dict) -> None:
    print(f"Plan latency over HTTP, {r['server']}; {r['trips']} varied trips (seed {r['seed']}), full Wusheng catalog")
    print(f"{'endpoint':26} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'x hello':>8}")
    names = {"hello": "hello (bare Flask)", "api": "POST /api/v1/plan", "page": "GET /plan (page, maps)",
             "base api": f"  baseline {r['baseline']}", "base page": f"  baseline {r['baseline']}"}
    for key in ("hello", "api", "base api", "page", "base page"):
        if key in r["latency"]:
            s = r["latency"][key]
            print(f"{names[key]:26} {s['median_ms']:10.1f} {s['p95_ms']:8.1f} {s['max_ms']:8.1f} {s['x_hello']:8.1f}")
    for days, s in r["api_by_days"].items():
        label = f"baseline, {days[-1]}" if days.startswith("base") else days
        print(f"  API, {label}-day trips ({s['n']:3d})   median {s['median_ms']:7.1f}  p95 {s['p95_ms']:7.1f}")
    if r["baseline"]:
        for key in ("api", "page"):
            now, base = r["latency"][key], r["latency"][f"base {key}"]
            print(f"{names[key]}: now / baseline  p50 {now['median_ms'] / base['median_ms']:.3f}  "
                  f"p95 {now['p95_ms'] / base['p95_ms']:.3f}")
    print(f"load average at the end: {r['load_average']:.1f}")
    p95 = r["latency"]["api"]["p95_ms"]
    print(f"goal: p95 < {GOAL_P95_MS} ms for planning: {'met' if p95 < GOAL_P95_MS else 'NOT met'} ({p95:.0f} ms)")
    if r["non_200"]:
        print(f"non-200 answers: {len(r['non_200'])} (e.g. {r['non_200'][0]})")
    if "cpu" in r:
        print("CPU time per POST /api/v1/plan, in-process (least of 2 rounds per trip; load-proof):")
        for tag, c in r["cpu"].items():
            label = "now" if tag == "now" else f"baseline {r['baseline']}"
            print(f"  {label:20} median {c['median_ms']:7.1f} ms  p95 {c['p95_ms']:7.1f} ms  max {c['max_ms']:7.1f} ms")
        if "base" in r["cpu"]:
            now, base = r["cpu"]["now"], r["cpu"]["base"]
            print(f"  now / baseline       p50 {now['median_ms'] / base['median_ms']:.3f}  "
                  f"p95 {now['p95_ms'] / base['p95_ms']:.3f}")
    if "profile" in r:
        prof = r["profile"]
        print(f"where the time goes (in-process, {r['trips']} page requests, {prof['page_total_s']:.2f} s in all):")
        for label, seconds in sorted(prof["phases_s"].items(), key=lambda kv: -kv[1]):
            print(f"  {label:22} {seconds:7.2f} s  {100 * seconds / prof['page_total_s']:5.1f} %")


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trips", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--profile", action="store_true", help="also time the phases of planning in this process")
    ap.add_argument("--baseline", metavar="REV", help="also serve this git revision (own checkout and catalog) "
                    "and time it on the same trips, interleaved")
    ap.add_argument("--cpu", action="store_true", help="also the CPU time per plan, in-process, of this tree and "
                    "the baseline (robust when other jobs load the machine)")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args(argv)
    result = measure(args.trips, args.seed, args.baseline)
    if args.cpu:
        result["cpu"] = cpu(args.trips, args.seed, args.baseline)
    if args.profile:
        result["profile"] = profile(args.trips, args.seed)
    report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
