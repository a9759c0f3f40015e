"""Metaheuristic entry point: packs a Problem into arrays and drives the ILS kernel.

Determinism: the search path is a pure function of (problem, seed, iteration count).  The
kernel runs in chunks of ``chunk`` iterations and the wall clock is only read between chunks
to decide whether to stop, so with a time limit the result depends on how many chunks fit;
``iterations=N`` (rounded up to whole chunks) gives the same plan on any machine.
"""
from __future__ import annotations

import time
from typing import Sequence

import numpy as np

from .pack import pack
from .problem import Problem


def solve_ils(problem: Problem, *, time_limit: float, seed: int, iterations: int | None = None,
              start: Sequence[Sequence[int]] | None = None, chunk: int = 50, threads: int = 1,
              improve_period: int = 1, restart_after: int = 50, max_shake: int = 10,
              improve_margin: int = 50) -> tuple[list[list[int]], int]:
    """Best routes found and the total number of iterations run.

    ``threads`` independent searches (seeds derived from ``seed``) take turns, one chunk each,
    on the single core: one search can get trapped around a poor route structure, several
    rarely all do.  ``iterations`` is the total over all of them."""
    # imported here so that importing the package never pulls in numba
    from .ils_core import ST_BEST, ST_ITER, ST_RNG, ST_SHAKE_R, ST_SHAKE_S, ST_SIZE
    from .ils_kernel import ils_run

    D = pack(problem)
    m, n = problem.n_tours, len(problem.visits)
    scores = D[2]
    req = D[3]
    # Required visits outrank everything: their gain exceeds the whole catalogue's score.
    gain = scores + req.astype(np.int64) * (int(scores.sum()) + 1)
    max_shake = max_shake or max(1, n // (3 * m))
    states = []
    for t in range(threads):
        R = np.zeros((m, n + 1), dtype=np.int64)
        L = np.zeros(m, dtype=np.int64)
        inr = -np.ones(n, dtype=np.int64)
        if start is not None:
            for k, route in enumerate(start):
                for p, v in enumerate(route):
                    R[k, p] = v
                    inr[v] = k
                L[k] = len(route)
        st = np.zeros(ST_SIZE, dtype=np.int64)
        mixed = (seed * 1000003 + t) * 0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019
        st[ST_RNG] = (mixed & 0x7FFFFFFFFFFFFFFF) or 1
        st[ST_BEST] = -1
        st[ST_SHAKE_S], st[ST_SHAKE_R] = 1, 1
        states.append((R, L, inr, R.copy(), L.copy(), st))
    stop = time.perf_counter() + time_limit
    done = 0
    turn = 0
    size = 1  # chunks grow while they are short next to the time left; never changes the path
    while True:
        todo = min(size, chunk) if iterations is None else min(chunk, iterations - done)
        if todo <= 0:
            break
        R, L, inr, BR, BL, st = states[turn % threads]
        before = int(st[ST_ITER])
        t_chunk = time.perf_counter()
        ils_run(D, R, L, inr, BR, BL, st, gain, todo, restart_after, max_shake, improve_period, improve_margin)
        done += int(st[ST_ITER]) - before
        turn += 1
        now = time.perf_counter()
        if iterations is None:
            if now >= stop and turn >= threads:
                break
            # next chunk: at most a quarter of the time left, so the overshoot past the limit
            # is about one iteration
            per = (now - t_chunk) / max(todo, 1)
            size = max(1, min(size * 2, int(0.25 * (stop - now) / per) if per > 0 else size * 2))
    # best over threads; the lowest thread index wins ties so the result is reproducible
    best = max(range(threads), key=lambda t: (int(states[t][5][ST_BEST]), -t))
    _, _, _, BR, BL, _ = states[best]
    return [list(map(int, BR[k, :BL[k]])) for k in range(m)], done


def warm_up() -> None:
    """Compile (or load from the on-disk cache) the kernels on a toy problem.  Call it at app
    start: a clean checkout compiles for ~20-40 s once, later starts load the cache in <1 s."""
    from .exact import solve_exact
    from .problem import Break, Tour, Venue, Visit, Window

    t = np.array([[0, 1, 1], [1, 0, 1], [1, 1, 0]])
    lunch = Break(1, 0, 10, (Venue(2, ((0, 10),)),))
    p = Problem(t, (Visit(1, 1, 1, ((Window(0, 10),), (Window(0, 10),))),),
                (Tour(0, 0, 0, 10, lunch), Tour(0, 0, 0, 10)))
    solve_ils(p, time_limit=0.0, seed=0, iterations=1)
    solve_exact(p, time_limit=1.0, engine="numba")
    from .displace_kernel import cheapest_removal

    cheapest_removal(pack(p), 0, np.array([0], dtype=np.int64), 1, 0, 1, 1)
    from .days import solve_days

    solve_days(p)
