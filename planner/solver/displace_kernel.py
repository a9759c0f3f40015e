"""Compiled search for the cheapest displacement: which planned, optional visits of one tour to
drop so that another fits, with the least score lost.

Explaining a plan asks this for every site left out, and the greedy search in ``explain`` runs the
reference scheduler hundreds of times per site; here the same question is a loop over
``ils_core.route_ok`` (a few microseconds per route), so every removal set (on long tours, every one
up to ``MAX_REMOVED`` visits) can be tried and the answer is the cheapest, not just a good one.
"""
from __future__ import annotations

import numpy as np

from .ils_core import route_ok
from .jit import njit

MAX_REMOVED = 3  # on long tours, sets up to this large are tried; larger ones are left to the greedy search
# A tour with at most this many optional visits (a day holds 5-8) has every subset tried: 2**8 removal sets of
# a few microseconds each, while the greedy search would run the reference scheduler hundreds of times.
EVERY_SUBSET = 8


@njit
def _fits(D, k, base, nb, keep, v, trial):
    """First position at which ``v`` fits into ``base`` minus the visits with keep[i] == 0; -1 if none."""
    m = 0
    for i in range(nb):
        if keep[i]:
            m += 1
    for p in range(m + 1):
        j = 0
        q = 0
        for i in range(nb):
            if keep[i]:
                if q == p:
                    trial[j] = v
                    j += 1
                trial[j] = base[i]
                j += 1
                q += 1
        if p == m:
            trial[j] = v
        if route_ok(D, k, trial, m + 1):
            return p
    return -1


@njit
def cheapest_removal(D, k, base, nb, v, max_removed, every_subset):
    """(lost score, removed count, position, removed indices into base) of the cheapest way to fit
    ``v`` into tour k: every removal set when the tour has at most ``every_subset`` optional visits,
    else every set of up to ``max_removed``. lost = -1 when none was found: count = -1 if removing
    every optional visit would not help either, 0 if only larger sets are left untried."""
    score, required = D[2], D[3]
    keep = np.ones(nb, dtype=np.int64)
    trial = np.empty(nb + 1, dtype=np.int64)
    best_lost, best_size, best_pos = -1, 0, -1
    opt = np.empty(nb, dtype=np.int64)
    no = 0
    for i in range(nb):
        if not required[base[i]]:
            opt[no] = i
            no += 1
    if no <= every_subset:
        max_removed = no
    best_idx = np.full(max(max_removed, 1), -1, dtype=np.int64)
    p = _fits(D, k, base, nb, keep, v, trial)
    if p >= 0:
        return 0, 0, p, best_idx
    idx = np.empty(max_removed, dtype=np.int64)
    for size in range(1, min(max_removed, no) + 1):
        # lexicographic walk over the size-subsets of the optional visits
        for a in range(size):
            idx[a] = a
        while True:
            lost = 0
            for a in range(size):
                lost += score[base[opt[idx[a]]]]
            if best_lost < 0 or lost < best_lost:
                for a in range(size):
                    keep[opt[idx[a]]] = 0
                p = _fits(D, k, base, nb, keep, v, trial)
                for a in range(size):
                    keep[opt[idx[a]]] = 1
                if p >= 0:
                    best_lost, best_size, best_pos = lost, size, p
                    best_idx[:] = -1
                    for a in range(size):
                        best_idx[a] = opt[idx[a]]
            a = size - 1
            while a >= 0 and idx[a] == no - size + a:
                a -= 1
            if a < 0:
                break
            idx[a] += 1
            for b in range(a + 1, size):
                idx[b] = idx[b - 1] + 1
    if best_lost < 0:
        # Without the triangle inequality a removal can make a tour later, so "nothing helps" is
        # only claimed when emptying the tour of optional visits fails too.
        for a in range(no):
            keep[opt[a]] = 0
        if _fits(D, k, base, nb, keep, v, trial) < 0:
            best_size = -1
    return best_lost, best_size, best_pos, best_idx
