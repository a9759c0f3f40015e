"""Pure optimisation core of the itinerary planner (no Flask, no maps).

Build a ``Problem`` (points, travel times, visits with per-tour windows, tours with an optional
break), call ``solve``; every ``Solution`` verifies itself on construction.  ``evaluate`` and
the helpers in ``explain`` let callers test and explain alternatives.  Importing this package
compiles nothing: the numba kernel is compiled (or loaded from its cache) on first use.
"""
from .api import Auto, StopAfter, solve
from .explain import Conflict, Displacement, Insertion, best_insertion, displace, minimal_conflict
from .problem import Break, Problem, ProblemError, Tour, Venue, Visit, Window, same_windows
from .schedule import BreakPlan, Failure, Stop, TourPlan, evaluate, schedule_route
from .solution import Infeasible, InvalidSolution, Solution, verify

__all__ = [
    "Auto", "Break", "BreakPlan", "Conflict", "Displacement", "Failure", "Infeasible", "Insertion",
    "InvalidSolution", "Problem", "ProblemError", "Solution", "Stop", "Tour", "TourPlan", "Venue",
    "Visit", "Window", "best_insertion", "displace", "evaluate", "minimal_conflict",
    "same_windows", "schedule_route", "solve", "StopAfter", "verify",
]
