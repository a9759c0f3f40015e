"""Primitives shared by the compiled kernels: random numbers, window choice, schedules.

``D`` is the tuple built by ``pack.pack`` (travel, visit points/scores/required, windows
per tour, tour ends and times, break and venue arrays); every function here is a plain loop
over those arrays so numba can compile it (``jit.njit``).
"""
from __future__ import annotations

import numpy as np

from .jit import njit

# st (int64 state vector) layout
ST_RNG, ST_BEST, ST_ITER, ST_NOIMP, ST_SHAKE_S, ST_SHAKE_R = 0, 1, 2, 3, 4, 5
ST_SIZE = 6


@njit
def rnd(st):
    """xorshift64 step; returns a non-negative int < 2**62."""
    x = st[ST_RNG]
    x ^= (x << 13) & 0x7FFFFFFFFFFFFFFF
    x ^= x >> 7
    x ^= (x << 17) & 0x7FFFFFFFFFFFFFFF
    x &= 0x7FFFFFFFFFFFFFFF
    if x == 0:
        x = 88172645463325252
    st[ST_RNG] = x
    return x >> 1


@njit
def serve(nw, WE, WL, WD, k, c, ready):
    """(start, end, window) ending earliest for visit c reached at ``ready``; end = -1 if none."""
    best_s, best_e, best_w = -1, -1, -1
    for w in range(nw[k, c]):
        if ready <= WL[k, c, w]:
            s = ready if ready > WE[k, c, w] else WE[k, c, w]
            e = s + WD[k, c, w]
            if best_e < 0 or e < best_e:
                best_s, best_e, best_w = s, e, w
    return best_s, best_e, best_w


@njit
def run_from(D, k, route, n, g, ready):
    """Return time when service at node g may start at ``ready`` (g == n: arrival home); -1 if infeasible."""
    T, vp, nw, WE, WL, WD, te, dl = D[0], D[1], D[4], D[5], D[6], D[7], D[9], D[11]
    dep = ready
    for i in range(g, n):
        c = route[i]
        if i > g:
            ready = dep + T[vp[route[i - 1]], vp[c]]
        s, e, w = serve(nw, WE, WL, WD, k, c, ready)
        if e < 0:
            return -1
        dep = e
    if g >= n:
        back = ready
    else:
        back = dep + T[vp[route[n - 1]], te[k]]
    if back > dl[k]:
        return -1
    return back


@njit
def venue_done(D, k, j, arr):
    """End of the earliest break at venue j of tour k reached at ``arr`` (-1: none fits)."""
    bd, blo, bhi, nvo, VO, VC = D[13], D[14], D[15], D[19], D[20], D[21]
    best = -1
    for o in range(nvo[k, j]):
        s = max(arr, blo[k], VO[k, j, o])
        if s + bd[k] <= min(VC[k, j, o], bhi[k]) and (best < 0 or s < best):
            best = s
    return best + bd[k] if best >= 0 else -1


@njit
def route_ok(D, k, route, n):
    """Full feasibility of a tour, the break included (any placement will do).

    The break-free pass gives the departures; breaks taken in place only add time, but a detour
    through a venue can beat a direct arc when travel breaks the triangle inequality, so venue
    placements are tried up to the first stop the break-free pass could not serve."""
    T, vp, nw, WE, WL, WD, ts, te, t0, dl = D[0], D[1], D[4], D[5], D[6], D[7], D[8], D[9], D[10], D[11]
    hb, bd, blo, bhi, bip, nv, VP = D[12], D[13], D[14], D[15], D[16], D[17], D[18]
    deps = np.empty(n + 1 if hb[k] else 0, dtype=np.int64)  # only tours with a break need them
    dep = t0[k]
    prev = ts[k]
    f = n
    ok = True
    for i in range(n):
        c = route[i]
        s, e, w = serve(nw, WE, WL, WD, k, c, dep + T[prev, vp[c]])
        if e < 0:
            f = i
            ok = False
            break
        if hb[k]:
            deps[i] = e
        dep = e
        prev = vp[c]
    if ok:
        ok = dep + T[prev, te[k]] <= dl[k]
    if not hb[k]:
        return ok
    if not ok and nv[k] == 0:
        return False
    for g in range(f + 1):
        pa = ts[k] if g == 0 else vp[route[g - 1]]
        pb = te[k] if g == n else vp[route[g]]
        dep = t0[k] if g == 0 else deps[g - 1]
        if bip[k] and ok:
            arr = dep + T[pa, pb]
            s = arr if arr > blo[k] else blo[k]
            if s + bd[k] <= bhi[k] and run_from(D, k, route, n, g, s + bd[k]) >= 0:
                return True
            s = dep if dep > blo[k] else blo[k]
            if s + bd[k] <= bhi[k] and run_from(D, k, route, n, g, s + bd[k] + T[pa, pb]) >= 0:
                return True
        for j in range(nv[k]):
            done = venue_done(D, k, j, dep + T[pa, VP[k, j]])
            if done >= 0 and run_from(D, k, route, n, g, done + T[VP[k, j], pb]) >= 0:
                return True
    return False


@njit
def refresh(D, k, R, L, E, W, LA):
    """Recompute the break-free earliest schedule and latest arrivals of tour k; False if infeasible."""
    T, vp, nw, WE, WL, WD, ts, te, t0, dl = D[0], D[1], D[4], D[5], D[6], D[7], D[8], D[9], D[10], D[11]
    n = L[k]
    dep = t0[k]
    prev = ts[k]
    for p in range(n):
        c = R[k, p]
        s, e, w = serve(nw, WE, WL, WD, k, c, dep + T[prev, vp[c]])
        if e < 0:
            return False
        E[k, p] = e
        W[k, p] = w
        dep = e
        prev = vp[c]
    if dep + T[prev, te[k]] > dl[k]:
        return False
    LA[k, n] = dl[k]
    nxt = te[k]
    lat = dl[k]
    for p in range(n - 1, -1, -1):
        c = R[k, p]
        w = W[k, p]
        ls = lat - T[vp[c], nxt] - WD[k, c, w]
        if WL[k, c, w] < ls:
            ls = WL[k, c, w]
        LA[k, p] = ls
        lat = ls
        nxt = vp[c]
    return True


@njit
def insert_at(R, L, inr, k, p, c):
    for i in range(L[k], p, -1):
        R[k, i] = R[k, i - 1]
    R[k, p] = c
    L[k] += 1
    inr[c] = k


@njit
def remove_at(R, L, inr, k, p):
    inr[R[k, p]] = -1
    for i in range(p, L[k] - 1):
        R[k, i] = R[k, i + 1]
    L[k] -= 1
