"""Why a must-visit is not in the plan: the site, the rule that blocks it, and the numbers.

Each must-visit left out gets its own reason: what happens when it is planned alone (the guided tour that
ends too late for the drive back, the last entry missed, no time left for lunch), or, when it fits alone,
which kept must-visits it cannot share the day with and how late that would bring the visitor back.
Every figure comes from the reference scheduler on the same problem the plan was solved on.
"""
from __future__ import annotations

from dataclasses import replace
from itertools import permutations

from . import solver
from .candidates import PACE, Candidates
from .reasons import Reason, bilingual_names, clock
from .request import TripRequest

LATE = 10 ** 5  # a deadline no day reaches: to see when the visitor would be back


def _relaxed(problem: solver.Problem) -> solver.Problem:
    return solver.Problem(problem.travel, problem.visits, tuple(replace(t, deadline=LATE) for t in problem.tours))


def _name(cands: Candidates, v: int) -> dict:
    site = cands.chosen[v].site
    return {"zh": site.name.zh, "en": site.name.en}


def _best(problem: solver.Problem, route_sets) -> tuple[solver.Failure | None, int | None, list[int] | None]:
    """The nearest miss over ``route_sets`` on every tour, with the tour and route that gave it."""
    best = (None, None, None)
    for k in range(problem.n_tours):
        for route in route_sets:
            got = solver.schedule_route(problem, k, list(route))
            if isinstance(got, solver.TourPlan):
                return None, k, list(route)
            miss = best[0]
            if miss is None or _over(got) < _over(miss):
                best = (got, k, list(route))
    return best


def _over(f: solver.Failure) -> int:
    return f.time - f.limit if f.time is not None and f.limit is not None else 1 << 40


def _late_reason(problem, cands, v: int, k: int, route: list[int], req: TripRequest, others=None) -> Reason:
    plan = solver.schedule_route(_relaxed(problem), k, route)
    deadline = problem.tours[k].deadline
    if not isinstance(plan, solver.TourPlan):
        return Reason("must_blocked", {"name": _name(cands, v)})
    stop = next(s for s in plan.stops if s.visit == v)
    params = {"name": _name(cands, v), "back": clock(plan.return_time), "late": plan.return_time - deadline,
              "time": clock(deadline), "start": clock(stop.start), "end": clock(stop.end)}
    if others:
        return Reason("must_beside", {**params, "others": bilingual_names(others)})
    last = plan.stops[-1]
    params["drive"] = int(problem.travel[last.point, problem.tours[k].end_point])
    params["leave"] = clock(plan.return_time - params["drive"])
    if cands.chosen[v].guided:  # the tour's own end; the pace's slack is the time to leave
        params["end"] = clock(stop.end - PACE[req.pace][1])
    return Reason("must_late_slot" if cands.chosen[v].guided else "must_late", params)


def alone(problem: solver.Problem, cands: Candidates, v: int, req: TripRequest) -> Reason | None:
    """Why ``v`` cannot be planned even on its own; None when it can."""
    miss, k, route = _best(problem, [[v]])
    if miss is None:
        return None
    if miss.reason == "deadline":
        return _late_reason(problem, cands, v, k, route, req)
    if miss.reason == "window":
        return Reason("must_window", {"name": _name(cands, v), "arrive": clock(miss.time), "limit": clock(miss.limit)})
    if miss.reason == "break":
        return Reason("must_lunch", {"name": _name(cands, v), "from": clock(req.lunch_from), "to": clock(req.lunch_to)})
    return Reason("must_closed", {"name": _name(cands, v)})


def beside(problem: solver.Problem, cands: Candidates, v: int, kept: list[int], req: TripRequest) -> Reason:
    """Why ``v`` (which fits alone) cannot join the kept must-visits: the smallest group it clashes with."""
    for size in (1, 2):
        for group in permutations(kept, size):
            orders = list(permutations([v, *group]))
            miss, k, route = _best(problem, orders)
            if miss is None:
                continue
            others = [(cands.chosen[u].site.name.zh, cands.chosen[u].site.name.en) for u in group]
            if miss.reason == "deadline":
                return _late_reason(problem, cands, v, k, route, req, others)
            return Reason("must_beside_other", {"name": _name(cands, v), "others": bilingual_names(others)})
    others = [(cands.chosen[u].site.name.zh, cands.chosen[u].site.name.en) for u in kept]
    return Reason("must_beside_other", {"name": _name(cands, v), "others": bilingual_names(others)})


def reasons(problem: solver.Problem, solution: solver.Solution, cands: Candidates,
            req: TripRequest) -> dict[str, Reason]:
    """site id -> reason, for every must-visit candidate the plan leaves out."""
    planned = {v for plan in solution.tours for v in plan.visits}
    kept = [v for v in planned if cands.chosen[v].site.id in req.must]
    out = {}
    for v, cand in enumerate(cands.chosen):
        if cand.site.id not in req.must or v in planned:
            continue
        out[cand.site.id] = alone(problem, cands, v, req) or beside(problem, cands, v, kept, req)
    return out
