"""Tour-shortening moves for the ILS: segment reversal, or-opt, on travel time.

Shorter tours leave room for more visits; each move is tried with a cheap sufficient (or
necessary) window test first and confirmed by a full feasibility check before it is kept.
"""
from __future__ import annotations

from .ils_core import refresh, route_ok, serve
from .jit import njit


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
def _move_segment(R, k, i, sl, j):
    """Move R[k, i:i+sl] to stand before position j (j outside the segment)."""
    seg = R[k, i:i + sl].copy()
    if j < i:
        for u in range(i + sl - 1, j + sl - 1, -1):
            R[k, u] = R[k, u - sl]
        R[k, j:j + sl] = seg
    else:
        for u in range(i, j - sl):
            R[k, u] = R[k, u + sl]
        R[k, j - sl:j] = seg


@njit
def relocate(D, k, R, L, E, W, LA):
    """First-improvement or-opt: move a run of 1-3 visits elsewhere in its tour, on travel time.

    Sufficient test first: the run served after the old departure from its new predecessor must
    let the new successor arrive by its latest arrival (taking the run out elsewhere only helps
    when travel obeys the triangle inequality); the full check confirms."""
    T, vp, nw, WE, WL, WD = D[0], D[1], D[4], D[5], D[6], D[7]
    n = L[k]
    for sl in range(1, 4):
        for i in range(n - sl + 1):
            a = _pt(D, k, R, L, i - 1)
            x = _pt(D, k, R, L, i)
            y = _pt(D, k, R, L, i + sl - 1)
            b = _pt(D, k, R, L, i + sl)
            gain = T[a, x] + T[y, b] - T[a, b]
            if gain <= 0:
                continue
            for j in range(n + 1):
                if i <= j <= i + sl:
                    continue
                p = _pt(D, k, R, L, j - 1)
                q = _pt(D, k, R, L, j)
                if T[p, x] + T[y, q] - T[p, q] >= gain:
                    continue
                dep = D[10][k] if j == 0 else E[k, j - 1]
                prev = p
                ok = True
                for u in range(i, i + sl):
                    c = R[k, u]
                    s0, e0, w0 = serve(nw, WE, WL, WD, k, c, dep + T[prev, vp[c]])
                    if e0 < 0:
                        ok = False
                        break
                    dep = e0
                    prev = vp[c]
                if not ok or dep + T[y, q] > LA[k, j]:
                    continue
                _move_segment(R, k, i, sl, j)
                if route_ok(D, k, R[k], n):
                    refresh(D, k, R, L, E, W, LA)
                    return True
                # undo: the run now starts at j (j < i) or at j - sl (j > i)
                if j < i:
                    _move_segment(R, k, j, sl, i + sl)
                else:
                    _move_segment(R, k, j - sl, sl, i)
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
