"""Helpers the tourism layer uses to explain a plan: where a site could go, what it would
displace, and which required sites cannot be combined.  Every claim is checked with the
reference scheduler before it is returned, so an explanation is never a guess."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Sequence

import numpy as np

from .exact import solve_exact
from .pack import pack
from .problem import Problem
from .schedule import Failure, TourPlan, schedule_route

Routes = Sequence[Sequence[int]]


@dataclass(frozen=True)
class Insertion:
    """Cheapest place for ``visit`` (``tour``/``position``, ``delay`` = later return), or, when
    ``tour`` is None, why it fits nowhere: ``failure`` is the nearest miss over all places."""

    visit: int
    tour: int | None
    position: int | None
    delay: int | None
    failure: Failure | None

    @property
    def feasible(self) -> bool:
        return self.tour is not None


@dataclass(frozen=True)
class Displacement:
    """Removing ``removed`` (from ``tour``) makes room for ``visit`` at ``position``; ``routes``
    is the resulting plan, already checked feasible."""

    visit: int
    tour: int
    position: int
    removed: tuple[int, ...]
    lost_score: int
    routes: tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class Conflict:
    """Required ``visits`` that admit no common plan; ``reason`` names the binding limit."""

    visits: tuple[int, ...]
    kind: str
    reason: str
    proven: bool


def _overshoot(f: Failure) -> int:
    if f.time is not None and f.limit is not None:
        return f.time - f.limit
    return 1 << 40  # closed / break failures have no "how late" figure


def best_insertion(problem: Problem, routes: Routes, visit: int, tour: int | None = None) -> Insertion:
    """Where ``visit`` fits with the smallest delay of the return home, or the nearest miss."""
    if any(visit in r for r in routes):
        return Insertion(visit, None, None, None, Failure(-1, "duplicate", visit))
    best: tuple[int, int, int] | None = None
    miss: Failure | None = None
    for k in ([tour] if tour is not None else range(problem.n_tours)):
        base = schedule_route(problem, k, routes[k])
        base_back = base.return_time if isinstance(base, TourPlan) else None
        if not problem.visits[visit].windows[k]:
            f = Failure(k, "closed", visit)
            miss = miss or f
            continue
        for p in range(len(routes[k]) + 1):
            got = schedule_route(problem, k, [*routes[k][:p], visit, *routes[k][p:]])
            if isinstance(got, TourPlan):
                delay = got.return_time - (base_back if base_back is not None else got.return_time)
                if best is None or delay < best[0]:
                    best = (delay, k, p)
            elif miss is None or miss.reason == "closed" or _overshoot(got) < _overshoot(miss):
                miss = got
    if best is not None:
        return Insertion(visit, best[1], best[2], best[0], None)
    return Insertion(visit, None, None, None, miss)


def displace(problem: Problem, routes: Routes, visit: int, tour: int | None = None) -> Displacement | None:
    """The planned, non-required visits whose removal lets ``visit`` in with the least score lost
    (fewest visits on a tie). None when even emptying a tour of its optional visits would not help.

    The compiled kernel tries every removal set of a tour with up to ``displace_kernel.EVERY_SUBSET``
    optional visits, and every set of up to ``MAX_REMOVED`` on longer ones; beyond that, or without
    numba, a greedy search drops one visit at a time."""
    if any(visit in r for r in routes):
        return None
    best: Displacement | None = None
    for k in ([tour] if tour is not None else range(problem.n_tours)):
        if not problem.visits[visit].windows[k]:
            continue
        found = _cheapest(problem, routes, visit, k)
        if found is _HOPELESS:
            continue
        if found is None:
            found = _greedy(problem, routes, visit, k)
        if found is not None and (best is None or (found.lost_score, len(found.removed))
                                  < (best.lost_score, len(best.removed))):
            best = found
    return best


_HOPELESS = object()  # not even an empty tour of optional visits has room
_packed: tuple = (None, None)  # (problem, arrays): explaining one plan asks about the same problem many times


def _cheapest(problem: Problem, routes: Routes, visit: int, k: int):
    from .jit import HAVE_NUMBA

    if not HAVE_NUMBA:
        return None
    from .displace_kernel import EVERY_SUBSET, MAX_REMOVED, cheapest_removal

    global _packed
    last, arrays = _packed  # one read: another thread may replace it, never half of it
    if last is not problem:
        arrays = pack(problem)
        _packed = (problem, arrays)
    base = np.array(routes[k], dtype=np.int64)
    lost, size, pos, idx = cheapest_removal(arrays, k, base, len(base), visit, MAX_REMOVED, EVERY_SUBSET)
    if lost < 0:
        return _HOPELESS if size < 0 else None
    removed = [int(base[i]) for i in idx[:size]]
    route = [u for u in routes[k] if u not in removed]
    route.insert(int(pos), visit)
    if not isinstance(schedule_route(problem, k, route), TourPlan):
        return None  # the reference scheduler disagrees: let the greedy search answer
    return _displacement(routes, visit, k, route, removed, int(lost))


def _displacement(routes: Routes, visit: int, k: int, route: list[int], removed: list[int], lost: int):
    new = tuple(tuple(route) if kk == k else tuple(r) for kk, r in enumerate(routes))
    return Displacement(visit, k, route.index(visit), tuple(removed), lost, new)


def _greedy(problem: Problem, routes: Routes, visit: int, k: int) -> Displacement | None:
    """For each place, drop the visit that most reduces the lateness per score point lost."""
    best: Displacement | None = None
    for p in range(len(routes[k]) + 1):
        route = [*routes[k][:p], visit, *routes[k][p:]]
        removed: list[int] = []
        got = schedule_route(problem, k, route)
        while not isinstance(got, TourPlan):
            options = []
            for u in route:
                if u == visit or problem.visits[u].required:
                    continue
                trial = [x for x in route if x != u]
                res = schedule_route(problem, k, trial)
                late = 0 if isinstance(res, TourPlan) else min(_overshoot(res), 1 << 30)
                options.append((late, problem.visits[u].score, u, trial, res))
            if not options:
                break
            options.sort(key=lambda o: (o[0] > 0, o[1] if o[0] == 0 else o[0] * (o[1] + 1)))
            _, _, u, route, got = options[0]
            removed.append(u)
        if not isinstance(got, TourPlan):
            continue
        lost = sum(problem.visits[u].score for u in removed)
        if best is None or (lost, len(removed)) < (best.lost_score, len(best.removed)):
            best = _displacement(routes, visit, k, route, removed, lost)
    return best


def _alone(problem: Problem, subset: Sequence[int], time_limit: float) -> tuple[bool | None, list[list[int]] | None]:
    """Can ``subset`` all be planned together (ignoring every other visit)?  None = unknown."""
    from dataclasses import replace

    sub = problem.with_visits([replace(problem.visits[v], required=True) for v in subset])
    routes, finished, _ = solve_exact(sub, time_limit=time_limit)
    if routes is not None:
        return True, routes
    return (False if finished else None), None


def _why(problem: Problem, subset: Sequence[int]) -> tuple[str, str]:
    """The nearest miss over every order of ``subset`` on every tour, as (kind, text)."""
    from itertools import permutations

    miss: Failure | None = None
    perms = list(permutations(subset)) if len(subset) <= 4 else [tuple(subset)]
    for k in range(problem.n_tours):
        for order in perms:
            got = schedule_route(problem, k, list(order))
            if isinstance(got, Failure) and (miss is None or _overshoot(got) < _overshoot(miss)):
                miss = got
    if miss is None:  # each order fits some tour; the conflict is about sharing the tours
        return "tours", "there are not enough tours to hold them all"
    return miss.reason, miss.message()


def minimal_conflict(problem: Problem, required: Sequence[int], *, time_limit: float = 2.0) -> Conflict | None:
    """A small subset of ``required`` visits that cannot all be planned together, or None if
    they can (an empty subset when some tour is impossible even without visits).  Singles, then pairs, are tried first; otherwise a deletion filter shrinks the
    whole set to an irreducible one.  ``proven`` when every check involved was exact."""
    required = list(required)
    per_check = max(0.05, time_limit / max(1, len(required) ** 2))
    proven = True
    for k in range(problem.n_tours):  # a day that fails even when empty blames no site
        empty = schedule_route(problem, k, [])
        if isinstance(empty, Failure):
            return Conflict((), empty.reason, empty.message(), True)
    for size in (1, 2):
        for subset in combinations(required, size):
            ok, _ = _alone(problem, subset, per_check)
            if ok is False:
                kind, text = _why(problem, subset)
                return Conflict(tuple(subset), kind, text, True)
            proven &= ok is not None
    ok, _ = _alone(problem, required, time_limit)
    if ok is not False:
        return None
    core = list(required)
    for v in list(core):
        trial = [x for x in core if x != v]
        if trial and _alone(problem, trial, per_check)[0] is False:
            core = trial
    kind, text = _why(problem, core)
    return Conflict(tuple(core), kind, text, proven)
