"""Earliest-start schedule of a fixed route, break placement included.

This is the reference semantics every solver must agree with: leave each place as early as
possible (arriving earlier is never worse because waiting is allowed), pick at each visit the
feasible window that *ends* earliest (per-window durations make "starts earliest" wrong), and
try every place for the break, preferring a venue when any venue placement is feasible.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .problem import Break, Problem

Win = tuple[int, int, int]


@dataclass(frozen=True)
class Stop:
    visit: int
    point: int
    arrival: int
    wait: int  # idle time before service, the break excluded
    start: int
    end: int
    departure: int  # end of service, or end of an in-place break taken here afterwards
    window: int  # index into the visit's windows for this tour


@dataclass(frozen=True)
class BreakPlan:
    """Where and when the break happens.  ``gap`` g sits between stop g-1 and stop g
    (g = 0: right after leaving the start point; g = len(stops): on the way to / at the end)."""

    gap: int
    place: str  # "venue", "after_departure" (at the previous place), "before_service" (at the next)
    venue: int | None
    point: int
    arrival: int
    start: int
    end: int


@dataclass(frozen=True)
class TourPlan:
    tour: int
    departure: int  # leaving the start point
    stops: tuple[Stop, ...]
    lunch: BreakPlan | None
    return_time: int  # arrival at the end point (or end of a break taken there)

    @property
    def visits(self) -> tuple[int, ...]:
        return tuple(s.visit for s in self.stops)


@dataclass(frozen=True)
class Failure:
    """Why a route cannot be scheduled; ``time`` vs ``limit`` is the binding comparison."""

    tour: int
    reason: str  # "closed" | "window" | "deadline" | "break" | "duplicate"
    visit: int | None = None
    position: int | None = None
    time: int | None = None
    limit: int | None = None

    def message(self) -> str:
        if self.reason == "closed":
            return f"visit {self.visit} is closed on tour {self.tour}"
        if self.reason == "window":
            return (f"visit {self.visit} reached at {self.time}, after its last start {self.limit}"
                    f" (tour {self.tour})")
        if self.reason == "deadline":
            return f"tour {self.tour} returns at {self.time}, after its deadline {self.limit}"
        if self.reason == "break":
            return f"tour {self.tour} leaves no room for its break"
        return f"visit {self.visit} appears more than once"


def serve(wins: Sequence[Win], ready: int) -> tuple[int, int, int] | None:
    """(start, end, window index) ending earliest among windows still open at ``ready``."""
    best: tuple[int, int, int] | None = None
    for i, (e, l, d) in enumerate(wins):
        if ready <= l:
            s = ready if ready > e else e
            if best is None or s + d < best[1]:
                best = (s, s + d, i)
    return best


def venue_start(opening: Sequence[tuple[int, int]], lunch: Break, arrival: int) -> int | None:
    """Earliest break start at a venue reached at ``arrival``, or None."""
    best = None
    for o, c in opening:
        s = max(arrival, lunch.earliest_start, o)
        if s + lunch.duration <= min(c, lunch.latest_end) and (best is None or s < best):
            best = s
    return best


class _Route:
    """Pre-resolved data for one tour so the passes below are plain integer arithmetic."""

    def __init__(self, problem: Problem, k: int, route: Sequence[int]):
        tour = problem.tours[k]
        self.k, self.tour, self.route = k, tour, list(route)
        self.t = problem.travel
        self.points = [problem.visits[v].point for v in route]
        self.wins = [problem.windows(v, k) for v in route]
        self.partial: list = []  # set by run(): the stops scheduled before it stopped

    def point(self, i: int) -> int:
        """Point of node i; -1 is the start point, len(route) the end point."""
        if i < 0:
            return self.tour.start_point
        return self.points[i] if i < len(self.points) else self.tour.end_point

    def run(self, first: int, ready: int, arrival: int, here: int) -> tuple[list, int] | Failure:
        """Forward pass from node ``first`` (``len(route)`` = the end point): service may start
        at ``ready`` after arriving at ``arrival``; ``here`` is break time spent there first."""
        out: list[tuple[int, int, int, int, int, int]] = []
        n = len(self.route)
        for i in range(first, n):
            if i > first:
                arrival = out[-1][5] + int(self.t[self.points[i - 1], self.points[i]])
                ready, here = arrival, 0
            wins = self.wins[i]
            self.partial = out  # the stops scheduled before a failure, for break detours
            if not wins:
                return Failure(self.k, "closed", self.route[i], i)
            got = serve(wins, ready)
            if got is None:
                return Failure(self.k, "window", self.route[i], i, ready, max(l for _, l, _ in wins))
            s, e, w = got
            out.append((arrival, s - arrival - here, s, e, w, e))
        back = ready if first >= n else out[-1][5] + int(self.t[self.points[-1], self.tour.end_point])
        self.partial = out
        if back > self.tour.deadline:
            return Failure(self.k, "deadline", None, n, back, self.tour.deadline)
        return out, back


def schedule_route(problem: Problem, k: int, route: Sequence[int]) -> TourPlan | Failure:
    """Earliest schedule of ``route`` (visit indices) on tour ``k``, or why it fails."""
    if len(set(route)) != len(route):
        dup = next(v for v in route if list(route).count(v) > 1)
        return Failure(k, "duplicate", dup)
    r = _Route(problem, k, route)
    tour = r.tour
    first_arrival = tour.start_time + int(r.t[tour.start_point, r.point(0)])
    base = r.run(0, first_arrival, first_arrival, 0)
    if isinstance(base, Failure):
        # A break taken in place only adds time, but a detour through a venue can beat a
        # direct arc when travel times break the triangle inequality: try those.
        if tour.lunch is None or not tour.lunch.venues or base.reason == "closed":
            return base
        best = _place_break(r, r.partial, tour.lunch)
        if best is None:
            return base
        lunch, rows2, back2, dep0 = best
        return _plan(r, dep0, rows2, lunch, back2)
    rows, back = base
    if tour.lunch is None:
        return _plan(r, tour.start_time, rows, None, back)
    best = _place_break(r, rows, tour.lunch)
    if best is None:
        return Failure(k, "break")
    lunch, rows2, back2, dep0 = best
    return _plan(r, dep0, rows2, lunch, back2)


def _place_break(r: _Route, rows: list, lunch: Break):
    """Try the break in every gap and every way; prefer venues, then the earliest return.
    Returns (plan, rows, return time, departure from start) or None."""
    best_key, best = None, None
    for g in range(len(rows) + 1):  # rows may stop short of a failing stop: gaps up to it
        dep = r.tour.start_time if g == 0 else rows[g - 1][5]
        if dep + lunch.duration > lunch.latest_end:
            break  # every option here starts at or after dep, and later gaps leave later still
        pa, pb = r.point(g - 1), r.point(g)
        # (place, venue, point, arrival at break point, break start, arrival at next, ready at next)
        options = []
        if lunch.in_place:
            arr = dep + int(r.t[pa, pb])
            s = max(arr, lunch.earliest_start)
            options.append(("before_service", None, pb, arr, s, arr, s + lunch.duration))
            s = max(dep, lunch.earliest_start)
            arr = s + lunch.duration + int(r.t[pa, pb])
            options.append(("after_departure", None, pa, dep, s, arr, arr))
        for j, venue in enumerate(lunch.venues):
            arr_v = dep + int(r.t[pa, venue.point])
            s = venue_start(venue.opening, lunch, arr_v)
            if s is not None:
                arr = s + lunch.duration + int(r.t[venue.point, pb])
                options.append(("venue", j, venue.point, arr_v, s, arr, arr))
        for place, j, point, arr_here, s, arrival_b, ready_b in options:
            if s + lunch.duration > lunch.latest_end:
                continue
            here = lunch.duration if place == "before_service" else 0
            tail = r.run(g, ready_b, arrival_b, here)
            if isinstance(tail, Failure):
                continue
            key = (place != "venue", tail[1], g)
            if best_key is not None and key >= best_key:
                continue
            rows2 = rows[:g] + tail[0]
            dep0 = r.tour.start_time
            if place == "after_departure":
                if g > 0:
                    a, w, st, e, wi, _ = rows2[g - 1]
                    rows2[g - 1] = (a, w, st, e, wi, s + lunch.duration)
                else:
                    dep0 = s + lunch.duration
            best_key = key
            best = (BreakPlan(g, place, j, point, arr_here, s, s + lunch.duration), rows2, tail[1], dep0)
    return best


def _plan(r: _Route, dep0: int, rows: list, lunch: BreakPlan | None, back: int) -> TourPlan:
    stops = tuple(Stop(v, r.points[i], *rows[i][:3], rows[i][3], rows[i][5], rows[i][4])
                  for i, v in enumerate(r.route))
    return TourPlan(r.k, dep0, stops, lunch, back)


def evaluate(problem: Problem, routes: Sequence[Sequence[int]]) -> list[TourPlan | Failure]:
    """Schedule every tour's route; visits repeated across tours are reported as duplicates."""
    seen: set[int] = set()
    out: list[TourPlan | Failure] = []
    for k, route in enumerate(routes):
        again = [v for v in route if v in seen]
        seen.update(route)
        out.append(Failure(k, "duplicate", again[0]) if again else schedule_route(problem, k, route))
    return out
