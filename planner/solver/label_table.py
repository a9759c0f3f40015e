"""An open-addressing table of labels for the compiled branch and bound: key (visited mask, rest) -> (time, bonus).

Why not numba's typed dict with tuple keys: the search looks a label up for every child it makes, and the typed
dict costs about 300 ns an operation; two int64 words probed linearly in flat arrays cost a fraction of that.
Keys: ``a`` is the visited mask (>= 0), ``b`` packs the rest; an empty slot has ``a == -1``.
"""
from __future__ import annotations

import numpy as np

from .jit import njit


@njit
def new(cap):
    """A table of ``cap`` slots (a power of two): (keys a, keys b, times, bonuses, [count])."""
    return (np.full(cap, -1, dtype=np.int64), np.zeros(cap, dtype=np.int64), np.zeros(cap, dtype=np.int64),
            np.zeros(cap, dtype=np.int64), np.zeros(1, dtype=np.int64))


@njit
def slot(ka, kb, a, b):
    """Where key (a, b) is, or the empty slot where it would go."""
    last = ka.shape[0] - 1
    h = np.uint64(a) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(b) * np.uint64(0xC2B2AE3D27D4EB4F)
    i = np.int64((h ^ (h >> np.uint64(31))) & np.uint64(last))
    while ka[i] != -1 and (ka[i] != a or kb[i] != b):
        i = (i + 1) & last
    return i


@njit
def put(table, i, a, b, t, bonus):
    """Store (t, bonus) at slot ``i`` found by ``slot`` for (a, b); returns the table, doubled when half full."""
    ka, kb, vt, vb, count = table
    if ka[i] == -1:
        ka[i], kb[i] = a, b
        count[0] += 1
    vt[i], vb[i] = t, bonus
    if 2 * count[0] <= ka.shape[0]:
        return table
    bigger = new(2 * ka.shape[0])
    for j in range(ka.shape[0]):
        if ka[j] != -1:
            s = slot(bigger[0], bigger[1], ka[j], kb[j])
            bigger[0][s], bigger[1][s], bigger[2][s], bigger[3][s] = ka[j], kb[j], vt[j], vb[j]
    bigger[4][0] = count[0]
    return bigger
