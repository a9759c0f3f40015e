"""Exact solver for trips of two or three days: every set each day can hold, then the best combination.

Why this shape: a day holds 5-8 of a county's ~20 candidates, so the sets one day can hold number in
the thousands, and ``days_kernel.day_sets`` finds them all with their earliest schedules in
milliseconds. What is left is choosing one set per day, disjoint, with the highest total: for the last
day, the best set inside every subset of the candidates is one pass over the 2**n subsets (a "sum over
subsets" with max); the other days are enumerated, best first, with a bound that stops the search as
soon as nothing left can win. The branch and bound in ``exact`` proves the same optima but
takes seconds on a weekend trip over 17 candidates; this takes tens of milliseconds.

The objective is ``exact``'s: score first, then the number of breaks taken at a venue.
"""
from __future__ import annotations

import numpy as np

from .exact_prep import shortest_paths
from .jit import njit
from .pack import pack
from .problem import Problem

MAX_VISITS = 20  # the per-subset tables have 2**n entries
MAX_SETS = 60_000  # sets reached in one day beyond which the caller falls back (a size limit, not a clock)


@njit
def _values(masks, feas, ven, cnt, score, req, weight, big):
    out = np.full(cnt, -1, dtype=np.int64)
    for i in range(cnt):
        if feas[i]:
            m, s, r = masks[i], 0, 0
            for v in range(score.shape[0]):
                if (m >> v) & 1:
                    s += score[v]
                    r += (req >> v) & 1
            out[i] = s * weight + (1 if ven[i] else 0) + r * big
    return out


@njit
def _best_within(n, masks, vals, cnt):
    """G[M] = best value of a feasible set inside M (-1: none), A[M] = that set."""
    G = np.full(1 << n, -1, dtype=np.int64)
    A = np.full(1 << n, -1, dtype=np.int64)
    for i in range(cnt):
        if vals[i] >= 0:
            G[masks[i]] = vals[i]
            A[masks[i]] = masks[i]
    for b in range(n):
        bit = 1 << b
        for M in range(1 << n):
            if M & bit and G[M ^ bit] > G[M]:
                G[M] = G[M ^ bit]
                A[M] = A[M ^ bit]
    return G, A


@njit
def _combine(n, m0, v0, c0, m1, v1, c1, slot1, G, A, G1, three):
    """Best (value, set day 0, set day 1, set day 2); value -1 when no combination exists."""
    full = (1 << n) - 1
    best, b0, b1, b2 = -1, -1, -1, -1
    if not three:  # one look-up a set: a plain scan beats sorting them first
        top = -1  # on a tie, the most valuable first day, then the first set found
        for i in range(c0):
            if v0[i] >= 0:
                rest = G[full ^ m0[i]]
                if rest >= 0 and (v0[i] + rest > best or (v0[i] + rest == best and v0[i] > top)):
                    best, b0, b1, top = v0[i] + rest, m0[i], A[full ^ m0[i]], v0[i]
        return best, b0, b1, -1
    o0 = np.argsort(-v0[:c0], kind="mergesort")
    o1 = np.argsort(-v1[:c1], kind="mergesort")
    pair = -1  # the best two-day value of days 1 and 2 over all candidates: a bound for any s0
    for j in range(c1):
        if v1[j] >= 0 and G[full ^ m1[j]] >= 0 and v1[j] + G[full ^ m1[j]] > pair:
            pair = v1[j] + G[full ^ m1[j]]
    for i in o0:
        if v0[i] < 0 or pair < 0 or v0[i] + pair <= best:
            break
        s0 = m0[i]
        cap = G[full ^ s0]
        if cap < 0 or v0[i] + G1[full ^ s0] + cap <= best:
            continue  # the best of each other day beside s0, even overlapping, cannot win
        comp = full ^ s0
        free = 0
        for b in range(n):
            free += (comp >> b) & 1
        if (1 << free) < c1:
            # fewer subsets of what s0 leaves than sets of day 1: walk those subsets instead
            s1 = comp
            while True:
                j = slot1[s1]
                if j >= 0 and v1[j] >= 0:
                    g = G[comp ^ s1]
                    if g >= 0 and v0[i] + v1[j] + g > best:
                        best, b0, b1, b2 = v0[i] + v1[j] + g, s0, s1, A[comp ^ s1]
                if s1 == 0:
                    break
                s1 = (s1 - 1) & comp
            continue
        for j in o1:
            if v1[j] < 0 or v0[i] + v1[j] + cap <= best:
                break
            s1 = m1[j]
            if s1 & s0:
                continue
            g = G[full ^ s0 ^ s1]
            if g >= 0 and v0[i] + v1[j] + g > best:
                best, b0, b1, b2 = v0[i] + v1[j] + g, s0, s1, A[full ^ s0 ^ s1]
    return best, b0, b1, b2


def solve_days(problem: Problem, *, max_sets: int = MAX_SETS) -> tuple[list[list[int]] | None, bool]:
    """(routes, finished) for a problem of 2 or 3 tours: finished with routes None = proven infeasible;
    not finished = too large for this method (more than ``MAX_VISITS`` visits or ``max_sets`` sets a day)."""
    from .days_kernel import day_route, day_sets

    m, n = problem.n_tours, len(problem.visits)
    if m not in (2, 3) or n > MAX_VISITS:
        return None, False
    D = pack(problem)
    sp = shortest_paths(D[0])
    req = sum(1 << v for v in problem.required)
    weight = m + 1
    big = (int(D[2].sum()) + 1) * weight  # one more required visit outweighs any score
    days = []
    by_day: dict[bytes, tuple] = {}
    for k in range(m):
        # Two days with the same hours, ends and break hold the same sets (a weekend of identical days)
        key = b"|".join(np.ascontiguousarray(a[k]).tobytes() for a in D[4:])
        if key not in by_day:
            by_day[key] = day_sets(D, k, n, sp, max_sets)
        cnt, masks, feas, ven, slot, ptime, ppar = by_day[key]
        if cnt < 0:
            return None, False
        days.append((cnt, masks, _values(masks, feas, ven, cnt, D[2], req, weight, big), slot, ptime, ppar, ven))
    # the day with the most sets gets the one pass over all subsets; the others are enumerated, fewest outermost
    order = sorted(range(m), key=lambda k: (days[k][0], k))
    last = days[order[-1]]
    G, A = _best_within(n, last[1], last[2], last[0])
    d0, d1 = days[order[0]], days[order[1]]
    G1 = _best_within(n, d1[1], d1[2], d1[0])[0] if m == 3 else G
    best, *found = _combine(n, d0[1], d0[2], d0[0], d1[1], d1[2], d1[0], d1[3], G, A, G1, m == 3)
    if best < 0 or best // big < len(problem.required):
        return None, True
    sets = [0] * m
    for k, mask in zip(order, found):  # found has a third (unused) entry on two-day trips
        sets[k] = mask
    routes = []
    for k, mask in enumerate(sets):
        cnt, masks, vals, slot, ptime, ppar, ven = days[k]
        venue = bool(ven[slot[mask]])
        routes.append([int(v) for v in day_route(D, k, n, mask, venue, slot, ptime, ppar)])
    return routes, True
