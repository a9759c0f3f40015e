"""Problem validation and the self-checking Solution."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from planner.solver import (Break, InvalidSolution, Problem, ProblemError, Solution, Tour, Venue,
                            StopAfter, Visit, Window, evaluate, same_windows, solve)
from planner.solver.schedule import Failure, TourPlan


def _day() -> Problem:
    """Depot 0, sites at 1-3, restaurant at 4; minutes; lunch 60 between 11:30 and 13:30."""
    t = np.array([[0, 30, 40, 50, 35],
                  [30, 0, 15, 20, 10],
                  [40, 15, 0, 10, 12],
                  [50, 20, 10, 0, 14],
                  [35, 10, 12, 14, 0]])
    lunch = Break(60, 690, 810, (Venue(4, ((660, 840),), "noodles"),), in_place=True)
    visits = (
        Visit(1, 50, 60, same_windows(1, (540, 660), (840, 990)), name="silk museum"),
        Visit(2, 40, 90, ((Window(600, 600, 75), Window(870, 870, 75)),), name="hotpot factory"),
        Visit(3, 30, 45, same_windows(1, (480, 1000)), name="fortress"),
    )
    return Problem(t, visits, (Tour(0, 0, 480, 1140, lunch),), "day")


def test_malformed_problems_are_rejected():
    """A trip request that cannot mean anything (wrong window count, float score, negative
    travel time, break longer than its window) fails loudly instead of planning garbage."""
    p = _day()
    with pytest.raises(ProblemError):
        Problem(p.travel, (replace(p.visits[0], windows=()),), p.tours)
    with pytest.raises(ProblemError):
        Problem(p.travel, (replace(p.visits[0], score=1.5),), p.tours)
    with pytest.raises(ProblemError):
        Problem(-p.travel, p.visits, p.tours)
    with pytest.raises(ProblemError):
        Problem(p.travel, p.visits, (replace(p.tours[0], lunch=Break(60, 700, 720)),))


def test_guided_slot_uses_its_own_duration():
    """A factory tour booked at a fixed slot lasts the slot's length, not the site's default."""
    sol = solve(_day(), method="exact", stop=StopAfter(10))
    stops = {s.visit: s for plan in sol.tours for s in plan.stops}
    assert 1 in stops
    assert stops[1].start in (600, 870) and stops[1].end - stops[1].start == 75


def test_lunch_closure_windows_are_respected():
    """Nobody is booked into the museum during its lunch closure (start windows 09:00-11:00
    and 14:00-16:30 only)."""
    sol = solve(_day(), method="exact", stop=StopAfter(10))
    for plan in sol.tours:
        for s in plan.stops:
            if s.visit == 0:
                assert 540 <= s.start <= 660 or 840 <= s.start <= 990


def _tamper(sol: Solution, **changes) -> tuple:
    plan = sol.tours[0]
    stop = replace(plan.stops[0], **changes)
    return (replace(plan, stops=(stop,) + plan.stops[1:]),)


def test_solution_refuses_every_broken_invariant():
    """A plan whose times do not add up (late start, wrong arrival, negative wait, duplicate
    site, lunch outside its window, late return, missing must-see) can never be handed to
    the web layer: building the Solution raises."""
    p = _day()
    sol = solve(p, method="exact", stop=StopAfter(10))
    plan = sol.tours[0]
    first = plan.stops[0]
    broken = [
        _tamper(sol, start=first.start + 10_000, end=first.end + 10_000, departure=first.departure + 10_000),
        _tamper(sol, arrival=first.arrival - 1),
        _tamper(sol, wait=-1),
        (replace(plan, stops=plan.stops + (plan.stops[0],)),),
        (replace(plan, lunch=replace(plan.lunch, start=plan.lunch.start - 500, end=plan.lunch.end - 500)),),
        (replace(plan, return_time=plan.return_time + 1),),
        (replace(plan, lunch=None),),
    ]
    for tours in broken:
        with pytest.raises(InvalidSolution):
            Solution(p, tours, False, "test")
    must = p.with_visits([replace(v, required=True) if i == 2 else v for i, v in enumerate(p.visits)])
    without = tuple(replace(x, stops=tuple(s for s in x.stops if s.visit != 2)) for x in sol.tours)
    with pytest.raises(InvalidSolution):
        Solution(must, without, False, "test")


def test_evaluate_explains_a_late_return():
    """Evaluating an over-full day names the binding limit (the return deadline) with times."""
    p = _day()
    short = Problem(p.travel, p.visits, (replace(p.tours[0], deadline=700),))
    got = evaluate(short, [[2, 0]])[0]
    assert isinstance(got, Failure) and got.reason in ("deadline", "window", "break")
    ok = evaluate(p, [[2]])[0]
    assert isinstance(ok, TourPlan) and ok.return_time <= p.tours[0].deadline


def test_lunch_can_overlap_the_wait_for_a_window():
    """Arriving before a site opens, the group lunches on the spot while waiting, so lunch costs
    no extra time: the visit still starts when the site opens."""
    t = np.array([[0, 30], [30, 0]])
    site = Visit(1, 10, 60, same_windows(1, (780, 900)))
    lunch = Break(60, 690, 810, (), in_place=True)
    problem = Problem(t, (site,), (Tour(0, 0, 680, 1000, lunch),))
    plan = evaluate(problem, [[0]])[0]
    assert isinstance(plan, TourPlan)
    stop = plan.stops[0]
    assert (stop.arrival, stop.start) == (710, 780)
    assert plan.lunch.place == "before_service" and plan.lunch.start == 710 and plan.lunch.end == 770
    assert stop.wait == 10
