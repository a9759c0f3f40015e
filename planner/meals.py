"""Lunch taken during a visit at a site that serves meals (Baiping's farm restaurant, the hotpot tasting zone).

The solver's break is a pause of its own; eating at a site that serves meals is part of that visit. Such a
day is solved as a variant: no separate break on that day, the meal site required, and its start limited so
that the visit covers a whole lunch inside the lunch window. The planner compares the variant with the
ordinary plan and keeps the better one; it only tries it when the ordinary plan leaves something a visitor
would miss (a must-visit meal site, the hotpot meal of a hotpot trip, or a day without a restaurant), so
an ordinary plan costs no extra solve.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from . import solver
from .request import TripRequest


@dataclass(frozen=True)
class MealVisit:
    day: int  # tour index
    visit: int  # index into the problem's visits


def variants(problem: solver.Problem, meal_visits: list[int]) -> list[MealVisit]:
    """Every (day, meal site) pair on which that site is open and the day has a lunch break."""
    return [MealVisit(k, v) for v in meal_visits for k, tour in enumerate(problem.tours)
            if tour.lunch is not None and problem.visits[v].windows[k]]


def variant_problem(problem: solver.Problem, mv: MealVisit, req: TripRequest) -> solver.Problem | None:
    """The problem with lunch eaten during visit ``mv.visit`` on day ``mv.day``; None when it cannot cover one."""
    x = problem.visits[mv.visit]
    lo, hi, need = req.lunch_from, req.lunch_to, req.lunch_min
    wins = []
    for w in x.windows[mv.day]:
        length = x.duration if w.duration is None else w.duration
        if length < need:
            continue
        # lunch [L, L+need] must lie in [start, start+length] and in [lo, hi]
        earliest, latest = max(w.earliest, lo + need - length), min(w.latest, hi - need)
        if earliest <= latest:
            wins.append(solver.Window(earliest, latest, w.duration))
    if not wins:
        return None
    windows = tuple(tuple(wins) if k == mv.day else () for k in range(problem.n_tours))
    visits = list(problem.visits)
    visits[mv.visit] = replace(x, windows=windows, required=True)
    tours = tuple(replace(t, lunch=None) if k == mv.day else t for k, t in enumerate(problem.tours))
    return solver.Problem(problem.travel, tuple(visits), tours, problem.name)


def lunch_times(start: int, end: int, req: TripRequest) -> tuple[int, int]:
    """When lunch happens inside a visit from ``start`` to ``end``: as early as the lunch window allows."""
    begin = max(start, req.lunch_from)
    return begin, begin + req.lunch_min
