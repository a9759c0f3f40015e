"""Compiled enumeration of every set of visits one tour (a day) can hold, for the exact multi-day solver.

A breadth-first dynamic programme over labels (visited set, last visit, break state) keeps the earliest
departure of each label: exact dominance, since serving a visit later never ends it earlier (FIFO) and
the same set always scores the same. The set of labels is small for a day trip (5-8 visits fit in a
day), so the dense index is over sets (``slot``, 2**n entries) and the labels live in a pool that grows
with the sets actually reached.

``D`` is ``pack.pack``'s tuple; ``SP`` the shortest travel time between points (a lower bound
on getting home, valid even when travel times break the triangle inequality).
"""
from __future__ import annotations

import numpy as np

from .ils_core import serve, venue_done
from .jit import njit

INF = 1 << 30  # beyond any minute of a trip; labels are int32
NO_BREAK, IN_PLACE, AT_VENUE = 0, 1, 2
STATES = 3


@njit
def _grow(a, size, fill):
    b = np.full(size, fill, dtype=a.dtype)
    b[:a.shape[0]] = a
    return b


@njit
def _end_ok(D, k, pa, dep, state):
    """Can a tour whose last visit is at point ``pa``, left at ``dep`` in break ``state``, still
    take its break and be back by the deadline?"""
    T, te, dl = D[0], D[9], D[11]
    hb, bd, blo, bhi, bip = D[12], D[13], D[14], D[15], D[16]
    back = dep + T[pa, te[k]]
    if state != NO_BREAK or not hb[k]:
        return back <= dl[k]
    if bip[k]:
        s = back if back > blo[k] else blo[k]
        if s + bd[k] <= bhi[k] and s + bd[k] <= dl[k]:
            return True
        s = dep if dep > blo[k] else blo[k]
        if s + bd[k] <= bhi[k] and s + bd[k] + T[pa, te[k]] <= dl[k]:
            return True
    return _end_at_venue_ok(D, k, pa, dep, state)


@njit
def _end_at_venue_ok(D, k, pa, dep, state):
    """As ``_end_ok``, with the tour's break taken at a venue (already, or on the way home)."""
    T, te, dl, nv, VP = D[0], D[9], D[11], D[17], D[18]
    if state == AT_VENUE:
        return dep + T[pa, te[k]] <= dl[k]
    if state == IN_PLACE:
        return False
    for j in range(nv[k]):
        done = venue_done(D, k, j, dep + T[pa, VP[k, j]])
        if done >= 0 and done + T[VP[k, j], te[k]] <= dl[k]:
            return True
    return False


@njit
def day_sets(D, k, n, SP, max_sets):
    """Every set of visits tour k can hold. Returns (count, masks, feasible, venue, slot, time, parent):
    masks[i] is the i-th set reached, feasible[i] whether some order of it fits the tour, venue[i]
    whether one fits with the break at a venue; time/parent hold the labels for ``day_route``.
    count = -1 when more than ``max_sets`` sets are reached (the caller falls back)."""
    T, vp, nw, WE, WL, WD, ts, te, t0, dl = D[0], D[1], D[4], D[5], D[6], D[7], D[8], D[9], D[10], D[11]
    hb, bd, blo, bhi, bip, nv, VP = D[12], D[13], D[14], D[15], D[16], D[17], D[18]
    L = n + 1  # last visit, or n for "still at the start"
    W = L * STATES
    cap = 256
    slot = np.full(1 << n, -1, dtype=np.int64)
    masks = np.zeros(cap, dtype=np.int64)
    ptime = np.full(cap * W, INF, dtype=np.int32)
    ppar = np.full(cap * W, -1, dtype=np.int16)
    feas = np.zeros(cap, dtype=np.bool_)
    ven = np.zeros(cap, dtype=np.bool_)
    slot[0] = 0
    nm = 1
    ptime[n * STATES + NO_BREAK] = t0[k]
    opt_state = np.empty(3, dtype=np.int64)
    opt_ready = np.empty(3, dtype=np.int64)
    vdone = np.empty(max(nv[k], 1), dtype=np.int64)
    last_start = np.full(n, -1, dtype=np.int64)
    for c in range(n):
        for w in range(nw[k, c]):
            if WL[k, c, w] > last_start[c]:
                last_start[c] = WL[k, c, w]
    head = 0
    while head < nm:
        mask = masks[head]
        s_i = head
        head += 1
        for last in range(L):
            if last < n and not (mask >> last) & 1:
                continue
            if last == n and mask != 0:
                continue
            pa = ts[k] if last == n else vp[last]
            for state in range(STATES):
                dep = ptime[s_i * W + last * STATES + state]
                if dep >= INF:
                    continue
                # dominated labels: lunch already taken at a venue by then does all this one can and scores
                # the venue too; without venues, lunch already taken in place does all a label without it can
                if state != AT_VENUE and ptime[s_i * W + last * STATES + AT_VENUE] <= dep:
                    continue
                if state == NO_BREAK and nv[k] == 0 and ptime[s_i * W + last * STATES + IN_PLACE] <= dep:
                    continue
                if not feas[s_i] and _end_ok(D, k, pa, dep, state):
                    feas[s_i] = True
                if not ven[s_i] and hb[k]:
                    ven[s_i] = _end_at_venue_ok(D, k, pa, dep, state)
                # break options that do not depend on the next visit: where a venue break ends,
                # and when an in-place break taken before leaving would end
                lunch = state == NO_BREAK and hb[k]
                bt = -1
                if lunch:
                    if bip[k]:
                        s = dep if dep > blo[k] else blo[k]
                        if s + bd[k] <= bhi[k]:
                            bt = s + bd[k]
                    for j in range(nv[k]):
                        vdone[j] = venue_done(D, k, j, dep + T[pa, VP[k, j]])
                for c in range(n):
                    if (mask >> c) & 1 or nw[k, c] == 0 or dep + SP[pa, vp[c]] > last_start[c]:
                        continue  # every way there, break or not, arrives after its last start
                    arr = dep + T[pa, vp[c]]
                    no = 1
                    opt_state[0] = state
                    opt_ready[0] = arr
                    if lunch:
                        if bip[k]:
                            s = arr if arr > blo[k] else blo[k]
                            if s + bd[k] <= bhi[k]:
                                opt_state[no] = IN_PLACE
                                opt_ready[no] = s + bd[k]
                                no += 1
                            elif bt >= 0:
                                opt_state[no] = IN_PLACE
                                opt_ready[no] = bt + T[pa, vp[c]]
                                no += 1
                        best_v = -1
                        for j in range(nv[k]):  # the same state whichever venue: only the earliest counts
                            if vdone[j] >= 0:
                                r = vdone[j] + T[VP[k, j], vp[c]]
                                if best_v < 0 or r < best_v:
                                    best_v = r
                        if best_v >= 0:
                            opt_state[no] = AT_VENUE
                            opt_ready[no] = best_v
                            no += 1
                    for o in range(no):
                        st2 = opt_state[o]
                        s, e, w = serve(nw, WE, WL, WD, k, c, opt_ready[o])
                        if e < 0 or e + SP[vp[c], te[k]] > dl[k]:
                            continue
                        if st2 == NO_BREAK and hb[k] and (e if e > blo[k] else blo[k]) + bd[k] > bhi[k]:
                            continue  # every later break starts after e: no room for it any more
                        nmask = mask | (1 << c)
                        t_i = slot[nmask]
                        if t_i < 0:
                            if nm >= max_sets:
                                return -1, masks, feas, ven, slot, ptime, ppar
                            if nm >= cap:
                                cap *= 2
                                masks = _grow(masks, cap, 0)
                                feas = _grow(feas, cap, False)
                                ven = _grow(ven, cap, False)
                                ptime = _grow(ptime, cap * W, INF)
                                ppar = _grow(ppar, cap * W, -1)
                            t_i = nm
                            slot[nmask] = nm
                            masks[nm] = nmask
                            nm += 1
                        idx = t_i * W + c * STATES + st2
                        if e < ptime[idx]:
                            ptime[idx] = e
                            ppar[idx] = last * STATES + state
    return nm, masks, feas, ven, slot, ptime, ppar


@njit
def day_route(D, k, n, mask, venue, slot, ptime, ppar):
    """An order of ``mask`` that fits tour k (with the break at a venue if ``venue``); empty if none."""
    ts, L, W = D[8], n + 1, (n + 1) * STATES
    out = np.empty(n, dtype=np.int64)
    s_i = slot[mask]
    for last in range(L):
        if (last < n and not (mask >> last) & 1) or (last == n and mask != 0):
            continue
        pa = ts[k] if last == n else D[1][last]
        for state in range(STATES):
            dep = ptime[s_i * W + last * STATES + state]
            if dep >= INF:
                continue
            if not (_end_at_venue_ok(D, k, pa, dep, state) if venue else _end_ok(D, k, pa, dep, state)):
                continue
            m = 0
            cur, cst, cmask = last, state, mask
            while cur != n:
                out[m] = cur
                m += 1
                par = np.int64(ppar[slot[cmask] * W + cur * STATES + cst])  # int16 in the table: 1 << 15 overflows
                cmask ^= 1 << cur
                cur, cst = par // STATES, par % STATES
            res = np.empty(m, dtype=np.int64)
            for i in range(m):
                res[i] = out[m - 1 - i]
            return res
    return np.empty(0, dtype=np.int64)
