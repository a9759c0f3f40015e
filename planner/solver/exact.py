"""Exact solver: depth-first branch and bound over (tour, last visit, departure, visited set).

Why this shape: tourism instances have <= ~25 candidates but only 5-8 fit in a day, so the
search is shallow.  Diving best-ratio-first finds a greedy incumbent immediately; a fractional
knapsack bound on the remaining time (each visit costs at least its shortest service plus its
cheapest way in) prunes most branches; and a memo on (tour, last, visited set, break taken)
keeps only the earliest departure per state, which is exact dominance because the same set
always has the same score.  The objective is lexicographic: score first, then the number of
breaks taken at a venue, encoded as ``score * (tours + 1) + venue_breaks``.
"""
from __future__ import annotations

import time
from typing import Sequence

from .problem import Problem
from .schedule import serve, venue_start


class _Tour:
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


def _lunch_then(tr: _Tour, t: list[list[int]], a: int, dep: int, b: int) -> tuple[int, int]:
    """Earliest ready time at point ``b`` after taking the break between ``a`` (left at ``dep``)
    and ``b``: (in-place ready or -1, venue ready or -1)."""
    inplace = venue = -1
    if tr.in_place:
        arr = dep + t[a][b]
        s = arr if arr > tr.b_lo else tr.b_lo
        if s + tr.b_dur <= tr.b_hi:
            inplace = s + tr.b_dur
        else:
            s = dep if dep > tr.b_lo else tr.b_lo
            if s + tr.b_dur <= tr.b_hi:
                inplace = s + tr.b_dur + t[a][b]
    for pv, opening in tr.venues:
        s = venue_start(opening, tr.lunch, dep + t[a][pv])
        if s is not None:
            r = s + tr.b_dur + t[pv][b]
            if venue < 0 or r < venue:
                venue = r
    return inplace, venue


def solve_exact(problem: Problem, *, time_limit: float = 10.0, incumbent: Sequence[Sequence[int]] | None = None
                ) -> tuple[list[list[int]] | None, bool, int]:
    """Best routes (None if no feasible plan with all required visits), whether the search
    finished (optimality / infeasibility proven), and the number of labels expanded."""
    problem, t, tstar = _compact(problem)
    m, n = problem.n_tours, len(problem.visits)
    tours = [_Tour(problem, k, t) for k in range(m)]
    pts = [x.point for x in problem.visits]
    last_start = [[max((l for _, l, _ in tr.wins[v]), default=-1) for v in range(n)] for tr in tours]
    min_dur = [[min((d for _, _, d in tr.wins[v]), default=0) for v in range(n)] for tr in tours]
    score = [x.score for x in problem.visits]
    req_mask = sum(1 << v for v in problem.required)
    # Cheapest conceivable cost of a visit: shortest service + cheapest arc into it.
    sources = set(pts) | {tr.start for tr in tours}
    weight = []
    for v in range(n):
        durs = [d for tr in tours for _, _, d in tr.wins[v]]
        into = min((t[s][pts[v]] for s in sources if s != pts[v]), default=0)
        weight.append((min(durs) if durs else 0) + into)
    order = sorted(range(n), key=lambda v: -score[v] / max(weight[v], 1e-9))
    into = [weight[v] - min((d for tr in tours for _, _, d in tr.wins[v]), default=0) for v in range(n)]
    # Time a fresh tour can spend on visits: the first arc beyond each visit's cheapest way in,
    # and the last arc home, are never available to the knapsack.
    cap_after = [0] * (m + 1)
    avail_after = [0] * (m + 1)
    for k in range(m - 1, -1, -1):
        tr = tours[k]
        ok = [v for v in range(n) if tr.wins[v]]
        first = min((t[tr.start][pts[v]] - into[v] for v in ok), default=0)
        last = min((tr.to_end[v] for v in ok), default=0)
        cap_after[k] = cap_after[k + 1] + max(0, tr.deadline - tr.t0 - tr.b_dur - max(first, 0) - last)
        avail_after[k] = avail_after[k + 1] | tr.avail
    tstar_end = [[tstar[p][tr.end] for p in range(len(t))] for tr in tours]
    K = m + 1
    best_val, best_path = -1, None
    deadline_clock = time.perf_counter() + time_limit
    seen: dict[tuple[int, int, int, int], tuple[int, int]] = {}
    expanded = 0
    finished = True
    if incumbent is not None:
        best_val, best_path = _value_of(problem, incumbent, K)

    # label: (k, last visit or -1, last point, departure, mask, pending break, score, bonus, path)
    stack = []
    for_first = tours[0]
    stack.append((0, -1, for_first.start, for_first.t0, 0, for_first.lunch is not None, 0, 0, None))
    while stack:
        k, last, a, dep, mask, pending, sc, bonus, path = stack.pop()
        expanded += 1
        if expanded & 255 == 0 and time.perf_counter() > deadline_clock:
            finished = False
            break
        tr = tours[k]
        ta = t[a]
        tsa = tstar[a]
        ls_k, md_k, tse = last_start[k], min_dur[k], tstar_end[k]
        children = []
        reach = 0
        min_first = min_last = 1 << 60
        cand = tr.avail & ~mask
        v = 0
        while cand:
            pv = pts[v]
            # reachable at all, possibly through other stops (shortest-path closure, because
            # travel times need not obey the triangle inequality)?
            if cand & 1 and dep + tsa[pv] <= ls_k[v] and dep + tsa[pv] + md_k[v] + tse[pv] <= tr.deadline:
                reach |= 1 << v
                x = ta[pv] - into[v]
                if x < min_first:
                    min_first = x
                if tr.to_end[v] < min_last:
                    min_last = tr.to_end[v]
                wins = tr.wins[v]
                got = serve(wins, dep + ta[pv])
                if got is not None and got[1] + tse[pv] <= tr.deadline:
                    e = got[1]
                    if not pending:
                        children.append((e, v, False, 0))
                    # without the break now, it must still fit after this visit
                    elif max(e, tr.b_lo) + tr.b_dur <= tr.b_hi:
                        children.append((e, v, True, 0))
                if pending:
                    inplace, venue = _lunch_then(tr, t, a, dep, pv)
                    if inplace >= 0:
                        g2 = serve(wins, inplace)
                        if g2 is not None and g2[1] + tse[pv] <= tr.deadline:
                            children.append((g2[1], v, False, 0))
                    if venue >= 0:
                        g2 = serve(wins, venue)
                        if g2 is not None and g2[1] + tse[pv] <= tr.deadline:
                            children.append((g2[1], v, False, 1))
            cand >>= 1
            v += 1
        # required visits nobody can reach any more: dead branch
        if req_mask & ~mask & ~reach & ~avail_after[k + 1]:
            continue
        # upper bound: fractional knapsack over what is still reachable
        items = reach | (avail_after[k + 1] & ~mask)
        cap = tr.deadline - dep - (tr.b_dur if pending else 0)
        if reach:
            # the next arc leaves from here, the last arc goes home from some reachable visit
            cap -= max(0, min_first) + min_last
        cap = max(cap, 0) + cap_after[k + 1]
        ub = sc
        for v in order:
            if items >> v & 1:
                w = weight[v]
                if w <= cap:
                    cap -= w
                    ub += score[v]
                else:
                    ub += score[v] * cap / w
                    break
        bonus_room = bonus + (1 if pending and tr.venues else 0) + sum(
            1 for kk in range(k + 1, m) if tours[kk].venues)
        if int(ub) * K + bonus_room <= best_val:
            continue
        # close the tour here
        back_plain = dep + ta[tr.end]
        end_val = -1
        if not pending:
            if back_plain <= tr.deadline:
                end_val = bonus
        else:
            inplace, venue = _lunch_then(tr, t, a, dep, tr.end)
            if 0 <= venue <= tr.deadline:
                end_val = bonus + 1
            elif 0 <= inplace <= tr.deadline:
                end_val = bonus
        if end_val >= 0:
            if k + 1 == m:
                val = sc * K + end_val
                if val > best_val and not (req_mask & ~mask):
                    best_val, best_path = val, (k, -2, path)
            else:
                nt = tours[k + 1]
                key = (k + 1, -1, mask, nt.lunch is not None)
                old = seen.get(key)
                if old is None or old[1] < end_val:
                    seen[key] = (nt.t0, end_val)
                    stack.append((k + 1, -1, nt.start, nt.t0, mask, nt.lunch is not None, sc, end_val,
                                  (k, -2, path)))
        # children: worst ratio pushed first so the best is explored first
        children.sort(key=lambda c: score[c[1]] / (c[0] - dep + 1))
        for e, v, still, b in children:
            nb = bonus + b
            key = (k, v, mask | 1 << v, still)
            old = seen.get(key)
            if old is not None and old[0] <= e and old[1] >= nb:
                continue
            seen[key] = (e, nb)
            stack.append((k, v, pts[v], e, mask | 1 << v, still, sc + score[v], nb, (k, v, path)))
    routes = _routes(best_path, m) if best_path is not None else None
    return routes, finished, expanded


def _compact(problem: Problem) -> tuple[Problem, list[list[int]], list[list[int]]]:
    """Renumber the points a plan can touch (visits, tour ends, venues) to 0..P-1, and return
    the travel matrix and its shortest-path closure as nested lists."""
    from dataclasses import replace

    import numpy as np

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
    star = sub.copy()
    for i in range(len(used)):
        np.minimum(star, star[:, i:i + 1] + star[i:i + 1, :], out=star)
    visits = tuple(replace(x, point=new[x.point]) for x in problem.visits)
    tours = tuple(replace(t, start_point=new[t.start_point], end_point=new[t.end_point],
                          lunch=None if t.lunch is None else replace(t.lunch, venues=tuple(
                              replace(v, point=new[v.point]) for v in t.lunch.venues)))
                  for t in problem.tours)
    return Problem(sub, visits, tours, problem.name), sub.tolist(), star.tolist()


def _routes(path, m: int) -> list[list[int]]:
    routes: list[list[int]] = [[] for _ in range(m)]
    while path is not None:
        k, v, path = path
        if v >= 0:
            routes[k].append(v)
    return [r[::-1] for r in routes]


def _value_of(problem: Problem, routes: Sequence[Sequence[int]], K: int) -> tuple[int, object]:
    """Objective value of a known feasible plan, to start pruning before the first dive."""
    from .schedule import evaluate

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
