"""The exact solver against brute force, on tiny random instances with every feature."""
from __future__ import annotations

from dataclasses import replace
from itertools import permutations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.solver import Infeasible, Problem, StopAfter, TourPlan, schedule_route, solve
from planner.solver.synthetic import small_problem, tourism_problem


def _feasible_sequences(problem: Problem, k: int, pool: frozenset[int]):
    """Every feasible route of tour k over ``pool`` (depth-first).  A prefix is not extended
    when it misses a window even with no break and shortest-path travel (a lunch detour via a
    restaurant can beat a direct arc when travel breaks the triangle inequality)."""
    star = np.array(problem.travel)
    for i in range(len(star)):
        star = np.minimum(star, star[:, i:i + 1] + star[i:i + 1, :])
    free = Problem(star, problem.visits,
                   tuple(replace(t, lunch=None) for t in problem.tours), problem.name)

    def rec(prefix: list[int]):
        got = schedule_route(problem, k, prefix)
        if isinstance(got, TourPlan):
            yield tuple(prefix), got
        for v in sorted(pool - set(prefix)):
            nxt = prefix + [v]
            f = schedule_route(free, k, nxt)
            if not isinstance(f, TourPlan) and f.reason in ("window", "closed"):
                continue
            yield from rec(nxt)

    yield from rec([])


def brute_force(problem: Problem) -> tuple[int, int] | None:
    """Best (score, venue breaks) over all plans with every required visit, or None."""
    best = None
    req = set(problem.required)
    everything = frozenset(range(len(problem.visits)))

    def rec(k: int, used: frozenset[int], score: int, venues: int):
        nonlocal best
        if k == problem.n_tours:
            if req <= used and (best is None or (score, venues) > best):
                best = (score, venues)
            return
        for seq, plan in _feasible_sequences(problem, k, everything - used):
            v = 1 if plan.lunch is not None and plan.lunch.place == "venue" else 0
            rec(k + 1, used | set(seq), score + sum(problem.visits[x].score for x in seq), venues + v)

    rec(0, frozenset(), 0, 0)
    return best


def independently_feasible(problem: Problem, sol) -> bool:
    """Re-schedule the solution's routes from scratch and compare."""
    for k, plan in enumerate(sol.tours):
        again = schedule_route(problem, k, list(plan.visits))
        if not isinstance(again, TourPlan) or again.return_time != plan.return_time:
            return False
    return True


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(seed=st.integers(0, 10**6), n=st.integers(1, 8), lunch=st.booleans(), required=st.integers(0, 2))
def test_exact_matches_brute_force_one_tour(seed, n, lunch, required):
    """A trip planned for one day is truly the best possible: no itinerary (orders, subsets,
    windows, guided slots, lunch placement) collects more interest, and lunch goes to a
    restaurant whenever that costs nothing."""
    problem = small_problem(seed, n, 1, lunch=lunch, required=required, horizon=70)
    _check_against_brute_force(problem)


@SETTINGS
@given(seed=st.integers(0, 10**6), n=st.integers(1, 8), lunch=st.booleans(), required=st.integers(0, 2))
def test_exact_matches_brute_force_two_tours(seed, n, lunch, required):
    """Two-day trips (different start/end points, closed days, per-day windows) are optimal and
    never visit a site twice."""
    problem = small_problem(seed, n, 2, lunch=lunch, required=required, horizon=60)
    _check_against_brute_force(problem)


@SETTINGS
@given(seed=st.integers(0, 10**6), n=st.integers(1, 7), m=st.integers(2, 3), lunch=st.booleans(),
       required=st.integers(0, 2))
def test_days_solver_matches_brute_force(seed, n, m, lunch, required):
    """Weekend and three-day trips planned by the set-combination solver (what the planner uses for
    several days) are the best possible too, lunch at a restaurant included."""
    problem = small_problem(seed, n, m, lunch=lunch, required=required, horizon=60)
    _check_against_brute_force(problem, method="days")


def test_days_solver_agrees_with_branch_and_bound_on_tourism_instances():
    """On county-size trips of two and three days both exact solvers prove the same optimum."""
    for seed, (n, m) in enumerate([(14, 2), (16, 2), (12, 3), (15, 3)]):
        problem = tourism_problem(n, seed, days=m)
        days = solve(problem, method="days")
        bnb = solve(problem, method="exact", stop=StopAfter(60))
        assert days.proven_optimal and bnb.proven_optimal
        assert (days.score, days.venue_breaks) == (bnb.score, bnb.venue_breaks)


def _check_against_brute_force(problem: Problem, method: str = "exact") -> None:
    expected = brute_force(problem)
    if expected is None:
        with pytest.raises(Infeasible) as err:
            solve(problem, method=method, stop=StopAfter(30))
        assert err.value.proven
        return
    sol = solve(problem, method=method, stop=StopAfter(30))
    assert sol.proven_optimal
    assert (sol.score, sol.venue_breaks) == expected
    assert independently_feasible(problem, sol)
    assert set(problem.required) <= sol.visited


def test_lunch_prefers_a_restaurant_when_it_costs_nothing():
    """Given the choice, the group eats at the restaurant rather than wherever it happens to be,
    as long as no site has to be dropped for it; and allowing restaurants never costs score."""
    def best(problem):
        try:
            return solve(problem, method="exact", stop=StopAfter(20)).score
        except Infeasible:
            return -1

    for seed in range(6):
        problem = tourism_problem(8, seed)
        sol = solve(problem, method="exact", stop=StopAfter(20))
        in_place_only = Problem(problem.travel, problem.visits, tuple(
            replace(t, lunch=replace(t.lunch, venues=())) for t in problem.tours))
        venue_only = Problem(problem.travel, problem.visits, tuple(
            replace(t, lunch=replace(t.lunch, in_place=False)) for t in problem.tours))
        assert sol.score >= best(in_place_only) and sol.score >= best(venue_only)
        if sol.venue_breaks == 0:
            assert best(venue_only) < sol.score, "a restaurant lunch was possible at no cost"


def test_tourism_instances_are_proven_optimal():
    """Realistic one-day requests of 12 sites (split opening hours, guided slots, lunch) come
    back proven optimal, with every required site planned."""
    for seed in range(4):
        problem = tourism_problem(12, seed, required=1)
        try:
            sol = solve(problem, stop=StopAfter(30))
        except Infeasible as exc:
            assert exc.proven
            continue
        assert sol.proven_optimal and sol.method == "exact"
        assert set(problem.required) <= sol.visited


@SETTINGS
@given(seed=st.integers(0, 10**6), n=st.integers(1, 9), m=st.integers(1, 3), lunch=st.booleans(),
       required=st.integers(0, 2))
def test_compiled_and_python_search_agree(seed, n, m, lunch, required):
    """The fast compiled search used in web requests proves the same optimum (score and
    restaurant lunches) as the plain-Python reference search."""
    from planner.solver.exact import solve_exact

    problem = small_problem(seed, n, m, lunch=lunch, required=required)
    got = {}
    for engine in ("python", "numba"):
        routes, finished, _ = solve_exact(problem, time_limit=30, engine=engine)
        assert finished
        if routes is None:
            got[engine] = None
            continue
        plans = [schedule_route(problem, k, r) for k, r in enumerate(routes)]
        assert all(isinstance(p, TourPlan) for p in plans)
        got[engine] = (sum(problem.visits[v].score for r in routes for v in r),
                       sum(1 for p in plans if p.lunch is not None and p.lunch.place == "venue"))
    assert got["python"] == got["numba"]


@SETTINGS
@given(seed=st.integers(0, 10**6), n=st.integers(1, 8), m=st.integers(1, 3), lunch=st.booleans(),
       required=st.integers(0, 2))
def test_a_bounded_solve_finds_a_better_plan_exactly_when_one_exists(seed, n, m, lunch, required):
    """The planner asks whether lunch during a meal site's visit beats the plan it has with a solve bounded by
    that plan's score: it gets the best plan when one scores more, and a proven "none" when none does, from
    the compiled and the reference search and from the solver for several days alike."""
    from planner.solver.exact import solve_exact

    problem = small_problem(seed, n, m, lunch=lunch, required=required, horizon=60)
    try:
        best = solve(problem, method="exact", stop=StopAfter(30)).score
    except Infeasible:
        return
    methods = ["exact", "days"] if m > 1 else ["exact"]
    for method in methods:
        assert solve(problem, method=method, stop=StopAfter(30), must_beat=best - 1).score == best
        with pytest.raises(Infeasible) as exc:
            solve(problem, method=method, stop=StopAfter(30), must_beat=best)
        assert exc.value.proven
    for engine in ("python", "numba"):
        routes, finished, _ = solve_exact(problem, time_limit=30, engine=engine, must_beat=best)
        assert finished and routes is None
        routes, finished, _ = solve_exact(problem, time_limit=30, engine=engine, must_beat=best - 1)
        assert finished and sum(problem.visits[v].score for r in routes for v in r) == best
