"""plan_trip: one computation from a TripRequest to an Itinerary that the page, the API and every export share.

Builds the optimisation problem (places, travel matrix, per-day windows, lunch), solves it (proven
optimum for county-sized catalogs; a seeded, iteration-bounded search for large ones, so the same
request always gives the same plan), then explains every site left out.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from catalog.model import Catalog, LocalizedText

from . import meals, must, notice, solver
from .candidates import Candidates, build, static_reason
from .explain import explain_skipped, warnings_for
from .itinerary import Day, Itinerary, Leg, Lunch, Skipped, Totals, Visit
from .reasons import Reason, bilingual_names, clock
from .request import PlaceRef, RequestError, TripRequest
from .holiday_traffic import trip_traffic
from .travel import MODES, EstimatedTravelTimes, Matrix, MatrixCache, Place, TravelTimes, slowed

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

    suggest: bool = True  # a plan that misses its point comes with checked alternatives (planner.notice)

    def plan(self, req: TripRequest, catalog: Catalog, now: datetime, *, suggest: bool | None = None,
             explain: bool = True) -> Itinerary:
        """The trip's plan. ``explain=False``: the stops alone, as a suggested change is tried with (no reasons
        for the sites left out, no notice, no alternatives: most of a plan's work after the solve)."""
        cands = build(req, catalog, now)
        places = _places(req, catalog, cands)
        matrix = self.cache.get(self.travel, catalog.version, places, req.mode)
        matrix = _with_traffic(matrix, req, catalog, cands, now)
        required = {c.site.id for c in cands.chosen if c.required}

        def base(req_set: set[str]) -> solver.Problem:
            return _problem(req, cands, places, matrix, req_set)

        kept = self._keep_musts(base, cands, req, set(required))
        if kept is None:  # not even an empty day fits between departure and return
            raise RequestError({"return_by": ("return_before_depart", {})})
        problem, solution, conflict = kept
        meal = None
        sites = meals.to_try(req, cands, solution) if req.lunch else set()
        if sites:
            problem, solution, conflict, meal = self._meal_variant(
                base, cands, req, required, sites, (problem, solution, conflict, None))
        unavailable = [(s, r) for s, r in cands.dropped if s.id in req.must]
        if unavailable and conflict is None:
            conflict = Reason("must_unavailable", {
                "others": bilingual_names([(s.name.zh, s.name.en) for s, _ in unavailable]),
                "why": {"zh": unavailable[0][1].message("zh"), "en": unavailable[0][1].message("en")}})
        why_must = must.reasons(problem, solution, cands, req) if explain else {}
        if why_must:  # name each must-visit left out, with its own rule and numbers
            conflict = next(iter(why_must.values())) if len(why_must) == 1 else Reason("musts_left_out", {
                "reasons": {lang: " ".join(r.message(lang) for r in why_must.values()) for lang in ("zh", "en")}})
        it = _itinerary(req, catalog, cands, places, matrix, solution, conflict, self.explain_displace_max, meal,
                        why_must, explain)
        if not explain:
            return it
        found = notice.notice_for(it, req, cands)
        if found is not None and (self.suggest if suggest is None else suggest):
            found = notice.with_alternatives(found, it, req, cands, lambda r: self.plan(r, catalog, now, explain=False))
        return replace(it, notice=found) if found is not None else it

    def _keep_musts(self, make, cands: Candidates, req: TripRequest, required: set[str],
                    pinned: frozenset[str] = frozenset()):
        """Solve keeping every must-visit that can be kept: release the fewest, least valuable first.
        None when the pinned visits (or an empty day) cannot be planned at all."""
        conflict = None
        while True:
            problem = make(required)
            if problem is None:
                return None
            try:
                return problem, self._solve(problem), conflict
            except solver.Infeasible:
                if not required - pinned:
                    return None
                found, reason = _conflict(problem, cands, req)
                if not found:  # the day fails without any visit: no release can help
                    return None
                conflict = conflict or reason
                options = [v for v in found if cands.chosen[v].site.id not in pinned]
                if not options:
                    return None
                release = min(options, key=lambda v: (cands.chosen[v].score, cands.chosen[v].site.id))
                required.discard(cands.chosen[release].site.id)

    def _meal_variant(self, base, cands: Candidates, req: TripRequest, required: set[str], sites: set[str], best):
        """The plan with lunch eaten during a visit to a site that serves meals, when that is better: more
        must-visits kept, or as many and a higher score."""
        problem0 = base(set(required))
        meal_visits = [v for v, c in enumerate(cands.chosen) if c.site.id in sites]
        musts = sum(1 for c in cands.chosen if c.site.id in req.must)
        for mv in meals.variants(problem0, meal_visits):
            site = cands.chosen[mv.visit].site.id
            make = lambda s, mv=mv: meals.variant_problem(base(s), mv, req)  # noqa: E731
            if meals.musts_kept(best[1], cands, req) < musts:
                kept = self._keep_musts(make, cands, req, set(required) | {site}, frozenset({site}))
            else:  # only a higher score can win, with every must-visit in: one solve bounded by the best score
                kept = self._beating(make(set(required) | {site}), best[1].score)
            if kept is not None and meals.key(kept[1], cands, req) > meals.key(best[1], cands, req):
                best = (*kept, mv)
        return best

    def _beating(self, problem: solver.Problem | None, score: int):
        """(problem, its best plan, no conflict) when a plan of ``problem`` scores more than ``score``; else None."""
        if problem is None:
            return None
        try:
            return problem, self._solve(problem, must_beat=score), None
        except solver.Infeasible:
            return None

    def _solve(self, problem: solver.Problem, must_beat: int | None = None) -> solver.Solution:
        # Days, then the exact search, then a seeded search with a fixed number of iterations: a plan that
        # depends on the problem's size, never on the machine's speed, so a permalink always gives it again.
        return solver.solve(problem, method="auto", seed=0, stop=solver.StopAfter(self.time_limit, self.iterations),
                            policy=solver.Auto(days=self.exact_days, exact_max_multi_day=self.exact_multi_day_max),
                            must_beat=must_beat)


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
    """Where lunch can be had: the same filters as the visits (excluded, step-free, group size)."""
    if not req.lunch:
        return []
    return [s for s in catalog.published_sites if s.meals and static_reason(s, req, False) is None]


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
                for s in _venues_from(cands, places, k, req))
            lunch = solver.Break(req.lunch_min, req.lunch_from, req.lunch_to, venues, in_place=True)
        tours.append(solver.Tour(index[start.key], index[end.key], req.depart, req.return_by, lunch))
    return solver.Problem(matrix.minutes, visits, tuple(tours))


def _venues_from(cands: Candidates, places: list[Place], k: int, req: TripRequest):
    keys = {p.key for p in places}
    seen = {site_id for (site_id, day) in cands.open_days if day == k and site_id in keys}
    from_sites = {c.site.id: c.site for c in cands.chosen}
    dropped = {s.id: s for s, _ in cands.dropped}
    for site_id in sorted(seen):
        site = from_sites.get(site_id) or dropped.get(site_id)
        if site is not None and site.meals and cands.open_days[(site_id, k)].is_open \
                and static_reason(site, req, False) is None:
            yield site


def _conflict(problem: solver.Problem, cands: Candidates, req: TripRequest) -> tuple[tuple[int, ...], Reason]:
    found = solver.minimal_conflict(problem, problem.required, time_limit=1.0)
    visits = found.visits if found else problem.required
    if not visits:
        return (), None
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


def _itinerary(req, catalog, cands, places, matrix, solution, conflict, displace_max=None, meal=None,
               why_must=None, explain=True) -> Itinerary:
    by_visit = cands.chosen
    days = []
    for k, plan in enumerate(solution.tours):
        tour = solution.problem.tours[k]
        prev = tour.start_point
        visits, lunch = [], None
        if meal is not None and meal.day == k:
            stop = next(s for s in plan.stops if s.visit == meal.visit)
            site = by_visit[meal.visit].site
            lunch = Lunch(*meals.lunch_times(stop.start, stop.end, req), site.id, site.id, site.name, during=True)
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
                        _leg(matrix, places, prev, tour.end_point), plan.return_time, *_calendar(cands, k)))
    chosen = {v.site for d in days for v in d.visits}
    why_must = why_must or {}
    skipped = tuple(Skipped(s.id, s.name, r) for s, r in cands.dropped) + tuple(
        Skipped(s.site, s.name, why_must.get(s.site, s.reason))
        for s in (explain_skipped(solution, cands, req, chosen, conflict, displace_max) if explain else ()))
    return Itinerary(
        request_params=req.to_params(), catalog_version=catalog.version, days=tuple(days),
        skipped=skipped, warnings=warnings_for(req, catalog, cands, days, matrix), totals=_totals(days, catalog, req),
        score=solution.score, proven_optimal=solution.proven_optimal, method=solution.method, conflict=conflict)


def _calendar(cands: Candidates, k: int) -> tuple[str, str, bool]:
    info = next((od.info for (_, day), od in cands.open_days.items() if day == k), None)
    return (info.kind, info.holiday, info.provisional) if info is not None else ("workday", "", False)


def _lunch(b, tour, catalog, places, matrix, prev: int) -> tuple[Lunch, int]:
    if b.place == "venue":
        venue = tour.lunch.venues[b.venue]
        site = catalog.site(places[venue.point].key)
        return Lunch(b.start, b.end, site.id, site.id, site.name, _leg(matrix, places, prev, venue.point)), venue.point
    near = place_name(places[b.point].key, catalog)
    name = LocalizedText(f"在{near.zh}附近用餐", f"Lunch near {near.en}")
    return Lunch(b.start, b.end, None, places[b.point].key, name, where=b.place), prev


def _totals(days: list[Day], catalog: Catalog, req: TripRequest) -> Totals:
    visits = [v for d in days for v in d.visits]
    prices = [catalog.site(v.site).price.amount_cny for v in visits]
    return Totals(travel_minutes=sum(d.travel_minutes for d in days),
                  visit_minutes=sum(v.end - v.start for v in visits), km=sum(d.km for d in days),
                  tickets_cny=sum(p * req.group for p in prices if p is not None),
                  tickets_unknown=sum(1 for p in prices if p is None))
