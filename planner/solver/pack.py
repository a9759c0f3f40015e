"""``pack``: a Problem as the plain arrays the compiled kernels take (ILS, exact, days, displacement).

Its own module (numpy only) so that every kernel's driver imports it at the top: it used to live in
``heuristic`` and was imported inside functions to keep ``exact_kernel`` -> ``heuristic`` -> ``api`` from
looping."""
from __future__ import annotations

import numpy as np

from .problem import Problem


def pack(problem: Problem) -> tuple:
    """Arrays for the kernel (see the index layout used in ils_kernel)."""
    m, n = problem.n_tours, len(problem.visits)
    wmax = max([1] + [len(x.windows[k]) for x in problem.visits for k in range(m)])
    nw = np.zeros((m, n), dtype=np.int64)
    WE = np.zeros((m, n, wmax), dtype=np.int64)
    WL = np.zeros((m, n, wmax), dtype=np.int64)
    WD = np.zeros((m, n, wmax), dtype=np.int64)
    for c in range(n):
        for k in range(m):
            ws = problem.windows(c, k)
            nw[k, c] = len(ws)
            for w, (e, l, d) in enumerate(ws):
                WE[k, c, w], WL[k, c, w], WD[k, c, w] = e, l, d
    tours = problem.tours
    vmax = max([1] + [len(t.lunch.venues) for t in tours if t.lunch])
    omax = max([1] + [len(v.opening) for t in tours if t.lunch for v in t.lunch.venues])
    nv = np.zeros(m, dtype=np.int64)
    VP = np.zeros((m, vmax), dtype=np.int64)
    nvo = np.zeros((m, vmax), dtype=np.int64)
    VO = np.zeros((m, vmax, omax), dtype=np.int64)
    VC = np.zeros((m, vmax, omax), dtype=np.int64)
    for k, t in enumerate(tours):
        if t.lunch:
            nv[k] = len(t.lunch.venues)
            for j, v in enumerate(t.lunch.venues):
                VP[k, j] = v.point
                nvo[k, j] = len(v.opening)
                for o, (a, b) in enumerate(v.opening):
                    VO[k, j, o], VC[k, j, o] = a, b

    def arr(f, dtype=np.int64):
        return np.array([f(t) for t in tours], dtype=dtype)

    return (
        np.ascontiguousarray(problem.travel, dtype=np.int64),
        np.array([x.point for x in problem.visits], dtype=np.int64),
        np.array([x.score for x in problem.visits], dtype=np.int64),
        np.array([x.required for x in problem.visits], dtype=np.bool_),
        nw, WE, WL, WD,
        arr(lambda t: t.start_point), arr(lambda t: t.end_point),
        arr(lambda t: t.start_time), arr(lambda t: t.deadline),
        arr(lambda t: t.lunch is not None, np.bool_),
        arr(lambda t: t.lunch.duration if t.lunch else 0),
        arr(lambda t: t.lunch.earliest_start if t.lunch else 0),
        arr(lambda t: t.lunch.latest_end if t.lunch else 0),
        arr(lambda t: bool(t.lunch and t.lunch.in_place), np.bool_),
        nv, VP, nvo, VO, VC,
    )
