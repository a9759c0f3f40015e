"""``solve``: one entry point over the exact and the metaheuristic solvers, with the one policy that picks them.

``StopAfter`` says when a search ends (in the spirit of PyVRP's ``stop``): after ``seconds`` of wall clock, or, for
the ILS, after a fixed number of ``iterations`` (then the plan is the same on every machine).
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Sequence

from .days import solve_days
from .exact import solve_exact
from .explain import minimal_conflict
from .heuristic import solve_ils
from .problem import Problem
from .schedule import Failure, TourPlan, evaluate
from .solution import Infeasible, InvalidSolution, Solution

#: ``auto`` tries the exact solver up to this many candidate visits (it is also time-limited).
EXACT_MAX_VISITS = 30
#: share of the time limit ``auto`` gives the exact solver before a clock-bound ILS takes the rest
EXACT_SHARE = 0.5


@dataclass(frozen=True)
class StopAfter:
    """When a search stops. ``seconds``: the wall-clock limit of the exact search, and of the ILS when
    ``iterations`` is None. ``iterations``: the ILS runs exactly this many, whatever the clock says, so its
    plan depends on nothing but the problem and the seed (what permalinks need)."""

    seconds: float = 1.0
    iterations: int | None = None


@dataclass(frozen=True)
class Auto:
    """Which solvers ``method="auto"`` tries, in this order: the set-combination solver for 2-3 tours
    (``days``), branch and bound up to ``exact_max_visits`` candidates (``exact_max_multi_day`` on trips of
    several days, when given), then the ILS."""

    days: bool = True
    exact_max_visits: int = EXACT_MAX_VISITS
    exact_max_multi_day: int | None = None


def solve(problem: Problem, *, stop: StopAfter = StopAfter(), seed: int = 0, method: str = "auto",
          must_beat: int | None = None, policy: Auto = Auto()) -> Solution | None:
    """Best plan found before ``stop``.

    ``method``: "exact" (branch and bound; ``proven_optimal`` when it finishes), "days" (the exact
    set-combination solver for 2 or 3 tours of at most ``days.MAX_VISITS`` visits, always proven, no
    clock involved; None when the problem is outside those limits), "ils" (the metaheuristic), or "auto"
    (``policy``: days, else exact, and the ILS when neither proves the optimum; with ``stop.iterations`` the
    ILS starts afresh, so the plan never depends on how far the exact search got before the clock ran out).
    ``must_beat``: only a plan scoring more than this is wanted; the exact search prunes with it from the
    start, so showing that a known plan cannot be beaten is quick.  Raises ``Infeasible`` when no plan holds
    every required visit (and every tour's break), or none scores more than ``must_beat``.
    """
    if method not in ("auto", "exact", "days", "ils"):
        raise ValueError(f"unknown method {method!r}")
    t0 = time.perf_counter()
    several = problem.n_tours > 1
    if method == "days" or (method == "auto" and several and policy.days):
        routes, finished = solve_days(problem)
        if finished:
            return _build(problem, _beating(problem, routes, must_beat, True), True, "days", None, 0, t0)
        if method == "days":
            return None
    limit = policy.exact_max_visits if not several or policy.exact_max_multi_day is None \
        else min(policy.exact_max_visits, policy.exact_max_multi_day)
    if method == "exact" or (method == "auto" and len(problem.visits) <= limit):
        budget = stop.seconds if method == "exact" or stop.iterations is not None else stop.seconds * EXACT_SHARE
        routes, finished, expanded = solve_exact(problem, time_limit=budget, must_beat=must_beat)
        if finished:
            return _build(problem, _beating(problem, routes, must_beat, True), True, "exact", None, expanded, t0)
        if method == "exact":
            if routes is None:
                raise Infeasible("no plan found before the time limit", proven=False)
            return _build(problem, routes, False, "exact", None, expanded, t0)
        if stop.iterations is None:  # clock-bound anyway: the ILS goes on from the exact search's best
            left = max(0.0, stop.seconds - (time.perf_counter() - t0))
            routes2, its = solve_ils(problem, time_limit=left, seed=seed, start=routes)
            best = _beating(problem, _better(problem, routes, routes2), must_beat, False)
            return _build(problem, best, False, "auto", seed, its, t0)
    seconds = math.inf if stop.iterations is not None else stop.seconds
    routes, its = solve_ils(problem, time_limit=seconds, seed=seed, iterations=stop.iterations)
    routes = _beating(problem, routes if _plans(problem, routes) is not None else None, must_beat, False)
    return _build(problem, routes, False, "ils", seed, its, t0)


def _beating(problem: Problem, routes, must_beat: int | None, proven: bool):
    """``routes`` when they exist and score more than ``must_beat``; else the matching ``Infeasible``."""
    if routes is None:
        if must_beat is not None:  # the bound, not only the problem, may have ruled every plan out
            raise Infeasible(f"no plan scoring more than {must_beat}", proven=proven)
        raise _infeasible(problem, proven=proven)
    if must_beat is not None and sum(problem.visits[v].score for r in routes for v in r) <= must_beat:
        raise Infeasible(f"no plan scoring more than {must_beat}", proven=proven)
    return routes


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
    conflict = minimal_conflict(problem, problem.required) if problem.required else None
    if conflict is not None and conflict.visits:
        names = ", ".join(problem.visits[v].name or str(v) for v in conflict.visits)
        return Infeasible(f"required visits {names} cannot all be planned: {conflict.reason}",
                          proven=proven or conflict.proven, conflict=conflict.visits, reason=conflict.reason)
    return Infeasible("no feasible plan (every tour's return time and break considered)", proven=proven)
