"""Lunch taken during a visit at a site that serves meals (Baiping's farm restaurant, the hotpot tasting zone).

The solver's break is a pause of its own; eating at a site that serves meals is part of that visit. Such a
day is solved as a variant: no separate break on that day, the meal site required, and its start limited so
that the visit covers a whole lunch inside the lunch window. The planner compares the variant with the
ordinary plan and keeps the better one; it only tries it when the ordinary plan leaves something a visitor
would miss (a must-visit meal site, the hotpot meal of a hotpot trip, or a day without a restaurant), so
an ordinary plan costs no extra solve. When the ordinary plan keeps every must-visit, a variant can only win
by scoring more, so its solve is bounded by that score (``solver.solve(must_beat=)``): proving that nothing
beats it prunes most of the search.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from . import solver
from .candidates import Candidates, hotpot_meal
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


def musts_kept(solution: solver.Solution, cands: Candidates, req: TripRequest) -> int:
    return sum(1 for plan in solution.tours for v in plan.visits if cands.chosen[v].site.id in req.must)


def key(solution: solver.Solution, cands: Candidates, req: TripRequest) -> tuple[int, int]:
    """How plans with and without lunch during a visit compare: must-visits kept, then score."""
    return musts_kept(solution, cands, req), solution.score


def to_try(req: TripRequest, cands: Candidates, solution: solver.Solution) -> set[str]:
    """Meal sites worth a variant with lunch eaten during their visit: on a day trip, all of them when the plan
    leaves out a must-visit, the hotpot meal of a hotpot trip or a restaurant; on longer trips only a must-visit
    meal site left out; else the meal sites the plan visits or eats at. Empty, so no extra solve, for a plan
    that neither visits nor eats at a site that serves meals."""
    meal_sites = {c.site.id for c in cands.chosen if c.site.meals}
    if not meal_sites:
        return set()
    planned = {cands.chosen[v].site.id for plan in solution.tours for v in plan.visits}
    venues = {solution.problem.tours[k].lunch.venues[p.lunch.venue].name
              for k, p in enumerate(solution.tours) if p.lunch is not None and p.lunch.place == "venue"}
    if req.days > 1:  # each variant is a multi-day solve: only for a must-visit meal site left out
        return {m for m in req.must if m in meal_sites and m not in planned}
    hotpot = {c.site.id for c in cands.chosen if hotpot_meal(c.site, req)}
    if any(m not in planned for m in req.must) or (hotpot and not hotpot & (planned | venues)) \
            or any(p.lunch is not None and p.lunch.place != "venue" for p in solution.tours):
        return meal_sites
    # a meal site visited, or eaten at, apart from lunch: eating during the visit may free an hour (without this
    # check a site said to be "worth less" could fit after all)
    return meal_sites & (planned | venues)
