"""``solve``: one entry point over the exact and the metaheuristic solvers."""
from __future__ import annotations

import time
from typing import Sequence

from .days import solve_days
from .exact import solve_exact
from .heuristic import solve_ils
from .problem import Problem
from .schedule import Failure, TourPlan, evaluate
from .solution import Infeasible, InvalidSolution, Solution

#: ``auto`` tries the exact solver up to this many candidate visits (it is also time-limited).
EXACT_MAX_VISITS = 30
#: share of the time limit ``auto`` gives the exact solver before falling back to the ILS
EXACT_SHARE = 0.5


def solve(problem: Problem, *, time_limit: float = 1.0, seed: int = 0, method: str = "auto",
          iterations: int | None = None) -> Solution | None:
    """Best plan found within ``time_limit`` seconds.

    ``method``: "exact" (branch and bound; ``proven_optimal`` when it finishes), "days" (the exact
    set-combination solver for 2 or 3 tours of at most ``days.MAX_VISITS`` visits, always proven, no
    clock involved; None when the problem is outside those limits), "ils" (the
    metaheuristic; with ``iterations`` its result is independent of the clock), or "auto"
    (exact for small problems, the ILS from the exact solver's incumbent if that runs out of
    time, the ILS alone for large ones or whenever ``iterations`` is given).  Raises ``Infeasible`` when no plan holds every
    required visit (and every tour's break).
    """
    if method not in ("auto", "exact", "days", "ils"):
        raise ValueError(f"unknown method {method!r}")
    t0 = time.perf_counter()
    if method == "days":
        routes, finished = solve_days(problem)
        if not finished:
            return None
        if routes is None:
            raise _infeasible(problem, proven=True)
        return _build(problem, routes, True, "days", None, 0, t0)
    small = len(problem.visits) <= EXACT_MAX_VISITS
    if method == "exact" or (method == "auto" and small and iterations is None):
        budget = time_limit if method == "exact" else time_limit * EXACT_SHARE
        routes, finished, expanded = solve_exact(problem, time_limit=budget)
        if finished:
            if routes is None:
                raise _infeasible(problem, proven=True)
            return _build(problem, routes, True, "exact", None, expanded, t0)
        if method == "exact":
            if routes is None:
                raise Infeasible("no plan found before the time limit", proven=False)
            return _build(problem, routes, False, "exact", None, expanded, t0)
        left = max(0.0, time_limit - (time.perf_counter() - t0))
        routes2, its = solve_ils(problem, time_limit=left, seed=seed, start=routes)
        best = _better(problem, routes, routes2)
        if best is None:
            raise _infeasible(problem, proven=False)
        return _build(problem, best, False, "auto", seed, its, t0)
    routes, its = solve_ils(problem, time_limit=time_limit, seed=seed, iterations=iterations)
    if _plans(problem, routes) is None:
        raise _infeasible(problem, proven=False)
    return _build(problem, routes, False, "ils", seed, its, t0)


def _plans(problem: Problem, routes: Sequence[Sequence[int]] | None) -> list[TourPlan] | None:
    if routes is None:
        return None
    plans = evaluate(problem, routes)
    if any(isinstance(p, Failure) for p in plans):
        return None
    seen = {v for r in routes for v in r}
    if any(v not in seen for v in problem.required):
        return None
    return plans  # type: ignore[return-value]


def _better(problem: Problem, a, b):
    def key(r):
        plans = _plans(problem, r)
        if plans is None:
            return (-1, -1)
        return (sum(problem.visits[v].score for x in r for v in x),
                sum(1 for p in plans if p.lunch is not None and p.lunch.place == "venue"))
    return max((r for r in (a, b) if _plans(problem, r) is not None), key=key, default=None)


def _build(problem, routes, proven, method, seed, iterations, t0) -> Solution:
    plans = _plans(problem, routes)
    if plans is None:
        raise InvalidSolution(f"{method} produced an infeasible plan {routes}")
    return Solution(problem, tuple(plans), proven, method, seed, iterations, time.perf_counter() - t0)


def _infeasible(problem: Problem, *, proven: bool) -> Infeasible:
    from .explain import minimal_conflict

    conflict = minimal_conflict(problem, problem.required) if problem.required else None
    if conflict is not None and conflict.visits:
        names = ", ".join(problem.visits[v].name or str(v) for v in conflict.visits)
        return Infeasible(f"required visits {names} cannot all be planned: {conflict.reason}",
                          proven=proven or conflict.proven, conflict=conflict.visits, reason=conflict.reason)
    return Infeasible("no feasible plan (every tour's return time and break considered)", proven=proven)
