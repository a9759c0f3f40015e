"""The exact solver against brute force, on tiny random instances with every feature."""
from __future__ import annotations

from dataclasses import replace
from itertools import permutations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.solver import Infeasible, Problem, TourPlan, schedule_route, solve
from planner.solver.synthetic import small_problem, tourism_problem


def _feasible_sequences(problem: Problem, k: int, pool: frozenset[int]):
    """Every feasible route of tour k over ``pool`` (depth-first; a prefix whose break-free
    schedule already misses a window can never become feasible, so it is not extended)."""
    free = Problem(problem.travel, problem.visits,
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
@given(seed=st.integers(0, 10**6), n=st.integers(1, 5), lunch=st.booleans(), required=st.integers(0, 2))
def test_exact_matches_brute_force_two_tours(seed, n, lunch, required):
    """Two-day trips (different start/end points, closed days, per-day windows) are optimal and
    never visit a site twice."""
    problem = small_problem(seed, n, 2, lunch=lunch, required=required, horizon=60)
    _check_against_brute_force(problem)


def _check_against_brute_force(problem: Problem) -> None:
    expected = brute_force(problem)
    if expected is None:
        with pytest.raises(Infeasible) as err:
            solve(problem, method="exact", time_limit=30)
        assert err.value.proven
        return
    sol = solve(problem, method="exact", time_limit=30)
    assert sol.proven_optimal
    assert (sol.score, sol.venue_breaks) == expected
    assert independently_feasible(problem, sol)
    assert set(problem.required) <= sol.visited


def test_lunch_prefers_a_restaurant_when_it_costs_nothing():
    """Given the choice, the group eats at the restaurant rather than wherever it happens to be,
    as long as no site has to be dropped for it."""
    for seed in range(6):
        problem = tourism_problem(8, seed)
        sol = solve(problem, method="exact", time_limit=20)
        no_venues = Problem(problem.travel, problem.visits, tuple(
            replace(t, lunch=replace(t.lunch, venues=())) for t in problem.tours))
        assert sol.score == solve(no_venues, method="exact", time_limit=20).score or \
            sol.venue_breaks == 0, "a venue lunch must never cost score"
        if sol.venue_breaks == 0:
            # then no plan with that score can lunch at a venue: forbid in-place lunch and check
            only_venue = Problem(problem.travel, problem.visits, tuple(
                replace(t, lunch=replace(t.lunch, in_place=False)) for t in problem.tours))
            try:
                assert solve(only_venue, method="exact", time_limit=20).score < sol.score
            except Infeasible:
                pass


def test_tourism_instances_are_proven_optimal():
    """Realistic one-day requests of 12 sites (split opening hours, guided slots, lunch) come
    back proven optimal, with every required site planned."""
    for seed in range(4):
        problem = tourism_problem(12, seed, required=1)
        try:
            sol = solve(problem, time_limit=30)
        except Infeasible as exc:
            assert exc.proven
            continue
        assert sol.proven_optimal and sol.method == "exact"
        assert set(problem.required) <= sol.visited
