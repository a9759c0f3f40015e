"""Reasons for the sites the optimiser left out, and the warnings a visitor should read before going."""
from __future__ import annotations

from catalog.model import Catalog

from . import solver
from .candidates import Candidates
from .itinerary import Day, Skipped
from .reasons import Reason, bilingual_names, clock
from .request import TripRequest
from .travel import Matrix


def explain_skipped(solution: solver.Solution, cands: Candidates, req: TripRequest, chosen: set[str],
                    conflict: Reason | None = None, displace_max: int | None = None) -> tuple[Skipped, ...]:
    """For each candidate not planned: what it would displace, or which limit it breaks (each claim checked).

    The search for what a site would displace is most of the cost of explaining a plan; ``displace_max``
    limits it to that many of the best-scoring sites left out. The others say what is true of the plan as it
    stands (it would miss the return time, or there is no room for it) instead of naming what they would
    push out."""
    problem = solution.problem
    routes = [list(plan.visits) for plan in solution.tours]
    skipped = [v for v, cand in enumerate(cands.chosen) if cand.site.id not in chosen]
    by_score = sorted(skipped, key=lambda v: (-cands.chosen[v].score, cands.chosen[v].site.id))
    searched = set(by_score if displace_max is None else by_score[:displace_max])
    out = []
    for v in skipped:
        cand = cands.chosen[v]
        if conflict is not None and cand.site.id in req.must:
            out.append(Skipped(cand.site.id, cand.site.name, conflict))
            continue
        out.append(Skipped(cand.site.id, cand.site.name, _why(problem, routes, v, cands, req, v in searched)))
    return tuple(out)


def _why(problem: solver.Problem, routes, v: int, cands: Candidates, req: TripRequest, search: bool = True) -> Reason:
    # The compiled displacement search first: when it names what the site would push out, the slower
    # reference search for the nearest miss is not needed.
    moved = solver.displace(problem, routes, v) if search else None
    if moved is not None and moved.removed:
        sites = [cands.chosen[u].site for u in moved.removed]
        return Reason("worth_less", {"others": bilingual_names([(s.name.zh, s.name.en) for s in sites])})
    insertion = solver.best_insertion(problem, routes, v)
    if insertion.feasible:  # fits, but the optimum is as good without it (e.g. no interest at all)
        return Reason("not_interesting")
    if not search:
        if insertion.failure is not None and insertion.failure.reason == "deadline":
            return Reason("deadline", {"time": clock(req.return_by)})
        return Reason("no_room")
    if problem.required and moved is None and solver.displace(_optional(problem), routes, v) is not None:
        return Reason("must_first")
    failure = insertion.failure
    kind = failure.reason if failure else "deadline"
    if kind == "window":
        return Reason("window")
    if kind == "break":
        return Reason("lunch")
    if kind == "closed":
        return Reason("closed")
    return Reason("deadline", {"time": clock(req.return_by)})


def _optional(problem: solver.Problem) -> solver.Problem:
    return problem.with_visits([solver.Visit(x.point, x.score, x.duration, x.windows, False, x.name)
                                for x in problem.visits])


def warnings_for(req: TripRequest, catalog: Catalog, cands: Candidates, days: list[Day],
                 matrix: Matrix) -> tuple[Reason, ...]:
    out: list[Reason] = []
    visits = [v for d in days for v in d.visits]
    for v in visits:
        site = catalog.site(v.site)
        if site.booking.required:
            contact = site.booking.phone or site.booking.url or site.contact.phone
            out.append(Reason("booking_needed", {"name": {"zh": site.name.zh, "en": site.name.en},
                                                 "contact": f" ({contact})" if contact else ""}))
    for v in visits:
        site = catalog.site(v.site)
        if site.location.is_estimate and (site.location.radius_m or 0) >= 1000:
            out.append(Reason("estimated_position", {"name": {"zh": site.name.zh, "en": site.name.en},
                                                     "n": f"{(site.location.radius_m or 0) / 1000:g}"}))
    for v in visits:
        site = catalog.site(v.site)
        if site.hours.assumed:
            out.append(Reason("unverified_hours", {"name": {"zh": site.name.zh, "en": site.name.en}}))
    years = sorted({d.date.year for k, d in enumerate(days)
                    if any(od.info.provisional for (sid, kk), od in cands.open_days.items() if kk == k)})
    for year in years:
        out.append(Reason("provisional_holidays", {"n": year}))
    if matrix.warnings:
        out.append(Reason("routing_fallback"))
    out.extend(matrix.notes)
    for d in days:
        if req.lunch and d.lunch is not None and d.lunch.venue is None:
            out.append(Reason("no_lunch_venue", {"n": d.index + 1}))
    return tuple(out)
