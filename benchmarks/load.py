"""Plan capacity at a fixed arrival rate (benchmarks/capacity.py: open loop, one instance on one core against two
on two, through the recipe's nginx), then throughput and latency under load as a stress figure: wrk (closed
loop) against gunicorn as `make serve` runs it, next to a bare Flask hello.

Servers (each gunicorn.conf.py, sync workers by core count, 2 x cores + 1 unless --workers):
* hello: ``benchmarks/hello_app.py``, the ceiling of any Flask page on this machine;
* app: ``wsgi:app`` on the bundled catalog, every request rendered by the app ("direct");
* nginx from the deployment recipe (deploy/) in front of that same app: public pages and embeds answered from
  its cache, as deployed ("cached").

Targets: the home page, a site page, an embed (``/embed/map``) and ``POST /api/v1/plan`` with varied trips
(``benchmarks/plan_latency.py``'s generator; the planner's result cache and rate limit off, so every request
plans). A target whose route this checkout lacks is skipped, and the output says so. After 3 s of warm-up per
target, each runs ``--duration`` seconds (30) at each of ``--clients`` (50 and 200 connections, closed loop: a
client sends its next request when the last one is answered), asking for gzip like a browser. Reported: requests/s, p50/p95/p99 latency,
errors (non-2xx/3xx answers, socket errors, and requests over wrk's ``--timeout`` of 10 s), and throughput as a
fraction of hello's in the same run.

The plan is also run as people use it ("plan users"): each client reads a plan for ``--think`` seconds (a random
time in a range, like locust's ``between(1, 3)``, the default) before asking for the next. Without think time, 50
clients keep the server saturated and every answer waits behind the others (mean latency = clients / throughput,
Little's law); with it, the offered rate is about clients / think time and the latency is what one user sees at
that rate. Several ranges (``--think 0-0.5,0.5-1.5,1-3``) trace latency against the offered rate: the capacity of one
instance at a given p99. These runs go through the recipe's nginx, as deployed: wrk opens a connection before
its first (delayed) request, and such an idle connection would hold one of gunicorn's sync workers; nginx only
passes on whole requests (and never caches a POST).

Goals: plan capacity (issue 17) = the highest arrival rate with plan p99 <= 300 ms and 0 errors, two instances
>= 1.8 x one; cached pages at least half of hello's throughput; no errors. The closed-loop plan p99 at 50 clients
(issue 7's old goal) is kept as a stress figure: it measures saturation, not users.

    python -m benchmarks.load [--capacity-seconds 10] [--capacity-start 10] [--no-capacity] [--no-closed]
                              [--duration 30] [--clients 50,200] [--workers N] [--targets plan,cached]
                              [--think 1-3] [--json FILE]
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from benchmarks import capacity
from benchmarks.page_latency import HELLO, ROOT, server
from catalog.source import read_catalog
from deploy import local

LUA = Path(__file__).resolve().parent / "load.lua"
APP = "wsgi:app"  # as gunicorn.conf.py serves it: solver kernels warmed before the workers fork
TRIPS = 200  # distinct plan bodies, shared round-robin by the connections
WARM_UP = 3  # seconds of load on each target before any is measured
GOALS = {"cached_x_hello": 0.5, "plan_p99_ms_at_50": 300}


@dataclass(frozen=True)
class Target:
    name: str
    server: str  # "hello", "app" (gunicorn directly) or "nginx" (the recipe's cache in front of app)
    path: str
    post: bool = False
    think_ms: tuple[int, int] | None = None  # each client waits lo..hi ms after an answer before its next request


def targets(site: str, thinks: list[tuple[int, int]] = ()) -> list[Target]:
    pages = [("home", "/"), ("site", f"/sites/{site}"), ("embed", "/embed/map")]
    return ([Target("hello", "hello", "/")]
            + [Target(f"{name} direct", "app", path) for name, path in pages]
            + [Target(f"{name} cached", "nginx", path) for name, path in pages]
            + [Target("plan POST", "app", "/api/v1/plan", post=True)]
            # Through nginx, as deployed: a connection that waits before it speaks would hold a sync worker
            # (gunicorn's slow-client problem, which nginx's buffering solves); plans are never cached there.
            + [Target(f"plan users {think_label(t)}", "nginx", "/api/v1/plan", post=True, think_ms=t) for t in thinks])


def parse_thinks(text: str) -> list[tuple[int, int]]:
    """'0.5,1-3' -> [(500, 500), (1000, 3000)]: think times in seconds, a fixed value or a range. Prefer ranges:
    wrk starts every client at once, and a fixed think time keeps them in step (bursts of all the clients)."""
    out = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        lo, _, hi = part.partition("-")
        try:
            lo_ms, hi_ms = round(float(lo) * 1000), round(float(hi or lo) * 1000)
        except ValueError:
            lo_ms = hi_ms = 0
        if not (0 <= lo_ms <= hi_ms and hi_ms > 0):
            raise ValueError(f"think time {part!r}: want seconds, e.g. 1-3 or 0-0.5 (a range keeps clients out of step)")
        out.append((lo_ms, hi_ms))
    return out


def think_label(think_ms: tuple[int, int]) -> str:
    lo, hi = (f"{ms / 1000:g}" for ms in think_ms)
    return f"think {lo} s" if lo == hi else f"think {lo}-{hi} s"


def plan_bodies(path: Path | None = None) -> Path | list[bytes] | None:
    """TRIPS varied trip requests: written one JSON a line to ``path`` (for wrk), or returned as bytes; None when
    the planner's benchmark (its generator) is absent."""
    try:
        from benchmarks.plan_latency import trips
    except ImportError:
        return None
    lines = [json.dumps(t) for t in trips(TRIPS, 7, date.today())]
    if path is None:
        return [line.encode() for line in lines]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def probe(port: int, target: Target, bodies: Path | None) -> str | None:
    """None when the target answers 200, else why it is skipped."""
    if target.post and bodies is None:
        return "benchmarks/plan_latency.py (the trip generator) is not in this checkout"
    body = bodies.read_text(encoding="utf-8").splitlines()[0] if target.post else None
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        # The same Accept-Encoding as wrk's: nginx keeps a copy per value (Vary), and this one fills wrk's.
        conn.request("POST" if target.post else "GET", target.path, body=body,
                     headers={"Accept-Encoding": "gzip", **({"Content-Type": "application/json"} if body else {})})
        status = conn.getresponse().status
    finally:
        conn.close()
    if status == 404:
        return f"{'POST ' if target.post else ''}{target.path} does not exist in this checkout"
    return None if status == 200 else f"{target.path} answered {status}"


def wrk(port: int, target: Target, clients: int, duration: int, bodies: Path | None) -> dict:
    env = dict(os.environ, WRK_BODIES=str(bodies) if target.post else "",
               WRK_THINK_MS=",".join(map(str, target.think_ms)) if target.think_ms else "")
    cmd = ["wrk", f"-t{min(2, clients)}", f"-c{clients}", f"-d{duration}s", "--timeout", "10s", "-s", str(LUA),
           f"http://127.0.0.1:{port}{target.path}"]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    raw = json.loads(next(line for line in out.splitlines() if line.startswith("LOAD_JSON "))[len("LOAD_JSON "):])
    errors = raw["connect"] + raw["read"] + raw["write"] + raw["status"] + raw["timeout"]
    seconds = raw["duration_us"] / 1e6
    return {"rps": raw["requests"] / seconds, "requests": raw["requests"], "errors": errors,
            "error_rate": errors / max(raw["requests"], 1), "p50_ms": raw["p50_us"] / 1000,
            "p95_ms": raw["p95_us"] / 1000, "p99_ms": raw["p99_us"] / 1000, "max_ms": raw["max_us"] / 1000,
            "error_kinds": {k: raw[k] for k in ("connect", "read", "write", "status", "timeout") if raw[k]}}


def measure(duration: int, clients: list[int], workers: int, only: list[str] | None = None,
            thinks: list[tuple[int, int]] = ()) -> dict:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (make test installs it: scripts/ensure-system-deps.sh)")
    site = read_catalog(ROOT / "sites.yaml").catalog.published_sites[0].id
    # Every request really plans and nobody is rate-limited; the first plan may compile the solver (numba).
    env = {"WUSHENG_PLAN_CACHE_SIZE": "0", "WUSHENG_API_PLAN_RATE_PER_MINUTE": "0", "WUSHENG_GEOCODER": "none"}
    results: dict[str, dict] = {}
    skipped: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="wusheng-load-") as tmp, contextlib.ExitStack() as stack:
        tmp = Path(tmp)
        bodies = plan_bodies(tmp / "trips.jsonl")
        hello, _ = stack.enter_context(server(HELLO, log_dir=tmp, workers=workers, production=True))
        app, _ = stack.enter_context(server(APP, ROOT / "sites.yaml", tmp, workers=workers, production=True,
                                            env=env))
        # One client address for all: the per-address limit_req of the recipe would answer 429 to the plan users.
        proxy = local.nginx(tmp, [f"127.0.0.1:{app}"], f"127.0.0.1:{app}", limits=capacity.NO_LIMITS).start()
        stack.callback(proxy.kill)
        proxy.wait_listening()
        ports = {"hello": hello, "app": app, "nginx": proxy.port}
        runnable = []
        for t in targets(site, thinks):
            if only and t.name != "hello" and not any(word in t.name for word in only):
                continue  # hello always runs: the ratios need it
            reason = probe(ports[t.server], t, bodies)
            if reason:
                skipped[t.name] = reason
            else:
                runnable.append(t)
        for t in runnable:  # every worker compiles its templates and fills its map cache; nginx fills its cache
            if t.think_ms is None:  # the plan users share "plan POST"'s warm-up
                wrk(ports[t.server], t, clients[0], WARM_UP, bodies)
        for n in clients:
            for t in runnable:
                print(f"  {t.name:14} {n:4} clients, {duration} s ...", flush=True)
                results[f"{t.name} @{n}"] = {"target": t.name, "clients": n, "server": t.server, "path": t.path,
                                             "think_ms": t.think_ms, **wrk(ports[t.server], t, n, duration, bodies)}
            hello_rps = results[f"hello @{n}"]["rps"]
            for r in results.values():
                if r["clients"] == n:
                    r["x_hello"] = r["rps"] / hello_rps
    return {"workers": workers, "cores": multiprocessing.cpu_count(), "duration_s": duration, "clients": clients,
            "load_average_after": os.getloadavg()[0],
            "results": results, "skipped": skipped, "goals": goals(results)}


def goals(results: dict) -> dict:
    cached = [r["x_hello"] for r in results.values() if r["target"].endswith(" cached")]
    plan = [r["p99_ms"] for r in results.values() if r["target"] == "plan POST" and r["clients"] == 50]
    return {"cached pages >= 0.5 x hello": min(cached) >= GOALS["cached_x_hello"] if cached else None,
            "(stress) plan p99 < 300 ms at 50 closed-loop clients": plan[0] < GOALS["plan_p99_ms_at_50"] if plan else None,
            "0 errors": all(r["errors"] == 0 for r in results.values())}


def report(r: dict) -> None:
    print(f"\nLoad: wrk, closed loop, {r['duration_s']} s per run; gunicorn {r['workers']} sync workers "
          f"({r['cores']} cores, load average {r['load_average_after']:.1f} at the end); 'cached' = through the "
          "recipe's nginx cache, 'direct' = gunicorn renders each")
    print(f"{'target':24} {'clients':>7} {'req/s':>9} {'x hello':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'errors':>7}")
    for s in r["results"].values():
        kinds = f" {s['error_kinds']}" if s["errors"] else ""
        print(f"{s['target']:24} {s['clients']:7} {s['rps']:9.1f} {s['x_hello']:8.2f} {s['p50_ms']:8.1f} "
              f"{s['p95_ms']:8.1f} {s['p99_ms']:8.1f} {s['errors']:7}{kinds}")
    for name, reason in r["skipped"].items():
        print(f"skipped {name}: {reason}")
    for goal, met in r["goals"].items():
        print(f"goal {goal}: {'not measured' if met is None else 'met' if met else 'MISSED'}")
    users = [s for s in r["results"].values() if s["target"].startswith("plan ") and s["clients"] == 50]
    if any(s["think_ms"] for s in users):
        print("plan at 50 clients, by think time (offered rate -> p99):")
        for s in sorted(users, key=lambda s: -s["rps"]):
            under = "under" if s["p99_ms"] < GOALS["plan_p99_ms_at_50"] else "over"
            print(f"  {think_label(s['think_ms']) if s['think_ms'] else 'no think time':20} {s['rps']:7.1f} plans/s "
                  f"-> p99 {s['p99_ms']:7.1f} ms ({under} {GOALS['plan_p99_ms_at_50']} ms)")


def main(argv: list[str] | None = None) -> dict:
    local.stop_on_sigterm()  # a killed run still stops its servers
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=int, default=30, help="seconds per target and client count (default 30)")
    ap.add_argument("--clients", default="50,200", help="concurrent connections, comma-separated (default 50,200)")
    ap.add_argument("--workers", type=int, default=2 * multiprocessing.cpu_count() + 1,
                    help="gunicorn workers for hello and the app (default 2 x cores + 1, as make serve)")
    ap.add_argument("--targets", help="only targets whose name contains one of these words, comma-separated "
                    "(e.g. plan,cached); hello always runs")
    ap.add_argument("--think", default="1-3", help="plan users' think times in seconds, comma-separated, each a "
                    "value or a range (default 1-3; '' for none)")
    ap.add_argument("--capacity-seconds", type=float, default=10, help="seconds per offered rate (default 10)")
    ap.add_argument("--capacity-start", type=float, default=10, help="first offered plan rate per instance (10/s)")
    ap.add_argument("--no-capacity", action="store_true", help="skip the open-loop capacity figures")
    ap.add_argument("--no-closed", action="store_true", help="skip the closed-loop (wrk) figures")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args(argv)
    try:
        thinks = parse_thinks(args.think)
    except ValueError as exc:
        ap.error(str(exc))
    result = {}
    if not args.no_capacity:
        bodies = plan_bodies()
        if bodies is None:
            print("skipped capacity: benchmarks/plan_latency.py (the trip generator) is not in this checkout")
        else:
            subprocess.run([sys.executable, "-c", "from planner.solver.heuristic import warm_up; warm_up()"],
                           cwd=ROOT, check=True)  # compile the kernels once, before instances start together
            result["capacity"] = capacity.measure(bodies, args.capacity_seconds, args.capacity_start)
            capacity.report(result["capacity"])
    if not args.no_closed:
        result.update(measure(args.duration, [int(c) for c in args.clients.split(",")], args.workers,
                              args.targets.split(",") if args.targets else None, thinks))
        report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
