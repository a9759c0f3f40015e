"""OPTW/TOPTW benchmark: our solver against the best known scores and three peer solvers.

    python benchmarks/optw.py DIR [--tours M] [--time-limit S] [--json FILE] [--no-peers]
                                  [--instances c101,r102] [--seed N] [--peers ortools,pyvrp,vroom]

Each instance is solved for m = 1 (or m = 1..M) tours with the same time limit for every
solver, one core.  Every route, ours and the peers', is re-scheduled by our evaluator under the
exact distance convention; a peer plan that is infeasible there is reported and scores 0.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.solver import Failure, StopAfter, evaluate, solve  # noqa: E402
from planner.solver.optw_format import OptwInstance, read_bks, read_optw  # noqa: E402


def checked_score(inst: OptwInstance, tours: int, routes: list[list[int]]) -> tuple[int, str]:
    """Score of vertex-id routes under our evaluator, or 0 and the reason they are infeasible."""
    problem = inst.problem(tours)
    plans = evaluate(problem, [[v - 1 for v in r] for r in routes])
    bad = [p for p in plans if isinstance(p, Failure)]
    if bad:
        return 0, bad[0].message()
    return sum(inst.score[v] for r in routes for v in r), ""


def run_one(inst: OptwInstance, tours: int, time_limit: float, seed: int, peers: list[str],
            bks: dict) -> dict:
    problem = inst.problem(tours)
    t0 = time.perf_counter()
    sol = solve(problem, stop=StopAfter(time_limit), seed=seed)
    secs = time.perf_counter() - t0
    routes = [[v + 1 for v in r] for r in sol.routes]
    best = bks.get((inst.name, tours))
    row = {
        "instance": inst.name, "tours": tours, "score": sol.score, "best_known": best,
        "gap_pct": None if best is None else round(100.0 * (best - sol.score) / best, 3),
        "seconds": round(secs, 3), "routes": routes, "iterations": sol.iterations,
    }
    if best is not None and sol.score > best:
        row["new_record"] = True
    for name in peers:
        from benchmarks.optw_peers import PEERS

        try:
            proutes, psecs = PEERS[name](inst, tours, time_limit)
            score, why = checked_score(inst, tours, proutes)
        except Exception as exc:  # a crashing peer is reported, not fatal
            score, why, psecs, proutes = 0, f"crashed: {exc!r}", 0.0, []
        row[f"{name}_score"] = score
        row[f"{name}_seconds"] = round(psecs, 3)
        if why:
            row[f"{name}_infeasible"] = why
    return row


def fmt_row(row: dict, peers: list[str]) -> str:
    gap = "   n/a" if row["gap_pct"] is None else f"{row['gap_pct']:6.2f}%"
    bk = "-" if row["best_known"] is None else str(row["best_known"])
    text = f"{row['instance']:>6} m={row['tours']} score {row['score']:5d} bks {bk:>5} gap {gap} {row['seconds']:5.2f}s"
    for name in peers:
        flag = "!" if f"{name}_infeasible" in row else ""
        text += f" | {name} {row[f'{name}_score']:5d}{flag} {row[f'{name}_seconds']:5.2f}s"
    routes = " / ".join(" ".join(map(str, r)) for r in row["routes"])
    return text + f"\n        route: {routes}"


def summary(rows: list[dict], peers: list[str]) -> str:
    out = []
    for m in sorted({r["tours"] for r in rows}):
        rs = [r for r in rows if r["tours"] == m]
        gaps = [r["gap_pct"] for r in rs if r["gap_pct"] is not None]
        at = sum(1 for r in rs if r["best_known"] is not None and r["score"] >= r["best_known"])
        secs = [r["seconds"] for r in rs]
        out.append(f"m={m}: {len(rs)} instances, mean gap {statistics.mean(gaps) if gaps else float('nan'):.2f}%"
                   f" (max {max(gaps) if gaps else float('nan'):.2f}%), at best known {at}/{len(gaps)},"
                   f" seconds mean {statistics.mean(secs):.2f} max {max(secs):.2f}")
        new = [r["instance"] for r in rs if r.get("new_record")]
        if new:
            out.append(f"      above the listed best known (verified feasible): {', '.join(new)}")
        for name in peers:
            key = f"{name}_score"
            win = sum(1 for r in rs if r["score"] > r[key])
            tie = sum(1 for r in rs if r["score"] == r[key])
            loss = sum(1 for r in rs if r["score"] < r[key])
            bad = sum(1 for r in rs if f"{name}_infeasible" in r)
            pg = [100.0 * (r["best_known"] - r[key]) / r["best_known"] for r in rs if r["best_known"]]
            ps = [r[f"{name}_seconds"] for r in rs]
            out.append(f"      vs {name:8s}: win {win} tie {tie} loss {loss}; ours >= theirs on "
                       f"{win + tie}/{len(rs)} ({100.0 * (win + tie) / len(rs):.0f}%); their mean gap "
                       f"{statistics.mean(pg) if pg else float('nan'):.2f}%, mean {statistics.mean(ps):.2f}s,"
                       f" infeasible {bad}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir", type=Path)
    ap.add_argument("--tours", type=int, default=1, help="solve m = 1..M tours (M <= 4)")
    ap.add_argument("--time-limit", type=float, default=2.0)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--peers", default="ortools,pyvrp,vroom")
    ap.add_argument("--instances", help="comma-separated names (default: every *.txt in DIR)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    files = sorted(args.dir.glob("*.txt"))
    if args.instances:
        wanted = set(args.instances.split(","))
        files = [f for f in files if f.stem in wanted]
    bks = read_bks(args.dir / "bks.csv") if (args.dir / "bks.csv").exists() else {}
    peers = [] if args.no_peers else [p for p in args.peers.split(",") if p]
    from planner.solver.heuristic import warm_up

    t0 = time.perf_counter()
    warm_up()
    print(f"kernel ready in {time.perf_counter() - t0:.2f}s (numba compile or cache load)", flush=True)
    rows = []
    for f in files:
        inst = read_optw(f)
        for m in range(1, args.tours + 1):
            row = run_one(inst, m, args.time_limit, args.seed, peers, bks)
            rows.append(row)
            print(fmt_row(row, peers), flush=True)
            for name in peers:
                if f"{name}_infeasible" in row:
                    print(f"        {name} plan rejected: {row[f'{name}_infeasible']}", flush=True)
    print(summary(rows, peers))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
