"""Iterated local search kernel (numba-compiled when available).

Representation: ``R[k, :L[k]]`` is tour k's visit sequence; ``inr[v]`` the tour holding visit v
(-1 if unvisited).  Per position we keep the earliest schedule (``E`` end of service, ``W``
chosen window) and ``LA``, the latest arrival that keeps the rest of the tour feasible without
changing any chosen window.  An insertion is then checked in O(1): it is exact for single
windows (the benchmark) and conservative for several windows.  Tours with a break are
re-checked by a full evaluation (``route_ok``) before any insertion is accepted, because the
break-free check is only a relaxation there.

The search (Vansteenwegen et al. 2009 ILS, randomised) alternates a greedy insertion phase with
a "shake" that removes a run of consecutive visits from every tour, returning to the best
solution after a number of fruitless shakes.  All randomness comes from one xorshift state in
``st``, so a run is a pure function of (data, seed, iteration count).
"""
from __future__ import annotations

import numpy as np

from .ils_core import (ST_BEST, ST_ITER, ST_NOIMP, ST_SHAKE_R, ST_SHAKE_S, insert_at, refresh,
                       remove_at, rnd, route_ok, serve)
from .ils_moves import improve_tours
from .jit import njit

TOP = 8


@njit
def insertion_phase(D, R, L, inr, E, W, LA, st, gain, power):
    """Insert the best score^power/shift candidate until nothing fits.

    One scan keeps the TOP best (visit, tour, position) triples; they are tried best first
    (with probability 1/3 a random one of them first, for diversity), so a candidate rejected
    by the full break check costs no rescan."""
    T, vp, nw, WE, WL, WD, ts, te, t0, hb = D[0], D[1], D[4], D[5], D[6], D[7], D[8], D[9], D[10], D[12]
    m = R.shape[0]
    n = vp.shape[0]
    top_r = np.empty(TOP)
    top_c = np.empty(TOP, dtype=np.int64)
    top_k = np.empty(TOP, dtype=np.int64)
    top_p = np.empty(TOP, dtype=np.int64)
    # Adding visits only tightens a tour, so a candidate that fits nowhere in tour k stays
    # out of it for the rest of this phase (exact under the triangle inequality); "dead" also
    # holds candidates the full break check refused.
    dead = np.zeros((m, n), dtype=np.bool_)
    while True:
        nt = 0
        for c in range(n):
            if inr[c] >= 0:
                continue
            pc = vp[c]
            for k in range(m):
                if nw[k, c] == 0 or dead[k, c]:
                    continue
                alive = False
                dep = t0[k]
                prev = ts[k]
                for p in range(L[k] + 1):
                    if p > 0:
                        dep = E[k, p - 1]
                        prev = vp[R[k, p - 1]]
                    nxt = te[k] if p == L[k] else vp[R[k, p]]
                    s, e, w = serve(nw, WE, WL, WD, k, c, dep + T[prev, pc])
                    if e < 0:
                        continue
                    arr = e + T[pc, nxt]
                    if arr > LA[k, p]:
                        continue
                    alive = True
                    shift = arr - (dep + T[prev, nxt])
                    ratio = (gain[c] ** power) / ((shift if shift > 0 else 0) + 1.0)  # shift < 0 without triangle ineq.
                    if nt < TOP:
                        q = nt
                        nt += 1
                    else:
                        q = 0
                        for u in range(1, TOP):
                            if top_r[u] < top_r[q]:
                                q = u
                        if ratio <= top_r[q]:
                            continue
                    top_r[q] = ratio
                    top_c[q] = c
                    top_k[q] = k
                    top_p[q] = p
                if not alive:
                    dead[k, c] = True
        if nt == 0:
            return
        # best first (insertion sort on at most TOP entries)
        for a in range(1, nt):
            u = a
            while u > 0 and top_r[u] > top_r[u - 1]:
                top_r[u], top_r[u - 1] = top_r[u - 1], top_r[u]
                top_c[u], top_c[u - 1] = top_c[u - 1], top_c[u]
                top_k[u], top_k[u - 1] = top_k[u - 1], top_k[u]
                top_p[u], top_p[u - 1] = top_p[u - 1], top_p[u]
                u -= 1
        if nt > 1 and rnd(st) % 3 == 0:
            u = 1 + rnd(st) % min(nt - 1, 2)
            top_c[0], top_c[u] = top_c[u], top_c[0]
            top_k[0], top_k[u] = top_k[u], top_k[0]
            top_p[0], top_p[u] = top_p[u], top_p[0]
        for q in range(nt):
            c, k, p = top_c[q], top_k[q], top_p[q]
            insert_at(R, L, inr, k, p, c)
            if hb[k] and not route_ok(D, k, R[k], L[k]):
                remove_at(R, L, inr, k, p)
                dead[k, c] = True
                continue
            refresh(D, k, R, L, E, W, LA)
            break  # the tour changed: the other entries are stale, rescan


@njit
def shake(D, R, L, inr, E, W, LA, st):
    """Remove S consecutive visits from every tour, starting at position R."""
    m = R.shape[0]
    s_len = st[ST_SHAKE_S]
    for k in range(m):
        n = L[k]
        if n == 0:
            continue
        start = st[ST_SHAKE_R] % n
        keep = R[k, :n].copy()
        kept = 0
        for i in range(n):
            off = (i - start) % n
            c = keep[i]
            # required visits are shaken out too (their gain puts them back first): a greedy
            # first placement of a required visit must not be frozen forever
            if off < s_len:
                inr[c] = -1
            else:
                R[k, kept] = c
                kept += 1
        L[k] = kept
        if not refresh(D, k, R, L, E, W, LA) or (D[12][k] and not route_ok(D, k, R[k], L[k])):
            # removal broke the triangle inequality somewhere: put the tour back as it was
            for i in range(n):
                R[k, i] = keep[i]
                inr[keep[i]] = k
            L[k] = n
            refresh(D, k, R, L, E, W, LA)


@njit
def objective(R, L, gain):
    tot = 0
    for k in range(R.shape[0]):
        for p in range(L[k]):
            tot += gain[R[k, p]]
    return tot


@njit
def ils_run(D, R, L, inr, BR, BL, st, gain, n_iter, restart_after, max_shake, improve_period,
            improve_margin):
    """Run ``n_iter`` more iterations, keeping the best in (BR, BL); state lives in the arrays."""
    m = R.shape[0]
    n = gain.shape[0]
    E = np.zeros((m, n + 1), dtype=np.int64)
    W = np.zeros((m, n + 1), dtype=np.int64)
    LA = np.zeros((m, n + 2), dtype=np.int64)
    for k in range(m):
        refresh(D, k, R, L, E, W, LA)
    for _ in range(n_iter):
        power = 1.0 + (rnd(st) % 2)
        insertion_phase(D, R, L, inr, E, W, LA, st, gain, power)
        val = objective(R, L, gain)
        # Shortening tours is worth its cost only on solutions close to the best one.
        if improve_period > 0 and st[ST_ITER] % improve_period == 0 and \
                val * 1000 >= st[ST_BEST] * (1000 - improve_margin):
            if improve_tours(D, R, L, E, W, LA, 50):
                insertion_phase(D, R, L, inr, E, W, LA, st, gain, power)
                val = objective(R, L, gain)
        st[ST_ITER] += 1
        if val > st[ST_BEST]:
            st[ST_BEST] = val
            BR[:, :] = R
            BL[:] = L
            st[ST_NOIMP] = 0
            st[ST_SHAKE_S] = 1
        else:
            st[ST_NOIMP] += 1
            if st[ST_NOIMP] % restart_after == 0:
                R[:, :] = BR
                L[:] = BL
                for c in range(n):
                    inr[c] = -1
                for k in range(m):
                    for p in range(L[k]):
                        inr[R[k, p]] = k
                    refresh(D, k, R, L, E, W, LA)
        shake(D, R, L, inr, E, W, LA, st)
        st[ST_SHAKE_R] += st[ST_SHAKE_S]
        st[ST_SHAKE_S] += 1
        if st[ST_SHAKE_S] > max_shake:
            st[ST_SHAKE_S] = 1
        if st[ST_SHAKE_R] > 1 << 40:
            st[ST_SHAKE_R] = 0
    return st[ST_BEST]
