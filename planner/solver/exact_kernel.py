"""Compiled twin of ``exact.py``'s branch and bound (same search, same bound, same answers).

Written as plain loops over the arrays of ``pack.pack`` so numba can compile it; the
pure-Python search in ``exact.py`` stays the reference and the fallback without numba, and
the tests check that both return the same optimum.  Labels live in a growable pool (one row
per label: tour, last visit, point, departure, visited mask, break pending, score, venue
bonus, parent row) so the winning route is read back through parent rows.
"""
from __future__ import annotations

import time

import numpy as np

from . import label_table
from .exact_prep import TourData, bound_data, compact, floor_value, routes_from_path, value_of
from .ils_core import serve, venue_done
from .jit import HAVE_NUMBA, njit
from .pack import pack
from .problem import Problem

if HAVE_NUMBA:
    from numba import njit as _plain_njit
    from numba import objmode
else:  # pragma: no cover
    objmode = _plain_njit = None

F_K, F_LAST, F_PT, F_DEP, F_MASK, F_PEND, F_SC, F_BON, F_PAR = range(9)


if HAVE_NUMBA:
    @_plain_njit(cache=True)  # no nogil: the object-mode block holds the GIL anyway
    def _clock():
        with objmode(t="float64"):  # the only way to read the clock from compiled code
            t = time.perf_counter()
        return t
else:  # pragma: no cover
    def _clock():
        return time.perf_counter()


@njit
def _set(row, k, last, pt, dep, mask, pend, sc, bonus, parent):
    row[0], row[1], row[2], row[3], row[4] = k, last, pt, dep, mask
    row[5], row[6], row[7], row[8] = pend, sc, bonus, parent


@njit
def _lunch_between(D, k, a, dep, b, after, vdone):
    """Ready time at point b after the break between a (left at dep) and b: (in place, venue), -1 where none
    fits (``exact._lunch_then``), from the parts that do not depend on b: ``after``, the end of an in-place
    break taken before leaving a (-1: none fits), and ``vdone[j]``, where venue j's break ends (-1: none)."""
    T, bd, blo, bhi, bip, nv, VP = D[0], D[13], D[14], D[15], D[16], D[17], D[18]
    inplace = -1
    venue = -1
    if bip[k]:
        arr = dep + T[a, b]
        s = arr if arr > blo[k] else blo[k]
        if s + bd[k] <= bhi[k]:
            inplace = s + bd[k]
        elif after >= 0:
            inplace = after + T[a, b]
    for j in range(nv[k]):
        if vdone[j] >= 0:
            r = vdone[j] + T[VP[k, j], b]
            if venue < 0 or r < venue:
                venue = r
    return inplace, venue


@njit
def _bound(order, items, weight, score, cap):
    """Martello-Toth U2 knapsack bound (see exact._knapsack_bound)."""
    total = 0.0
    prev = -1
    n = order.shape[0]
    for i in range(n):
        v = order[i]
        if not (items >> v) & 1:
            continue
        w = weight[v]
        if w <= cap:
            cap -= w
            total += score[v]
            prev = v
            continue
        nxt = -1
        for q in range(i + 1, n):
            if (items >> order[q]) & 1:
                nxt = order[q]
                break
        out = total
        if nxt >= 0 and weight[nxt] > 0:
            out += score[nxt] * cap / weight[nxt]
        inn = out
        if prev >= 0 and weight[prev] > 0:
            inn = total + score[v] - (w - cap) * score[prev] / weight[prev]
        return max(out, inn)
    return total


@njit
def _push(pool, size, row):
    if size == pool.shape[0]:
        bigger = np.empty((2 * pool.shape[0], 9), dtype=np.int64)
        bigger[:size] = pool[:size]
        pool = bigger
    pool[size] = row
    return pool, size + 1


@njit
def dfs(D, TS, TSE, LS, MD, score, weight, into, order, cap_after, avail_after, avail, has_lunch,
        req_mask, best_val, time_limit, later_opt, nearest_in):
    """Returns (best value, best label row or -1, finished, expanded, label pool).
    ``nearest_in[v]``: the other visits by their shortest way into v, nearest first."""
    T, vp, ts, te, t0, dl, bd, blo, bhi, nv = D[0], D[1], D[8], D[9], D[10], D[11], D[13], D[14], D[15], D[17]
    VP = D[18]
    m = t0.shape[0]
    n = vp.shape[0]
    K = m + 1
    stop = _clock() + time_limit
    pool = np.empty((1024, 9), dtype=np.int64)
    size = 0
    stack = np.empty(1024, dtype=np.int64)
    top = 0
    seen = label_table.new(4096)
    row = np.empty(9, dtype=np.int64)
    _set(row, 0, -1, ts[0], t0[0], 0, 1 if has_lunch[0] else 0, 0, 0, -1)
    pool, size = _push(pool, size, row)
    stack[top] = 0
    top += 1
    best_row = -1
    expanded = 0
    finished = True
    kid_e = np.empty(3 * n + 1, dtype=np.int64)
    kid_v = np.empty(3 * n + 1, dtype=np.int64)
    kid_s = np.empty(3 * n + 1, dtype=np.int64)
    kid_b = np.empty(3 * n + 1, dtype=np.int64)
    kid_key = np.empty(3 * n + 1)
    dyn_w = np.zeros(n, dtype=np.int64)
    dyn_order = np.empty(n, dtype=np.int64)
    dyn_key = np.empty(n)
    vdone = np.empty(max(D[17].max(), 1), dtype=np.int64)
    while top > 0:
        top -= 1
        li = stack[top]
        k, a, dep, mask, pending = pool[li, F_K], pool[li, F_PT], pool[li, F_DEP], pool[li, F_MASK], pool[li, F_PEND]
        sc, bonus = pool[li, F_SC], pool[li, F_BON]
        expanded += 1
        if (expanded & 1023) == 0 and _clock() > stop:
            finished = False
            break
        nk = 0
        reach = 0
        min_first = 1 << 60
        min_last = 1 << 60
        after = -1  # break taken before leaving here (in place), and where each venue's break ends: the same
        if pending:  # whichever visit comes next, so worked out once per label (not once per visit)
            s = dep if dep > blo[k] else blo[k]
            if s + bd[k] <= bhi[k]:
                after = s + bd[k]
            for j in range(nv[k]):
                vdone[j] = venue_done(D, k, j, dep + T[a, VP[k, j]])
        for v in range(n):
            bit = 1 << v
            if mask & bit or not (avail[k] & bit):
                continue
            pv = vp[v]
            if dep + TS[a, pv] > LS[k, v] or dep + TS[a, pv] + MD[k, v] + TSE[k, pv] > dl[k]:
                continue
            reach |= bit
            # closure distances: the first or last leg may be a detour via a lunch venue
            x = TS[a, pv] - into[v]
            if x < min_first:
                min_first = x
            if TSE[k, pv] < min_last:
                min_last = TSE[k, pv]
            s0, e, w0 = serve(D[4], D[5], D[6], D[7], k, v, dep + T[a, pv])
            if e >= 0 and e + TSE[k, pv] <= dl[k]:
                if not pending:
                    kid_e[nk], kid_v[nk], kid_s[nk], kid_b[nk] = e, v, 0, 0
                    nk += 1
                elif max(e, blo[k]) + bd[k] <= bhi[k]:
                    kid_e[nk], kid_v[nk], kid_s[nk], kid_b[nk] = e, v, 1, 0
                    nk += 1
            if pending:
                inplace, venue = _lunch_between(D, k, a, dep, pv, after, vdone)
                if inplace >= 0:
                    s2, e2, w2 = serve(D[4], D[5], D[6], D[7], k, v, inplace)
                    if e2 >= 0 and e2 + TSE[k, pv] <= dl[k]:
                        kid_e[nk], kid_v[nk], kid_s[nk], kid_b[nk] = e2, v, 0, 0
                        nk += 1
                if venue >= 0:
                    s2, e2, w2 = serve(D[4], D[5], D[6], D[7], k, v, venue)
                    if e2 >= 0 and e2 + TSE[k, pv] <= dl[k]:
                        kid_e[nk], kid_v[nk], kid_s[nk], kid_b[nk] = e2, v, 0, 1
                        nk += 1
        if req_mask & ~mask & ~reach & ~avail_after[k + 1]:
            continue
        items = reach | (avail_after[k + 1] & ~mask)
        cap = dl[k] - dep - (bd[k] if pending else 0)
        if reach:
            cap -= max(0, min_first) + min_last
        cap = max(cap, 0)
        ub = sc + _bound(order, items, weight, score, cap + cap_after[k + 1])
        room = bonus + (1 if pending and nv[k] > 0 else 0)
        for kk in range(k + 1, m):
            if nv[kk] > 0:
                room += 1
        if np.int64(np.floor(ub + 1e-9)) * K + room <= best_val:
            continue  # the cheap bound already prunes: the tighter one below could only agree
        # This tour alone, with each visit's way in priced from the places still in play (not
        # from sites already used or out of reach): later tours add at most their own optimum.
        nr = 0
        for v in range(n):
            if (reach >> v) & 1:
                best_in = TS[a, vp[v]]
                for j in range(n - 1):  # the nearest one still in reach is the cheapest way in
                    u = nearest_in[v, j]
                    if TS[vp[u], vp[v]] >= best_in:
                        break
                    if (reach >> u) & 1:
                        best_in = TS[vp[u], vp[v]]
                        break
                dyn_w[v] = MD[k, v] + best_in
                dyn_order[nr] = v
                dyn_key[nr] = score[v] / max(dyn_w[v], 1e-9)
                j = nr
                while j > 0 and dyn_key[j] > dyn_key[j - 1]:
                    dyn_key[j], dyn_key[j - 1] = dyn_key[j - 1], dyn_key[j]
                    dyn_order[j], dyn_order[j - 1] = dyn_order[j - 1], dyn_order[j]
                    j -= 1
                nr += 1
        if nr > 0:
            cap1 = dl[k] - dep - (bd[k] if pending else 0) - min_last
            # the first arc out of here exceeds the first visit's priced way in by >= 0
            alone = sc + _bound(dyn_order[:nr], reach, dyn_w, score, max(cap1, 0)) + later_opt[k + 1]
            ub = min(ub, alone)
        elif k + 1 < m:
            ub = min(ub, sc + later_opt[k + 1])
        if np.int64(np.floor(ub + 1e-9)) * K + room <= best_val:
            continue
        # close the tour here
        end_val = -1
        if not pending:
            if dep + T[a, te[k]] <= dl[k]:
                end_val = bonus
        else:
            inplace, venue = _lunch_between(D, k, a, dep, te[k], after, vdone)
            if 0 <= venue <= dl[k]:
                end_val = bonus + 1
            elif 0 <= inplace <= dl[k]:
                end_val = bonus
        if end_val >= 0:
            if k + 1 == m:
                val = sc * K + end_val
                if val > best_val and not (req_mask & ~mask):
                    best_val = val
                    best_row = li
            else:
                pend = 1 if has_lunch[k + 1] else 0
                kb = ((k + 1) << 1) | pend  # v = -1: the tour's start
                at = label_table.slot(seen[0], seen[1], mask, kb)
                if seen[0][at] == -1 or seen[3][at] < end_val:
                    seen = label_table.put(seen, at, mask, kb, t0[k + 1], end_val)
                    _set(row, k + 1, -1, ts[k + 1], t0[k + 1], mask, pend, sc, end_val, li)
                    pool, size = _push(pool, size, row)
                    if top == stack.shape[0]:
                        stack = np.concatenate((stack, np.empty(stack.shape[0], dtype=np.int64)))
                    stack[top] = size - 1
                    top += 1
        # children, best score per minute explored first (pushed last)
        for i in range(nk):
            kid_key[i] = score[kid_v[i]] / (kid_e[i] - dep + 1.0)
        for i in range(1, nk):
            j = i
            while j > 0 and kid_key[j] < kid_key[j - 1]:
                kid_key[j], kid_key[j - 1] = kid_key[j - 1], kid_key[j]
                kid_e[j], kid_e[j - 1] = kid_e[j - 1], kid_e[j]
                kid_v[j], kid_v[j - 1] = kid_v[j - 1], kid_v[j]
                kid_s[j], kid_s[j - 1] = kid_s[j - 1], kid_s[j]
                kid_b[j], kid_b[j - 1] = kid_b[j - 1], kid_b[j]
                j -= 1
        for i in range(nk):
            v, e, still, nb = kid_v[i], kid_e[i], kid_s[i], bonus + kid_b[i]
            nmask = mask | (1 << v)
            kb = ((v + 1) << 8) | (k << 1) | still
            at = label_table.slot(seen[0], seen[1], nmask, kb)
            if seen[0][at] != -1 and seen[2][at] <= e and seen[3][at] >= nb:
                continue
            seen = label_table.put(seen, at, nmask, kb, e, nb)
            _set(row, k, v, vp[v], e, nmask, still, sc + score[v], nb, li)
            pool, size = _push(pool, size, row)
            if top == stack.shape[0]:
                stack = np.concatenate((stack, np.empty(stack.shape[0], dtype=np.int64)))
            stack[top] = size - 1
            top += 1
    return best_val, best_row, finished, expanded, pool[:size]


def solve_compiled(problem: Problem, time_limit: float, incumbent,
                   must_beat: int | None = None) -> tuple[list[list[int]] | None, bool, int]:
    """The compiled search on ``problem`` (see ``exact.solve_exact``)."""
    m, n = problem.n_tours, len(problem.visits)
    K = m + 1
    best_val, best_path = value_of(problem, incumbent, K) if incumbent is not None else (-1, None)
    if floor_value(must_beat, K) > best_val:
        best_val, best_path = floor_value(must_beat, K), None
    problem, t, tstar = compact(problem)
    D = pack(problem)
    tours = [TourData(problem, k, t) for k in range(m)]
    TS = np.array(tstar, dtype=np.int64)
    TSE = np.array([[tstar[p][tr.end] for p in range(len(t))] for tr in tours], dtype=np.int64).reshape(m, len(t))
    LS = np.array([[max((l for _, l, _ in tr.wins[v]), default=-1) for v in range(n)] for tr in tours],
                  dtype=np.int64).reshape(m, n)
    MD = np.array([[min((d for _, _, d in tr.wins[v]), default=0) for v in range(n)] for tr in tours],
                  dtype=np.int64).reshape(m, n)
    score, weight, into, order, cap_after, avail_after = bound_data(problem, tours, tstar)
    routes_val, row, finished, expanded, pool = dfs(
        D, TS, TSE, LS, MD, np.array(score, dtype=np.int64), np.array(weight, dtype=np.int64),
        np.array(into, dtype=np.int64), np.array(order, dtype=np.int64), np.array(cap_after, dtype=np.int64),
        np.array(avail_after, dtype=np.int64), np.array([tr.avail for tr in tours], dtype=np.int64),
        np.array([tr.lunch is not None for tr in tours]), sum(1 << v for v in problem.required),
        best_val, float(time_limit), _later_optima(problem, time_limit), _nearest_in(TS, D[1]))
    if row < 0:
        return (routes_from_path(best_path, m) if best_path is not None else None), bool(finished), int(expanded)
    routes: list[list[int]] = [[] for _ in range(m)]
    while row >= 0:
        if pool[row, F_LAST] >= 0:
            routes[int(pool[row, F_K])].append(int(pool[row, F_LAST]))
        row = int(pool[row, F_PAR])
    return [r[::-1] for r in routes], bool(finished), int(expanded)


def _nearest_in(TS, vp):
    """Row v: the other visits ordered by their shortest way into v (the bound asks for the nearest in reach at
    every label; sorted once, it is usually the first or second looked at, not a scan of all)."""
    n = vp.shape[0]
    if n < 2:
        return np.zeros((n, 1), dtype=np.int64)
    # row v: every visit by its way into v (stable: ties in index order), then v itself taken out
    order = np.argsort(TS[np.ix_(vp, vp)].T, axis=1, kind="stable")
    return order[order != np.arange(n)[:, None]].reshape(n, n - 1).astype(np.int64)


def _later_optima(problem: Problem, time_limit: float):
    """later[k] = sum over tours k.. of each tour's optimum on its own with every site free (a
    bound on what tours k.. can add, far tighter than a knapsack over their hours); a tour
    whose own solve does not finish in time falls back to +inf, i.e. no extra bound."""
    from dataclasses import replace

    m = problem.n_tours
    later = np.zeros(m + 1, dtype=np.float64)
    for k in range(m - 1, 0, -1):
        single = Problem(problem.travel, tuple(replace(v, windows=(v.windows[k],), required=False)
                                                for v in problem.visits), (problem.tours[k],))
        routes, finished, _ = solve_compiled(single, time_limit / (2 * m), None)
        best = sum(problem.visits[v].score for r in routes for v in r) if routes and finished else np.inf
        later[k] = later[k + 1] + best
    return later
