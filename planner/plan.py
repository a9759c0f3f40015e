"""plan_trip: one computation from a TripRequest to an Itinerary that the page, the API and every export share.

Builds the optimisation problem (places, travel matrix, per-day windows, lunch), solves it (proven
optimum for county-sized catalogs; a seeded, iteration-bounded search for large ones, so the same
request always gives the same plan), then explains every site left out.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from catalog.model import Catalog, LocalizedText

from . import solver
from .candidates import Candidates, build
from .explain import explain_skipped, warnings_for
from .itinerary import Day, Itinerary, Leg, Lunch, Skipped, Totals, Visit
from .reasons import Reason, bilingual_names, clock
from .request import PlaceRef, RequestError, TripRequest
from .holiday_traffic import trip_traffic
from .travel import MODES, EstimatedTravelTimes, Matrix, MatrixCache, Place, TravelTimes, slowed

EXACT_LIMIT = 30  # candidates up to which the exact solver runs (a county has ~20)
ILS_ITERATIONS = 4000  # fixed work for large catalogs: deterministic, unlike a wall-clock limit


@dataclass
class Planner:
    travel: TravelTimes = field(default_factory=EstimatedTravelTimes)
    cache: MatrixCache = field(default_factory=MatrixCache)
    time_limit: float = 3.0  # for the exact search; past it, the fixed-work search below decides
    iterations: int = ILS_ITERATIONS
    # Trips of several days: the exact search only up to this many candidates (None: always). Beyond it, proving
    # the optimum takes seconds while the seeded search is within a few percent in tens of milliseconds; the
    # choice depends on the problem's size, not on the clock, so a permalink gives the same plan under any load.
    exact_multi_day_max: int | None = None
    exact_days: bool = True  # trips of 2-3 days: the exact set-combination solver first (solver.days)
    explain_displace_max: int | None = None  # see explain_skipped: None names what every left-out site displaces

    def plan(self, req: TripRequest, catalog: Catalog, now: datetime) -> Itinerary:
        cands = build(req, catalog, now)
        places = _places(req, catalog, cands)
        matrix = self.cache.get(self.travel, catalog.version, places, req.mode)
        matrix = _with_traffic(matrix, req, catalog, cands, now)
        required = {c.site.id for c in cands.chosen if c.required}
        conflict = None
        while True:
            problem = _problem(req, cands, places, matrix, required)
            try:
                solution = self._solve(problem)
                break
            except solver.Infeasible:
                if not required:  # not even an empty day fits between departure and return
                    raise RequestError({"return_by": ("return_before_depart", {})}) from None
                found, reason = _conflict(problem, cands, req)
                conflict = conflict or reason
                # keep the must-visits that can be kept: release the least valuable one of the conflict
                release = min(found, key=lambda v: (cands.chosen[v].score, cands.chosen[v].site.id))
                required.discard(cands.chosen[release].site.id)
        unavailable = [(s, r) for s, r in cands.dropped if s.id in req.must]
        if unavailable and conflict is None:
            conflict = Reason("must_unavailable", {
                "others": bilingual_names([(s.name.zh, s.name.en) for s, _ in unavailable]),
                "why": {"zh": unavailable[0][1].message("zh"), "en": unavailable[0][1].message("en")}})
        return _itinerary(req, catalog, cands, places, matrix, solution, conflict, self.explain_displace_max)

    def _solve(self, problem: solver.Problem) -> solver.Solution:
        if len(problem.tours) > 1 and self.exact_days:
            # proven and clock-free; None when the trip is too large for it
            solution = solver.solve(problem, method="days")
            if solution is not None:
                return solution
        several = len(problem.tours) > 1 and self.exact_multi_day_max is not None
        if len(problem.visits) <= (min(EXACT_LIMIT, self.exact_multi_day_max) if several else EXACT_LIMIT):
            try:
                solution = solver.solve(problem, time_limit=self.time_limit, method="exact")
            except solver.Infeasible as exc:
                if exc.proven:
                    raise
                solution = None
            if solution is not None and solution.proven_optimal:
                return solution
        # Too large for the exact search, or it ran out of time: its best-so-far would depend on the machine's
        # speed, while a seeded search with a fixed number of iterations gives the same plan for the same
        # request everywhere (what permalinks rely on).
        return solver.solve(problem, method="ils", seed=0, iterations=self.iterations, time_limit=60)


def _with_traffic(matrix: Matrix, req: TripRequest, catalog: Catalog, cands: Candidates, now: datetime) -> Matrix:
    profile = MODES[req.mode]
    traffic = trip_traffic([d.date() for d in cands.days[:req.days]], catalog.calendar, now.date()) \
        if profile.road else None
    return matrix if traffic is None else slowed(matrix, traffic.factor, profile.parking_min, traffic.note())


def place_of(ref: PlaceRef, catalog: Catalog) -> Place:
    if ref.kind == "coords" and ref.location is not None:
        return Place(ref.key, ref.location)
    if ref.kind == "site":
        return Place(ref.id, catalog.site(ref.id).location)
    return Place(ref.id, catalog.start_point(ref.id).location)


def place_name(key: str, catalog: Catalog) -> LocalizedText:
    if key.startswith("coords:"):
        return LocalizedText("您的位置", "Your location")
    thing = catalog.site(key) or catalog.start_point(key)
    return thing.name if thing else LocalizedText(key, key)


def _places(req: TripRequest, catalog: Catalog, cands: Candidates) -> list[Place]:
    refs = [req.start, req.end] + ([req.overnight] if req.overnight else [])
    places: dict[str, Place] = {}
    for ref in refs:
        place = place_of(ref, catalog)
        places.setdefault(place.key, place)
    for c in cands.chosen:
        places.setdefault(c.site.id, Place(c.site.id, c.site.location))
    for site in _venues(req, catalog):
        places.setdefault(site.id, Place(site.id, site.location))
    return list(places.values())


def _venues(req: TripRequest, catalog: Catalog):
    return [s for s in catalog.published_sites if s.meals and s.id not in req.exclude] if req.lunch else []


def _problem(req: TripRequest, cands: Candidates, places: list[Place], matrix: Matrix,
             required: set[str]) -> solver.Problem:
    index = {p.key: i for i, p in enumerate(places)}
    visits = tuple(solver.Visit(index[c.site.id], c.score, c.duration, c.windows, c.site.id in required, c.site.id)
                   for c in cands.chosen)
    tours = []
    for k in range(req.days):
        start = req.start if k == 0 else req.overnight
        end = req.end if k == req.days - 1 else req.overnight
        lunch = None
        if req.lunch:
            venues = tuple(
                solver.Venue(index[s.id], tuple((w.opens, w.closes) for w in cands.open_days[(s.id, k)].windows), s.id)
                for s in _venues_from(cands, places, k))
            lunch = solver.Break(req.lunch_min, req.lunch_from, req.lunch_to, venues, in_place=True)
        tours.append(solver.Tour(index[start.key], index[end.key], req.depart, req.return_by, lunch))
    return solver.Problem(matrix.minutes, visits, tuple(tours))


def _venues_from(cands: Candidates, places: list[Place], k: int):
    keys = {p.key for p in places}
    seen = {site_id for (site_id, day) in cands.open_days if day == k and site_id in keys}
    from_sites = {c.site.id: c.site for c in cands.chosen}
    dropped = {s.id: s for s, _ in cands.dropped}
    for site_id in sorted(seen):
        site = from_sites.get(site_id) or dropped.get(site_id)
        if site is not None and site.meals and cands.open_days[(site_id, k)].is_open:
            yield site


def _conflict(problem: solver.Problem, cands: Candidates, req: TripRequest) -> tuple[tuple[int, ...], Reason]:
    found = solver.minimal_conflict(problem, problem.required, time_limit=1.0)
    visits = found.visits if found else problem.required
    sites = [cands.chosen[v].site for v in visits]
    kind = found.kind if found else "tours"
    why_code = {"deadline": "conflict_deadline", "window": "conflict_window", "closed": "conflict_closed",
                "break": "conflict_break"}.get(kind, "conflict_tours")
    why = Reason(why_code, {"time": clock(req.return_by)})
    return visits, Reason("conflict", {"others": bilingual_names([(s.name.zh, s.name.en) for s in sites]),
                                       "why": {"zh": why.message("zh"), "en": why.message("en")}})


def _leg(matrix: Matrix, places: list[Place], a: int, b: int) -> Leg:
    approx = places[a].location.is_estimate or places[b].location.is_estimate
    return Leg(places[a].key, places[b].key, int(matrix.minutes[a, b]), float(matrix.km[a, b]), approx)


def _itinerary(req, catalog, cands, places, matrix, solution, conflict, displace_max=None) -> Itinerary:
    by_visit = cands.chosen
    days = []
    for k, plan in enumerate(solution.tours):
        tour = solution.problem.tours[k]
        prev = tour.start_point
        visits, lunch = [], None
        for g in range(len(plan.stops) + 1):
            b = plan.lunch
            if b is not None and b.gap == g:
                lunch, prev = _lunch(b, tour, catalog, places, matrix, prev)
            if g == len(plan.stops):
                break
            s = plan.stops[g]
            c = by_visit[s.visit]
            visits.append(Visit(c.site.id, c.site.name, _leg(matrix, places, prev, s.point), s.arrival, s.wait,
                                s.start, s.end, s.departure, c.guided, c.site.booking.required))
            prev = s.point
        days.append(Day(k, cands.days[k].date(), places[tour.start_point].key, places[tour.end_point].key,
                        place_name(places[tour.start_point].key, catalog), place_name(places[tour.end_point].key, catalog),
                        plan.departure, tour.deadline, tuple(visits), lunch,
                        _leg(matrix, places, prev, tour.end_point), plan.return_time))
    chosen = {v.site for d in days for v in d.visits}
    skipped = tuple(Skipped(s.id, s.name, r) for s, r in cands.dropped) + explain_skipped(
        solution, cands, req, chosen, conflict, displace_max)
    return Itinerary(
        request_params=req.to_params(), catalog_version=catalog.version, days=tuple(days),
        skipped=skipped, warnings=warnings_for(req, catalog, cands, days, matrix), totals=_totals(days, catalog, req),
        score=solution.score, proven_optimal=solution.proven_optimal, method=solution.method, conflict=conflict)


def _lunch(b, tour, catalog, places, matrix, prev: int) -> tuple[Lunch, int]:
    if b.place == "venue":
        venue = tour.lunch.venues[b.venue]
        site = catalog.site(places[venue.point].key)
        return Lunch(b.start, b.end, site.id, site.id, site.name, _leg(matrix, places, prev, venue.point)), venue.point
    near = place_name(places[b.point].key, catalog)
    name = LocalizedText(f"在{near.zh}附近用餐", f"Lunch near {near.en}")
    return Lunch(b.start, b.end, None, places[b.point].key, name), prev


def _totals(days: list[Day], catalog: Catalog, req: TripRequest) -> Totals:
    visits = [v for d in days for v in d.visits]
    prices = [catalog.site(v.site).price.amount_cny for v in visits]
    return Totals(travel_minutes=sum(d.travel_minutes for d in days),
                  visit_minutes=sum(v.end - v.start for v in visits), km=sum(d.km for d in days),
                  tickets_cny=sum(p * req.group for p in prices if p is not None),
                  tickets_unknown=sum(1 for p in prices if p is None))
