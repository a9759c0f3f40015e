"""Explanations must be true: every claim is re-checked against the reference scheduler."""
from __future__ import annotations

from itertools import permutations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.solver import (Infeasible, TourPlan, best_insertion, displace, minimal_conflict,
                            StopAfter, schedule_route, solve)
from planner.solver.synthetic import small_problem, tourism_problem

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _unplanned(problem):
    """The optimal routes and the sites they leave out ([], [] when nothing is feasible)."""
    try:
        routes = solve(problem, method="exact", stop=StopAfter(10)).routes
    except Infeasible:
        return [], []
    return routes, [v for v in range(len(problem.visits)) if not any(v in r for r in routes)]


@SETTINGS
@given(seed=st.integers(0, 10**6), n=st.integers(2, 7), m=st.integers(1, 2), lunch=st.booleans())
def test_best_insertion_is_true(seed, n, m, lunch):
    """'Site X fits here' is a place where it really fits, with the smallest delay of the
    return; 'X fits nowhere' means every place fails."""
    problem = small_problem(seed, n, m, lunch=lunch)
    routes, left_out = _unplanned(problem)
    for v in left_out:
        ins = best_insertion(problem, routes, v)
        places = []
        for k in range(m):
            base = schedule_route(problem, k, routes[k])
            for p in range(len(routes[k]) + 1):
                got = schedule_route(problem, k, [*routes[k][:p], v, *routes[k][p:]])
                if isinstance(got, TourPlan):
                    places.append((got.return_time - base.return_time, k, p))
        if ins.feasible:
            assert (ins.delay, ins.tour, ins.position) in places
            assert ins.delay == min(d for d, _, _ in places)
        else:
            assert not places and ins.failure is not None


@SETTINGS
@given(seed=st.integers(0, 10**6), n=st.integers(3, 8), lunch=st.booleans())
def test_displace_claim_is_true(seed, n, lunch):
    """'To fit X, drop A and B' is honest: the plan without A and B and with X is feasible, and
    no must-see site is ever among those dropped."""
    problem = small_problem(seed, n, 1, lunch=lunch, required=1)
    routes, left_out = _unplanned(problem)
    for v in left_out:
        d = displace(problem, routes, v)
        if d is None:
            continue
        assert not any(problem.visits[u].required for u in d.removed)
        assert v in d.routes[d.tour] and not set(d.removed) & set(d.routes[d.tour])
        assert set(d.routes[d.tour]) | set(d.removed) == set(routes[d.tour]) | {v}
        for k, r in enumerate(d.routes):
            assert isinstance(schedule_route(problem, k, list(r)), TourPlan)


def _can_plan(problem, subset) -> bool:
    """Brute force: some assignment of ``subset`` to the tours, in some order, is feasible."""
    def rec(k, left):
        if k == problem.n_tours:
            return not left
        for size in range(len(left) + 1):
            for seq in permutations(left, size):
                if isinstance(schedule_route(problem, k, list(seq)), TourPlan):
                    if rec(k + 1, [x for x in left if x not in seq]):
                        return True
        return False
    return rec(0, list(subset))


@SETTINGS
@given(seed=st.integers(0, 10**6), n=st.integers(2, 6), m=st.integers(1, 2), lunch=st.booleans())
def test_minimal_conflict_is_a_real_minimal_conflict(seed, n, m, lunch):
    """'宝箴塞 and 安泰丝绸 cannot both be reached' is only said when no plan holds both, and
    when each of them alone could be planned (the set is minimal)."""
    problem = small_problem(seed, n, m, lunch=lunch)
    required = list(range(min(n, 4)))
    c = minimal_conflict(problem, required, time_limit=5)
    if c is None:
        assert _can_plan(problem, required)
        return
    assert set(c.visits) <= set(required) and c.reason
    assert not _can_plan(problem, c.visits)
    if not c.visits:  # blamed on a tour that fails even empty
        assert any(not isinstance(schedule_route(problem, k, []), TourPlan) for k in range(m))
        return
    if c.proven:
        for drop in c.visits:
            rest = [x for x in c.visits if x != drop]
            assert not rest or _can_plan(problem, rest) or len(c.visits) == 1


def test_infeasible_request_names_the_conflict():
    """A request with must-see sites that cannot all fit raises Infeasible carrying a conflict
    set that is itself impossible, so the page can say which sites clash and why."""
    found = 0
    for seed in range(40):
        problem = tourism_problem(10, seed, required=6)
        try:
            solve(problem, stop=StopAfter(5))
        except Infeasible as exc:
            found += 1
            assert exc.proven and exc.conflict and exc.reason
            assert not _can_plan(problem, exc.conflict)
        if found >= 2:
            break
    assert found, "the generator should produce some impossible requests"


@SETTINGS
@given(seed=st.integers(0, 10**6), n=st.integers(3, 8), lunch=st.booleans())
def test_displace_names_the_cheapest_removal(seed, n, lunch):
    """'Worth less than A and B' names the least a visitor gives up: on a day of up to EVERY_SUBSET
    optional stops, no other set of them whose removal lets the site in loses less score, and when no
    removal at all lets it in, no displacement is claimed."""
    from itertools import combinations

    from planner.solver.displace_kernel import EVERY_SUBSET

    problem = small_problem(seed, n, 1, lunch=lunch, required=1)
    routes, left_out = _unplanned(problem)
    optional = [u for u in (routes[0] if routes else []) if not problem.visits[u].required]
    assert len(optional) <= EVERY_SUBSET
    for v in left_out:
        cheapest = None
        for size in range(len(optional) + 1):
            for drop in combinations(optional, size):
                lost = sum(problem.visits[u].score for u in drop)
                if cheapest is not None and lost >= cheapest:
                    continue
                rest = [u for u in routes[0] if u not in drop]
                if any(isinstance(schedule_route(problem, 0, [*rest[:p], v, *rest[p:]]), TourPlan)
                       for p in range(len(rest) + 1)):
                    cheapest = lost
        d = displace(problem, routes, v)
        if cheapest is None:
            assert d is None
        else:
            assert d is not None and d.lost_score == cheapest
