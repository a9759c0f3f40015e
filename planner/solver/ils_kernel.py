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
def route_ok(D, k, route, n):
    """Full feasibility of a tour, the break included (any placement will do)."""
    T, vp, ts, t0 = D[0], D[1], D[8], D[10]
    hb, bd, blo, bhi, bip, nv, VP, nvo, VO, VC = D[12], D[13], D[14], D[15], D[16], D[17], D[18], D[19], D[20], D[21]
    first = t0[k] + T[ts[k], vp[route[0]]] if n > 0 else t0[k] + T[ts[k], D[9][k]]
    if run_from(D, k, route, n, 0, first) < 0:
        return False
    if not hb[k]:
        return True
    dep = t0[k]
    for g in range(n + 1):
        pa = ts[k] if g == 0 else vp[route[g - 1]]
        pb = D[9][k] if g == n else vp[route[g]]
        if g > 0:  # departure from node g-1 in the break-free schedule
            dep = _dep_at(D, k, route, g - 1)
        if bip[k]:
            arr = dep + T[pa, pb]
            s = arr if arr > blo[k] else blo[k]
            if s + bd[k] <= bhi[k] and run_from(D, k, route, n, g, s + bd[k]) >= 0:
                return True
            s = dep if dep > blo[k] else blo[k]
            if s + bd[k] <= bhi[k] and run_from(D, k, route, n, g, s + bd[k] + T[pa, pb]) >= 0:
                return True
        for j in range(nv[k]):
            arr = dep + T[pa, VP[k, j]]
            for o in range(nvo[k, j]):
                s = max(arr, blo[k], VO[k, j, o])
                if s + bd[k] <= min(VC[k, j, o], bhi[k]):
                    if run_from(D, k, route, n, g, s + bd[k] + T[VP[k, j], pb]) >= 0:
                        return True
                    break
    return False


@njit
def _dep_at(D, k, route, upto):
    T, vp, nw, WE, WL, WD, ts, t0 = D[0], D[1], D[4], D[5], D[6], D[7], D[8], D[10]
    dep = t0[k]
    prev = ts[k]
    for i in range(upto + 1):
        c = route[i]
        s, e, w = serve(nw, WE, WL, WD, k, c, dep + T[prev, vp[c]])
        dep = e
        prev = vp[c]
    return dep


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
def _pt(D, k, R, L, i):
    """Point of position i in tour k; -1 and L[k] are the start and end points."""
    if i < 0:
        return D[8][k]
    if i >= L[k]:
        return D[9][k]
    return D[1][R[k, i]]


@njit
def _bounds(D, k, c):
    """(earliest opening, latest start, shortest service) of visit c over its windows on tour k."""
    nw, WE, WL, WD = D[4], D[5], D[6], D[7]
    e, l, d = WE[k, c, 0], WL[k, c, 0], WD[k, c, 0]
    for w in range(1, nw[k, c]):
        e = min(e, WE[k, c, w])
        l = max(l, WL[k, c, w])
        d = min(d, WD[k, c, w])
    return e, l, d


@njit
def two_opt(D, k, R, L, E, W, LA):
    """First-improvement segment reversal on travel time, keeping the tour feasible.

    A reversed segment visits R[j] before R[j-1]; once that pair is impossible even with the
    loosest windows, every longer segment from the same i is too, so the j loop stops there."""
    T, vp = D[0], D[1]
    n = L[k]
    for i in range(n - 1):
        a = _pt(D, k, R, L, i - 1)
        ri = _pt(D, k, R, L, i)
        dep = D[10][k] if i == 0 else E[k, i - 1]
        fwd = 0
        bwd = 0
        for j in range(i + 1, n):
            cj, cp = R[k, j], R[k, j - 1]
            ej, lj, dj = _bounds(D, k, cj)
            ep, lp, dp = _bounds(D, k, cp)
            if ej + dj + T[vp[cj], vp[cp]] > lp:
                break
            rj, rp = vp[cj], vp[cp]
            fwd += T[rp, rj]
            bwd += T[rj, rp]
            if dep + T[a, rj] > lj:
                continue
            b = _pt(D, k, R, L, j + 1)
            delta = T[a, rj] + T[ri, b] + bwd - T[a, ri] - T[rj, b] - fwd
            if delta < 0:
                R[k, i:j + 1] = R[k, i:j + 1][::-1].copy()
                if route_ok(D, k, R[k], n):
                    refresh(D, k, R, L, E, W, LA)
                    return True
                R[k, i:j + 1] = R[k, i:j + 1][::-1].copy()
    return False


@njit
def relocate(D, k, R, L, E, W, LA):
    """First-improvement move of one visit elsewhere in its tour, on travel time.

    Sufficient O(1) test first: x served after the old departure from its new predecessor
    must let the new successor arrive by its latest arrival (removing x elsewhere only helps
    when travel obeys the triangle inequality); the full check confirms."""
    T, vp, nw, WE, WL, WD = D[0], D[1], D[4], D[5], D[6], D[7]
    n = L[k]
    for i in range(n):
        a = _pt(D, k, R, L, i - 1)
        x = _pt(D, k, R, L, i)
        b = _pt(D, k, R, L, i + 1)
        gain = T[a, x] + T[x, b] - T[a, b]
        if gain <= 0:
            continue
        c = R[k, i]
        for j in range(n + 1):
            if j == i or j == i + 1:
                continue
            p = _pt(D, k, R, L, j - 1)
            q = _pt(D, k, R, L, j)
            if T[p, x] + T[x, q] - T[p, q] >= gain:
                continue
            dep = D[10][k] if j == 0 else E[k, j - 1]
            s0, e0, w0 = serve(nw, WE, WL, WD, k, c, dep + T[p, x])
            if e0 < 0 or e0 + T[x, q] > LA[k, j]:
                continue
            if j < i:
                for u in range(i, j, -1):
                    R[k, u] = R[k, u - 1]
                R[k, j] = c
            else:
                for u in range(i, j - 1):
                    R[k, u] = R[k, u + 1]
                R[k, j - 1] = c
            if route_ok(D, k, R[k], n):
                refresh(D, k, R, L, E, W, LA)
                return True
            if j < i:
                for u in range(j, i):
                    R[k, u] = R[k, u + 1]
                R[k, i] = c
            else:
                for u in range(j - 1, i, -1):
                    R[k, u] = R[k, u - 1]
                R[k, i] = c
    return False


@njit
def improve_tours(D, R, L, E, W, LA, max_moves):
    """Shorten every tour (2-opt, relocate) to make room; True if anything changed."""
    changed = False
    for k in range(R.shape[0]):
        for _ in range(max_moves):
            if two_opt(D, k, R, L, E, W, LA) or relocate(D, k, R, L, E, W, LA):
                changed = True
            else:
                break
    return changed


@njit
def shake(D, R, L, inr, E, W, LA, req, st, scatter):
    """Remove S non-required visits from every tour: S consecutive ones from position R, or
    (``scatter``) each visit with probability S / length."""
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
            if scatter:
                drop = rnd(st) % n < s_len
            else:
                drop = off < s_len
            if drop and not req[c]:
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
def ils_run(D, R, L, inr, BR, BL, st, gain, req, n_iter, restart_after, max_shake, improve_period, scatter, improve_margin):
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
        shake(D, R, L, inr, E, W, LA, req, st, scatter > 0 and rnd(st) % scatter == 0)
        st[ST_SHAKE_R] += st[ST_SHAKE_S]
        st[ST_SHAKE_S] += 1
        if st[ST_SHAKE_S] > max_shake:
            st[ST_SHAKE_S] = 1
        if st[ST_SHAKE_R] > 1 << 40:
            st[ST_SHAKE_R] = 0
    return st[ST_BEST]
