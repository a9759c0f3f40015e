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

from .exact_prep import TourData, bound_data, compact, floor_value, routes_from_path, value_of
from .problem import Problem
from .schedule import serve, venue_start


def _lunch_then(tr: TourData, t: list[list[int]], a: int, dep: int, b: int) -> tuple[int, int]:
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


def solve_exact(problem: Problem, *, time_limit: float = 10.0, incumbent: Sequence[Sequence[int]] | None = None,
                engine: str = "auto", must_beat: int | None = None) -> tuple[list[list[int]] | None, bool, int]:
    """Best routes (None if no feasible plan with all required visits), whether the search
    finished (optimality / infeasibility proven), and the number of labels expanded.

    ``must_beat``: only plans scoring more than this count (None when there is none); the search prunes
    with it from the first label, so proving that nothing beats a known plan is quick.

    ``engine``: "python" (this module), "numba" (``exact_kernel``, ~50x faster per label) or
    "auto" (numba when it is installed and the visited set fits a 62-bit mask)."""
    from .jit import HAVE_NUMBA

    if engine == "numba" or (engine == "auto" and HAVE_NUMBA and len(problem.visits) <= 62):
        from .exact_kernel import solve_compiled

        return solve_compiled(problem, time_limit, incumbent, must_beat)
    problem, t, tstar = compact(problem)
    m, n = problem.n_tours, len(problem.visits)
    tours = [TourData(problem, k, t) for k in range(m)]
    pts = [x.point for x in problem.visits]
    last_start = [[max((l for _, l, _ in tr.wins[v]), default=-1) for v in range(n)] for tr in tours]
    min_dur = [[min((d for _, _, d in tr.wins[v]), default=0) for v in range(n)] for tr in tours]
    req_mask = sum(1 << v for v in problem.required)
    score, weight, into, order, cap_after, avail_after = bound_data(problem, tours, tstar)
    tstar_end = [[tstar[p][tr.end] for p in range(len(t))] for tr in tours]
    K = m + 1
    best_val, best_path = -1, None
    deadline_clock = time.perf_counter() + time_limit
    seen: dict[tuple[int, int, int, int], tuple[int, int]] = {}
    expanded = 0
    finished = True
    if incumbent is not None:
        best_val, best_path = value_of(problem, incumbent, K)
    if floor_value(must_beat, K) > best_val:
        best_val, best_path = floor_value(must_beat, K), None

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
                # closure distances: the first or last leg may be a detour via a lunch venue
                x = tsa[pv] - into[v]
                if x < min_first:
                    min_first = x
                if tse[pv] < min_last:
                    min_last = tse[pv]
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
        ub = _knapsack_bound(order, items, weight, score, cap) + sc
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
    routes = routes_from_path(best_path, m) if best_path is not None else None
    return routes, finished, expanded


def _knapsack_bound(order: list[int], items: int, weight: list[int], score: list[int], cap: int) -> float:
    """Martello-Toth U2 bound of the 0/1 knapsack over ``items`` (tighter than Dantzig's
    fractional bound: the critical item is either left out, with the next one filling the
    gap fractionally, or forced in, pushing out part of the one before it)."""
    total = 0
    prev = -1
    it = iter(order)
    for v in it:
        if items >> v & 1:
            w = weight[v]
            if w <= cap:
                cap -= w
                total += score[v]
                prev = v
                continue
            # v is the critical item
            nxt = next((u for u in it if items >> u & 1), -1)
            out = total + (score[nxt] * cap / weight[nxt] if nxt >= 0 and weight[nxt] > 0 else 0)
            if prev >= 0 and weight[prev] > 0:
                inn = total + score[v] - (w - cap) * score[prev] / weight[prev]
            else:
                inn = total + score[v] if w <= cap else out
            return max(out, inn)
    return total
