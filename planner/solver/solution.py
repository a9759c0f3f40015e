"""Solutions that refuse to exist unless every invariant holds.

``verify`` re-checks a plan from its recorded times alone (it does not re-run the scheduler),
so a scheduler bug and a verifier bug would have to coincide to let a wrong plan through.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .problem import Problem
from .schedule import TourPlan


class InvalidSolution(AssertionError):
    """A plan violates an invariant; always a bug in whatever produced it."""


class Infeasible(Exception):
    """No plan serves every required visit (``proven``: the exact solver showed none exists).

    ``conflict`` is a small set of required visits already infeasible together and
    ``reason`` the binding constraint, when ``minimal_conflict`` could find one."""

    def __init__(self, message: str, *, proven: bool, conflict: tuple[int, ...] = (), reason: str = ""):
        super().__init__(message)
        self.proven, self.conflict, self.reason = proven, conflict, reason


def _fail(msg: str) -> None:
    raise InvalidSolution(msg)


def verify(problem: Problem, plans: tuple[TourPlan, ...]) -> int:
    """Raise ``InvalidSolution`` unless ``plans`` is a feasible plan; return its score."""
    if len(plans) != problem.n_tours:
        _fail(f"{len(plans)} tour plans for {problem.n_tours} tours")
    seen: set[int] = set()
    for k, plan in enumerate(plans):
        if plan.tour != k:
            _fail(f"tour plan {k} says it is tour {plan.tour}")
        for s in plan.stops:
            if not 0 <= s.visit < len(problem.visits):
                _fail(f"unknown visit {s.visit}")
            if s.visit in seen:
                _fail(f"visit {s.visit} done twice")
            seen.add(s.visit)
        _verify_tour(problem, k, plan)
    missing = [v for v in problem.required if v not in seen]
    if missing:
        _fail(f"required visits {missing} missing")
    return sum(problem.visits[v].score for v in seen)


def _verify_tour(problem: Problem, k: int, plan: TourPlan) -> None:
    tour, t, lunch = problem.tours[k], problem.travel, plan.lunch
    spec = tour.lunch
    if (spec is None) != (lunch is None):
        _fail(f"tour {k}: break {'missing' if lunch is None else 'not asked for'}")
    if plan.departure < tour.start_time:
        _fail(f"tour {k}: leaves before its start time")
    if lunch is not None and spec is not None:
        if lunch.end - lunch.start != spec.duration:
            _fail(f"tour {k}: break lasts {lunch.end - lunch.start}, not {spec.duration}")
        if lunch.start < spec.earliest_start or lunch.end > spec.latest_end:
            _fail(f"tour {k}: break [{lunch.start}, {lunch.end}] outside its window")
        if lunch.start < lunch.arrival:
            _fail(f"tour {k}: break starts before arriving at its place")
        if lunch.place == "venue":
            if lunch.venue is None or not 0 <= lunch.venue < len(spec.venues):
                _fail(f"tour {k}: unknown break venue")
            venue = spec.venues[lunch.venue]
            if lunch.point != venue.point:
                _fail(f"tour {k}: break venue at the wrong point")
            if not any(o <= lunch.start and lunch.end <= c for o, c in venue.opening):
                _fail(f"tour {k}: venue closed during the break")
        elif not spec.in_place:
            _fail(f"tour {k}: in-place break not allowed")
        elif lunch.place not in ("before_service", "after_departure"):
            _fail(f"tour {k}: unknown break place {lunch.place}")
        if not 0 <= lunch.gap <= len(plan.stops):
            _fail(f"tour {k}: break gap out of range")
    n = len(plan.stops)
    prev_point, prev_dep, prev_end = tour.start_point, plan.departure, tour.start_time
    for g in range(n + 1):
        nxt_point = plan.stops[g].point if g < n else tour.end_point
        here = lunch is not None and lunch.gap == g
        ready_floor = None
        if here and lunch.place == "after_departure":
            if lunch.point != prev_point or lunch.arrival != prev_end or prev_dep != lunch.end:
                _fail(f"tour {k}: in-place break after leaving does not fit the timeline")
            arrival = prev_dep + int(t[prev_point, nxt_point])
        elif here and lunch.place == "venue":
            if lunch.arrival != prev_dep + int(t[prev_point, lunch.point]):
                _fail(f"tour {k}: venue arrival time wrong")
            arrival = lunch.end + int(t[lunch.point, nxt_point])
        else:
            arrival = prev_dep + int(t[prev_point, nxt_point])
            if here:  # before_service: break at the next place on arrival
                if lunch.point != nxt_point or lunch.arrival != arrival:
                    _fail(f"tour {k}: in-place break on arrival does not fit the timeline")
                ready_floor = lunch.end
        if g == n:
            back = arrival if ready_floor is None else ready_floor
            if plan.return_time != back:
                _fail(f"tour {k}: return time {plan.return_time}, expected {back}")
            if back > tour.deadline:
                _fail(f"tour {k}: back at {back} after deadline {tour.deadline}")
            break
        s = plan.stops[g]
        visit = problem.visits[s.visit]
        if s.point != visit.point:
            _fail(f"tour {k}: visit {s.visit} at the wrong point")
        if s.arrival != arrival:
            _fail(f"tour {k}: visit {s.visit} arrival {s.arrival}, expected {arrival}")
        wins = visit.windows[k]
        if not 0 <= s.window < len(wins):
            _fail(f"tour {k}: visit {s.visit} has no window {s.window} (closed that tour?)")
        w = wins[s.window]
        if not w.earliest <= s.start <= w.latest:
            _fail(f"tour {k}: visit {s.visit} starts at {s.start} outside [{w.earliest}, {w.latest}]")
        if s.end - s.start != (visit.duration if w.duration is None else w.duration):
            _fail(f"tour {k}: visit {s.visit} service length wrong")
        if ready_floor is not None and s.start < ready_floor:
            _fail(f"tour {k}: visit {s.visit} starts during the break")
        if s.wait < 0 or s.wait != s.start - s.arrival - (spec.duration if ready_floor is not None else 0):
            _fail(f"tour {k}: visit {s.visit} wait {s.wait} inconsistent")
        leaves_later = lunch is not None and lunch.gap == g + 1 and lunch.place == "after_departure"
        if not leaves_later and s.departure != s.end:
            _fail(f"tour {k}: visit {s.visit} departure {s.departure} != end {s.end}")
        prev_point, prev_dep, prev_end = s.point, s.departure, s.end


@dataclass(frozen=True, eq=False)
class Solution:
    """A verified plan.  Construction raises ``InvalidSolution`` if any invariant fails."""

    problem: Problem
    tours: tuple[TourPlan, ...]
    proven_optimal: bool
    method: str
    seed: int | None = None
    iterations: int = 0
    seconds: float = 0.0
    score: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tours", tuple(self.tours))
        object.__setattr__(self, "score", verify(self.problem, self.tours))

    @property
    def routes(self) -> list[list[int]]:
        return [list(p.visits) for p in self.tours]

    @property
    def visited(self) -> set[int]:
        return {v for p in self.tours for v in p.visits}

    @property
    def venue_breaks(self) -> int:
        return sum(1 for p in self.tours if p.lunch is not None and p.lunch.place == "venue")
