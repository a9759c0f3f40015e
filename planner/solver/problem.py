"""The planning problem: points, visits with per-tour time windows, tours with optional breaks.

All times are integers in one unit chosen by the caller (minutes for tourism, tenths or
hundredths of a distance unit for the benchmark).  Scores are non-negative integers: the
tourism layer scales its interest weights (e.g. x100 and rounds) so that comparisons are
exact and the exact solver can prove optimality without float ties.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np


class ProblemError(ValueError):
    """The problem description itself is malformed (not merely infeasible)."""


@dataclass(frozen=True)
class Window:
    """An allowed interval for the *start* of a visit; a visit may end after ``latest``.

    ``earliest == latest`` is a fixed slot (a guided tour at 10:00).  ``duration`` overrides
    the visit's service duration inside this window (a guided slot lasts a fixed time).
    """

    earliest: int
    latest: int
    duration: int | None = None


@dataclass(frozen=True)
class Visit:
    """A candidate site.  ``windows[k]`` lists the start windows on tour ``k``; ``()`` = closed."""

    point: int
    score: int
    duration: int
    windows: tuple[tuple[Window, ...], ...]
    required: bool = False
    name: str = ""


@dataclass(frozen=True)
class Venue:
    """A place where the break may be taken (restaurant, tasting room).

    ``opening`` lists (open, close) intervals; a break taken here lies wholly inside one of
    them *and* inside the break's own window.  Getting there costs travel like any stop.
    """

    point: int
    opening: tuple[tuple[int, int], ...]
    name: str = ""


@dataclass(frozen=True)
class Break:
    """A mandatory pause (lunch) of ``duration`` lying wholly inside [earliest_start, latest_end].

    It is taken at one of ``venues`` or, if ``in_place``, wherever the visitor is: after
    leaving a stop (before travelling on) or on arrival at the next stop, before its service
    (so it may overlap the wait for a window to open).  A feasible venue placement is always
    preferred to an in-place one when it costs no score (see ``Solution`` and ``exact``).
    """

    duration: int
    earliest_start: int
    latest_end: int
    venues: tuple[Venue, ...] = ()
    in_place: bool = True


@dataclass(frozen=True)
class Tour:
    """One day: leave ``start_point`` no earlier than ``start_time``, be at ``end_point`` by ``deadline``."""

    start_point: int
    end_point: int
    start_time: int
    deadline: int
    lunch: Break | None = None


def same_windows(n_tours: int, *windows: tuple[int, int] | Window) -> tuple[tuple[Window, ...], ...]:
    """Windows identical on every tour, from (earliest, latest) pairs or ``Window`` objects."""
    ws = tuple(w if isinstance(w, Window) else Window(int(w[0]), int(w[1])) for w in windows)
    return tuple(ws for _ in range(n_tours))


@dataclass(frozen=True, eq=False)
class Problem:
    """Travel-time matrix (integers, asymmetric allowed) over points, visits and tours."""

    travel: np.ndarray
    visits: tuple[Visit, ...]
    tours: tuple[Tour, ...]
    name: str = ""
    _required: tuple[int, ...] = field(init=False, repr=False, default=())

    def __post_init__(self) -> None:
        t = np.asarray(self.travel)
        if t.ndim != 2 or t.shape[0] != t.shape[1]:
            raise ProblemError("travel must be a square matrix")
        if not np.issubdtype(t.dtype, np.integer):
            if not np.all(np.asarray(t, dtype=float) == np.floor(np.asarray(t, dtype=float))):
                raise ProblemError("travel times must be integers")
        t = np.ascontiguousarray(t, dtype=np.int64)
        if (t < 0).any():
            raise ProblemError("travel times must be non-negative")
        t.setflags(write=False)
        object.__setattr__(self, "travel", t)
        object.__setattr__(self, "visits", tuple(self.visits))
        object.__setattr__(self, "tours", tuple(self.tours))
        if not self.tours:
            raise ProblemError("at least one tour is needed")
        n_points = t.shape[0]
        for k, tour in enumerate(self.tours):
            for p in (tour.start_point, tour.end_point):
                _check_point(p, n_points, f"tour {k}")
            if tour.deadline < tour.start_time:
                raise ProblemError(f"tour {k}: deadline before start time")
            if tour.lunch is not None:
                _check_break(tour.lunch, n_points, k)
        for v, visit in enumerate(self.visits):
            _check_point(visit.point, n_points, f"visit {v}")
            if not isinstance(visit.score, (int, np.integer)) or visit.score < 0:
                raise ProblemError(f"visit {v}: score must be a non-negative int (scale floats)")
            if visit.duration < 0:
                raise ProblemError(f"visit {v}: negative duration")
            if len(visit.windows) != len(self.tours):
                raise ProblemError(f"visit {v}: needs one window tuple per tour")
            for ws in visit.windows:
                for w in ws:
                    if w.latest < w.earliest or (w.duration is not None and w.duration < 0):
                        raise ProblemError(f"visit {v}: bad window {w}")
        object.__setattr__(self, "_required", tuple(v for v, x in enumerate(self.visits) if x.required))

    @property
    def n_tours(self) -> int:
        return len(self.tours)

    @property
    def required(self) -> tuple[int, ...]:
        return self._required

    def windows(self, visit: int, tour: int) -> list[tuple[int, int, int]]:
        """(earliest, latest, duration) triples with the duration override resolved."""
        x = self.visits[visit]
        return [(w.earliest, w.latest, x.duration if w.duration is None else w.duration)
                for w in x.windows[tour]]

    def with_visits(self, visits: Sequence[Visit]) -> "Problem":
        return Problem(self.travel, tuple(visits), self.tours, self.name)


def _check_point(p: int, n: int, what: str) -> None:
    if not 0 <= p < n:
        raise ProblemError(f"{what}: point {p} outside the travel matrix")


def _check_break(b: Break, n_points: int, k: int) -> None:
    if b.duration < 0 or b.latest_end - b.earliest_start < b.duration:
        raise ProblemError(f"tour {k}: break window shorter than the break")
    if not b.venues and not b.in_place:
        raise ProblemError(f"tour {k}: break has neither venues nor in-place allowance")
    for venue in b.venues:
        _check_point(venue.point, n_points, f"tour {k} venue")
        for o, c in venue.opening:
            if c < o:
                raise ProblemError(f"tour {k}: venue opening ({o}, {c}) reversed")
