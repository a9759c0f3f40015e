"""Tourism-size benchmark: does the exact solver prove optimality fast enough for a web request?

    python benchmarks/tourism.py [--seeds 20] [--time-limit 5] [--groups 10x1,25x1,15x2]

Instances come from ``planner.solver.synthetic.tourism_problem``: a hotel 70-90 min from the
county, split opening hours (09:00-12:00 + 14:00-17:30), some guided-tour slots with their own
length, a 60-min lunch between 11:30 and 13:30 at one of two restaurants or in place, and for
several days different start/end points and days when a site is closed.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.solver import Infeasible, StopAfter, solve  # noqa: E402
from planner.solver.synthetic import tourism_problem  # noqa: E402


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--time-limit", type=float, default=5.0)
    ap.add_argument("--groups", default="10x1,15x1,20x1,25x1,12x2,15x2,10x3")
    ap.add_argument("--method", default="exact")
    ap.add_argument("--catalog", type=int, default=0,
                    help="also run the ILS on a synthetic catalogue of this many sites (3 days, lunch)")
    args = ap.parse_args(argv)
    from planner.solver.heuristic import warm_up

    warm_up()  # compile or load both kernels before timing anything
    print(f"{'sites x days':>12} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'proven':>7} {'infeasible':>10}")
    everything = []
    for group in args.groups.split(","):
        n, days = map(int, group.split("x"))
        times, proven, infeasible = [], 0, 0
        for seed in range(args.seeds):
            problem = tourism_problem(n, seed, days=days)
            t0 = time.perf_counter()
            try:
                sol = solve(problem, method=args.method, stop=StopAfter(args.time_limit), seed=seed)
                proven += sol.proven_optimal
            except Infeasible as exc:
                infeasible += 1
                proven += exc.proven
            times.append(1000 * (time.perf_counter() - t0))
        everything += times
        print(f"{n:>7} x {days:<2} {statistics.median(times):10.1f} {pct(times, 0.95):8.1f} {max(times):8.1f}"
              f" {proven:>3}/{args.seeds:<3} {infeasible:>10}", flush=True)
    print(f"all: median {statistics.median(everything):.1f} ms, p95 {pct(everything, 0.95):.1f} ms")
    if args.catalog:
        from planner.solver.synthetic import catalog_problem

        problem = catalog_problem(args.catalog, 7, days=3)
        for limit in (1.0, 2.0, 5.0):
            sol = solve(problem, method="ils", stop=StopAfter(limit), seed=1)
            print(f"catalogue {args.catalog} sites x 3 days, ILS {limit:.0f} s: score {sol.score},"
                  f" {sum(map(len, sol.routes))} visits, {sol.iterations} iterations, {sol.seconds:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
