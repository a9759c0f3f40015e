"""What both exact searches precompute: compact point numbering with the shortest-path
closure, per-tour plain-list data, the knapsack bound data, and route bookkeeping."""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

import numpy as np

from .problem import Problem
from .schedule import evaluate


class TourData:
    """Plain-list copy of one tour's data for the inner loop."""

    def __init__(self, p: Problem, k: int, t: list[list[int]]):
        tour = p.tours[k]
        self.start, self.end, self.t0, self.deadline = tour.start_point, tour.end_point, tour.start_time, tour.deadline
        self.wins = [sorted(p.windows(v, k)) for v in range(len(p.visits))]
        self.avail = sum(1 << v for v in range(len(p.visits)) if self.wins[v])
        lunch = tour.lunch
        self.lunch = lunch
        self.b_dur = lunch.duration if lunch else 0
        self.b_lo = lunch.earliest_start if lunch else 0
        self.b_hi = lunch.latest_end if lunch else 0
        self.in_place = bool(lunch and lunch.in_place)
        self.venues = [(v.point, v.opening) for v in lunch.venues] if lunch else []
        self.to_end = [t[p.visits[v].point][self.end] for v in range(len(p.visits))]


def bound_data(problem: Problem, tours: list, t: list[list[int]]):
    """Scores, knapsack weights (shortest service + cheapest way in), the way-in part alone, the
    ratio order, and per tour the capacity and availability of all later tours.

    ``t`` must be the shortest-path closure: a leg taken through a lunch venue can be shorter
    than the direct arc when travel breaks the triangle inequality."""
    m, n = problem.n_tours, len(problem.visits)
    pts = [x.point for x in problem.visits]
    score = [x.score for x in problem.visits]
    sources = set(pts) | {tr.start for tr in tours}
    weight, into = [], []
    for v in range(n):
        durs = [d for tr in tours for _, _, d in tr.wins[v]]
        arc = min((t[s][pts[v]] for s in sources if s != pts[v]), default=0)
        weight.append((min(durs) if durs else 0) + arc)
        into.append(arc)
    order = sorted(range(n), key=lambda v: -score[v] / max(weight[v], 1e-9))
    # Time a fresh tour can spend on visits: the first arc beyond each visit's cheapest way in,
    # and the last arc home, are never available to the knapsack.
    cap_after = [0] * (m + 1)
    avail_after = [0] * (m + 1)
    for k in range(m - 1, -1, -1):
        tr = tours[k]
        ok = [v for v in range(n) if tr.wins[v]]
        first = min((t[tr.start][pts[v]] - into[v] for v in ok), default=0)
        last = min((t[pts[v]][tr.end] for v in ok), default=0)
        cap_after[k] = cap_after[k + 1] + max(0, tr.deadline - tr.t0 - tr.b_dur - max(first, 0) - last)
        avail_after[k] = avail_after[k + 1] | tr.avail
    return score, weight, into, order, cap_after, avail_after


def shortest_paths(t) -> np.ndarray:
    """Shortest travel time between every pair of points (Floyd-Warshall): a lower bound on any way
    from one to the other, also when the matrix breaks the triangle inequality."""
    sp = np.array(t, dtype=np.int64)
    for k in range(sp.shape[0]):
        np.minimum(sp, sp[:, k:k + 1] + sp[k:k + 1, :], out=sp)
    return sp


def compact(problem: Problem) -> tuple[Problem, list[list[int]], list[list[int]]]:
    """Renumber the points a plan can touch (visits, tour ends, venues) to 0..P-1, and return
    the travel matrix and its shortest-path closure as nested lists."""
    used: list[int] = []
    for x in problem.visits:
        used.append(x.point)
    for tour in problem.tours:
        used += [tour.start_point, tour.end_point]
        if tour.lunch:
            used += [v.point for v in tour.lunch.venues]
    used = sorted(set(used))
    new = {p: i for i, p in enumerate(used)}
    sub = problem.travel[np.ix_(used, used)].copy()
    star = shortest_paths(sub)
    visits = tuple(replace(x, point=new[x.point]) for x in problem.visits)
    tours = tuple(replace(t, start_point=new[t.start_point], end_point=new[t.end_point],
                          lunch=None if t.lunch is None else replace(t.lunch, venues=tuple(
                              replace(v, point=new[v.point]) for v in t.lunch.venues)))
                  for t in problem.tours)
    return Problem(sub, visits, tours, problem.name), sub.tolist(), star.tolist()


def routes_from_path(path, m: int) -> list[list[int]]:
    routes: list[list[int]] = [[] for _ in range(m)]
    while path is not None:
        k, v, path = path
        if v >= 0:
            routes[k].append(v)
    return [r[::-1] for r in routes]


def value_of(problem: Problem, routes: Sequence[Sequence[int]], K: int) -> tuple[int, object]:
    """Objective value of a known feasible plan, to start pruning before the first dive."""
    plans = evaluate(problem, routes)
    if any(not hasattr(p, "stops") for p in plans):
        return -1, None
    got = {v for r in routes for v in r}
    if any(v not in got for v in problem.required):
        return -1, None
    sc = sum(problem.visits[v].score for v in got)
    bonus = sum(1 for p in plans if p.lunch is not None and p.lunch.place == "venue")
    path = None
    for k, r in enumerate(routes):
        for v in r:
            path = (k, v, path)
        path = (k, -2, path)
    return sc * K + bonus, path


def floor_value(must_beat: int | None, K: int) -> int:
    """The objective value (``score * K + venue breaks``) a plan must exceed to score more than ``must_beat``."""
    return -1 if must_beat is None else must_beat * K + K - 1
