"""Synthetic instances: realistic Wusheng day trips, and a large catalog for the heuristic.

Times are minutes after midnight.  Sites sit in a ~30 km county (driving 5-45 min apart), the
hotel/depot is 70-90 min away (Chongqing or Chengdu side), opening hours are often split by a
lunch closure (09:00-12:00 + 14:00-17:30), a few factories only run guided tours at fixed
slots with their own length, and lunch is 60 min between 11:30 and 13:30 at a restaurant or
wherever the group happens to be.
"""
from __future__ import annotations

import math
import random

import numpy as np

from .problem import Break, Problem, Tour, Venue, Visit, Window


def _hours(rng: random.Random, duration: int) -> tuple[Window, ...]:
    """Opening hours -> start windows (latest start = closing - duration)."""
    kind = rng.random()
    if kind < 0.15:  # guided-tour slots with a fixed length of their own
        length = rng.choice((45, 60, 90))
        slots = sorted(rng.sample((570, 600, 630, 660, 840, 870, 900, 930, 960), rng.randint(2, 4)))
        return tuple(Window(s, s, length) for s in slots)
    if kind < 0.65:
        spans = [(540, 720), (840, 1050)]
    elif kind < 0.9:
        spans = [(rng.choice((480, 510, 540)), rng.choice((1020, 1050, 1080)))]
    else:
        spans = [(rng.choice((540, 600)), 690), (810, rng.choice((990, 1020)))]
    return tuple(Window(o, c - duration) for o, c in spans if c - duration >= o)


def tourism_problem(n_sites: int, seed: int, *, days: int = 1, lunch: bool = True,
                    required: int = 0, venues: int = 2) -> Problem:
    """A trip request of ``n_sites`` candidates over ``days`` tours (see module docstring)."""
    rng = random.Random(seed)
    # points: 0 = far hotel, 1 = county hotel, then sites, then restaurants
    n_pts = 2 + n_sites + venues
    xy = [(rng.uniform(0, 30), rng.uniform(0, 30)) for _ in range(n_pts)]
    t = np.zeros((n_pts, n_pts), dtype=np.int64)
    for i in range(n_pts):
        for j in range(n_pts):
            if i != j:
                t[i, j] = 5 + round(math.dist(xy[i], xy[j]) * 1.3)
    far = rng.randint(70, 90)
    for i in range(1, n_pts):
        t[0, i] = t[i, 0] = far + round(math.dist(xy[0], xy[i]) * 0.3)
    brk = None
    if lunch:
        vs = tuple(Venue(2 + n_sites + j, ((rng.choice((660, 690)), rng.choice((810, 840, 870))),), f"restaurant {j}")
                   for j in range(venues))
        brk = Break(60, 690, 810, vs, in_place=True)
    tours = []
    for d in range(days):
        start = 0 if d == 0 else 1
        end = 0 if d == days - 1 else 1
        tours.append(Tour(start, end, 480 if start == 0 else 510, 1140 if end == 0 else 1200, brk))
    visits = []
    for s in range(n_sites):
        duration = rng.choice((30, 45, 60, 60, 90, 120))
        per_day = []
        for d in range(days):
            per_day.append(() if days > 1 and rng.random() < 0.15 else _hours(rng, duration))
        visits.append(Visit(2 + s, rng.randint(10, 100), duration, tuple(per_day), name=f"site {s}"))
    for v in rng.sample(range(n_sites), min(required, n_sites)):
        x = visits[v]
        visits[v] = Visit(x.point, x.score, x.duration, x.windows, True, x.name)
    return Problem(t, tuple(visits), tuple(tours), f"tourism-{n_sites}-{days}-{seed}")


def catalog_problem(n_sites: int, seed: int, *, days: int = 3) -> Problem:
    """A big synthetic catalog (e.g. 2,000 sites) for the metaheuristic: same rules, wider area."""
    rng = random.Random(seed)
    n_pts = 1 + n_sites
    xy = np.array([(rng.uniform(0, 120), rng.uniform(0, 120)) for _ in range(n_pts)])
    d = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
    t = (5 + np.floor(d * 1.2)).astype(np.int64)
    np.fill_diagonal(t, 0)
    tours = tuple(Tour(0, 0, 480, 1200, Break(60, 690, 810, (), True)) for _ in range(days))
    visits = []
    for s in range(n_sites):
        duration = rng.choice((30, 45, 60, 90))
        visits.append(Visit(1 + s, rng.randint(1, 100), duration,
                            tuple(_hours(rng, duration) for _ in range(days))))
    return Problem(t, tuple(visits), tours, f"catalog-{n_sites}-{seed}")


def small_problem(seed: int, n_sites: int, n_tours: int = 1, *, lunch: bool = False,
                  required: int = 0, horizon: int = 100) -> Problem:
    """A tiny random instance exercising every feature (for brute-force cross-checks):
    asymmetric travel without triangle inequality, 0-2 windows or guided slots with their own
    length per tour, closed days, different start/end points, an optional break with venues."""
    rng = random.Random(seed)
    n_pts = 2 + n_sites + 2
    t = np.array([[0 if i == j else rng.randint(1, 25) for j in range(n_pts)] for i in range(n_pts)],
                 dtype=np.int64)
    tours = []
    for k in range(n_tours):
        brk = None
        if lunch:
            dur = rng.randint(5, 20)
            lo = rng.randint(10, 50)
            venues = tuple(Venue(2 + n_sites + j, ((rng.randint(0, 40), rng.randint(60, 120)),))
                           for j in range(rng.randint(0, 2)))
            brk = Break(dur, lo, lo + dur + rng.randint(0, 30), venues, in_place=not venues or rng.random() < 0.5)
        tours.append(Tour(rng.randint(0, 1), rng.randint(0, 1), rng.randint(0, 10), horizon + rng.randint(-20, 20), brk))
    visits = []
    for s in range(n_sites):
        duration = rng.randint(0, 15)
        per_tour = []
        for _ in range(n_tours):
            kind = rng.random()
            if kind < 0.1:
                per_tour.append(())
            elif kind < 0.3:
                per_tour.append(tuple(Window(x, x, rng.choice((None, rng.randint(1, 20))))
                                      for x in sorted(rng.sample(range(0, horizon), rng.randint(1, 3)))))
            elif kind < 0.6:
                a = rng.randint(0, horizon // 2)
                b = rng.randint(a, horizon)
                per_tour.append((Window(rng.randint(0, a), a), Window(b, b + rng.randint(0, 30))))
            else:
                a = rng.randint(0, horizon)
                per_tour.append((Window(a, a + rng.randint(0, horizon)),))
        visits.append(Visit(2 + s, rng.randint(0, 20), duration, tuple(per_tour), name=f"s{s}"))
    for v in rng.sample(range(n_sites), min(required, n_sites)):
        x = visits[v]
        visits[v] = Visit(x.point, x.score, x.duration, x.windows, True, x.name)
    return Problem(t, tuple(visits), tuple(tours), f"small-{seed}")
