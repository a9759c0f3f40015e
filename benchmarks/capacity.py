"""Plan capacity at a fixed arrival rate (open loop), one instance against two, on separate cores.

``POST /api/v1/plan`` with the 200 varied trips of benchmarks/load.py, offered at a constant rate through the
recipe's nginx (deploy/local.py; its per-address limits raised, since all the load comes from one address, and the
planner's result cache and the app's rate limit off, so every request plans). Latency is counted from the moment
each request was due (benchmarks/open_loop.py), so a server that falls behind shows it.

Cores (``taskset``): "one instance" runs it on core 0 with nginx and this client also on core 0; "two instances"
runs one instance per core with nginx and the client on both. Each set-up thus gets the cores it names, proxy and
client included, and the per-core figures compare like with like. Each instance gets gunicorn.conf.py's workers
for one core (2 x 1 + 1, plus one plan slot and two queue places: 6) and its own instance folder (slots for
plans and renders count per folder, as on separate machines).

For each set-up the rate climbs by ``STEP`` from ``start`` until p99 exceeds the goal or an error appears (or, when
``start`` is already too much, halves until it is not), then two bisections between the last good and the first
bad rate. Capacity = the highest rate with p99 <= 300 ms and no
error.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path

from benchmarks import open_loop
from deploy import local

ROOT = Path(__file__).resolve().parent.parent
P99_GOAL_MS = 300
STEP = 1.25
SETUPS = {"one instance": ["0"], "two instances": ["0", "1"]}  # an instance per entry: its cores
# All the load comes from one address: nginx's per-address limits would measure themselves, not capacity.
NO_LIMITS = {"api": "100000r/s", "api_burst": 100000, "planner": "100000r/s", "planner_burst": 100000}


@contextlib.contextmanager
def instances(folder: Path, cpus: list[str]):
    """Public instances pinned to ``cpus`` (one each) behind the recipe's nginx pinned to all of them."""
    # PLAN_NICE 0: with only plans to run, the planning thread's lower priority changes nothing on a machine of
    # its own (the kernel still gives it every idle cycle), but on a shared one it hands the cores to the other
    # tenants (measured here at a load average of 13: p99 x 2.6 at 2.5 plans/s).
    env = {"PLAN_CACHE_SIZE": 0, "API_PLAN_RATE_PER_MINUTE": 0, "GEOCODER": "none", "ADMIN": 0, "PROXY_FIX": 1,
           "CATALOG_PATH": ROOT / "sites.yaml", "CHANNEL_COUNTING": 0, "PLAN_NICE": 0}
    procs = [local.gunicorn(f"public{i}", folder, {**env, "INSTANCE_PATH": folder / f"instance{i}"},
                            workers=0, cpus=c) for i, c in enumerate(cpus)]
    every = ",".join(cpus)
    proxy = local.nginx(folder, [p.address for p in procs], procs[0].address, cpus=every, limits=NO_LIMITS)
    try:
        for p in [*procs, proxy]:
            p.start()
        for p in [*procs, proxy]:
            p.wait_listening()
        yield proxy.port, every
    finally:
        for p in [proxy, *procs]:
            p.kill()


def good(point: dict) -> bool:
    return point["errors"] == 0 and point["p99_ms"] <= P99_GOAL_MS


def sweep(port: int, payloads: list[bytes], start: float, seconds: float, limit: float = 2000) -> list[dict]:
    """Points (offered rate, p50, p99, errors) climbing from ``start``; see the module's docstring."""
    points, offset = [], 0

    def at(rate: float) -> dict:
        nonlocal offset
        r = open_loop.run("127.0.0.1", port, payloads, rate, seconds, offset=offset)
        offset += round(rate * seconds)
        point = {**r.summary(), "load_average": round(os.getloadavg()[0], 2)}
        points.append(point)
        print(f"    {rate:7.1f}/s offered: p50 {point['p50_ms']:7.1f} ms, p99 {point['p99_ms']:8.1f} ms, "
              f"{point['errors']} errors {point['error_kinds'] or ''} (load {point['load_average']})", flush=True)
        time.sleep(1)  # what piled up drains before the next rate
        return point

    rate, best, worst = start, None, None
    while rate <= limit:
        if good(at(rate)):
            best, rate = rate, rate * STEP
        elif best is None and rate / 2 >= 1:  # already over at the start (a busy machine): go down first
            worst, rate = rate, rate / 2
        else:
            worst = rate if best is not None else worst
            break
    if best is not None and worst is not None:
        for _ in range(2):
            mid = (best + worst) / 2
            if good(at(mid)):
                best = mid
            else:
                worst = mid
    return sorted(points, key=lambda p: p["offered_rps"])


def capacity(points: list[dict]) -> float:
    return max((p["offered_rps"] for p in points if good(p)), default=0.0)


def measure(bodies: list[bytes], seconds: float, start: float, folder: Path | None = None) -> dict:
    """Every set-up of SETUPS, in this one run: its curve, capacity, per instance and per core, and the ratio."""
    out: dict = {"setups": {}}
    mine = os.sched_getaffinity(0)
    with contextlib.ExitStack() as stack:
        folder = folder or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="wusheng-capacity-")))
        for name, cpus in SETUPS.items():
            with instances(folder / name.replace(" ", "-"), cpus) as (port, every):
                payloads = open_loop.requests(f"127.0.0.1:{port}", "/api/v1/plan", bodies)
                os.sched_setaffinity(0, {int(c) for c in every.split(",")})  # the client on the same cores
                try:
                    open_loop.run("127.0.0.1", port, payloads, start, 3)  # warm-up: every worker plans once
                    print(f"  {name} (cores {every}), {seconds:g} s a rate:", flush=True)
                    points = sweep(port, payloads, start * len(cpus), seconds)
                finally:
                    os.sched_setaffinity(0, mine)
            cap = capacity(points)
            cores = len(every.split(","))
            out["setups"][name] = {"cores": every, "instances": len(cpus), "points": points, "capacity_rps": cap,
                                   "per_instance_rps": round(cap / len(cpus), 1), "per_core_rps": round(cap / cores, 1)}
    one, two = (out["setups"][n]["capacity_rps"] for n in SETUPS)
    out["ratio_two_to_one"] = round(two / one, 2) if one else None
    return out


def report(r: dict) -> None:
    print(f"\nPlan capacity, open loop (constant arrival rate, latency from the due time), through nginx; "
          f"capacity = highest rate with p99 <= {P99_GOAL_MS} ms and 0 errors")
    print(f"{'set-up':14} {'offered/s':>9} {'answered/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} "
          f"{'load avg':>8}")
    for name, s in r["setups"].items():
        for p in s["points"]:
            print(f"{name:14} {p['offered_rps']:9.1f} {p['answered_rps']:10.1f} {p['p50_ms']:8.1f} {p['p99_ms']:8.1f} "
                  f"{p['errors']:6} {p['load_average']:8.2f}")
    print(f"{'set-up':14} {'cores':>5} {'capacity plans/s':>16} {'per instance':>12} {'per core':>8}")
    for name, s in r["setups"].items():
        print(f"{name:14} {s['cores']:>5} {s['capacity_rps']:16.1f} {s['per_instance_rps']:12.1f} "
              f"{s['per_core_rps']:8.1f}")
    ratio = r["ratio_two_to_one"]
    print(f"two instances / one instance: {ratio} (goal >= 1.8: {'met' if ratio and ratio >= 1.8 else 'NOT met'})")
