"""Peer solvers on an OPTW/TOPTW instance, each given the same integer data and time limit.

Each function returns (routes as vertex ids per tour, seconds).  Nothing here is trusted:
``benchmarks/optw.py`` re-checks every route with our own evaluator.

Pricing choices (see /work/shared/optw/README.md):
* OR-Tools: a dropped vertex costs 10 * scale * score travel units (one score unit ~ 10
  distance units); arc cost = travel time; guided local search.
* PyVRP: ``prize = 10 * scale * score`` on optional clients, unit distance cost 1.
* VROOM: priorities must be integers 0-100, so ``priority = round(100 * score / max score)``
  (several scores may collapse onto one priority; this is VROOM's limitation, not ours).
"""
from __future__ import annotations

import time
from datetime import timedelta

from planner.solver.optw_format import OptwInstance

Routes = list[list[int]]


def run_ortools(inst: OptwInstance, tours: int, time_limit: float) -> tuple[Routes, float]:
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    t0 = time.perf_counter()
    tt = inst.travel().tolist()
    n = len(inst.xy)
    budget = inst.budget
    manager = pywrapcp.RoutingIndexManager(n, tours, 0)
    routing = pywrapcp.RoutingModel(manager)

    def transit(i: int, j: int) -> int:
        a, b = manager.IndexToNode(i), manager.IndexToNode(j)
        return tt[a][b] + inst.duration[a]

    def arc(i: int, j: int) -> int:
        return tt[manager.IndexToNode(i)][manager.IndexToNode(j)]

    cb_time = routing.RegisterTransitCallback(transit)
    cb_arc = routing.RegisterTransitCallback(arc)
    routing.SetArcCostEvaluatorOfAllVehicles(cb_arc)
    routing.AddDimension(cb_time, budget, budget, False, "time")
    dim = routing.GetDimensionOrDie("time")
    for v in range(1, n):
        idx = manager.NodeToIndex(v)
        dim.CumulVar(idx).SetRange(inst.opens[v], inst.closes[v])
        routing.AddDisjunction([idx], 10 * inst.scale * inst.score[v])
    for k in range(tours):
        dim.CumulVar(routing.Start(k)).SetRange(inst.opens[0], budget)
        dim.CumulVar(routing.End(k)).SetRange(inst.opens[0], budget)
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.time_limit.FromMilliseconds(int(time_limit * 1000))
    sol = routing.SolveWithParameters(params)
    routes: Routes = [[] for _ in range(tours)]
    if sol is not None:
        for k in range(tours):
            idx = sol.Value(routing.NextVar(routing.Start(k)))
            while not routing.IsEnd(idx):
                routes[k].append(manager.IndexToNode(idx))
                idx = sol.Value(routing.NextVar(idx))
    return routes, time.perf_counter() - t0


def run_pyvrp(inst: OptwInstance, tours: int, time_limit: float, seed: int = 1) -> tuple[Routes, float]:
    from pyvrp import Model
    from pyvrp.stop import MaxRuntime

    t0 = time.perf_counter()
    tt = inst.travel().tolist()
    n = len(inst.xy)
    m = Model()
    depot = m.add_depot(m.add_location(0, 0), tw_early=inst.opens[0], tw_late=inst.budget)
    m.add_vehicle_type(num_available=tours, start_depot=depot, end_depot=depot,
                       tw_early=inst.opens[0], tw_late=inst.budget)
    clients = [m.add_client(m.add_location(0, 0), service_duration=inst.duration[v],
                            tw_early=inst.opens[v], tw_late=inst.closes[v],
                            prize=10 * inst.scale * inst.score[v], required=False)
               for v in range(1, n)]
    locs = m.locations
    for i in range(n):
        for j in range(n):
            if i != j:
                m.add_edge(locs[i], locs[j], distance=tt[i][j], duration=tt[i][j])
    res = m.solve(stop=MaxRuntime(max(0.0, time_limit - (time.perf_counter() - t0))),
                  seed=seed, display=False)
    routes: Routes = [[] for _ in range(tours)]
    del clients
    for k, r in enumerate(res.best.routes()):
        # activity idx counts clients from 0, and client i is vertex i + 1
        routes[k] = [int(a.idx) + 1 for a in r.schedule() if a.is_client()]
    return routes, time.perf_counter() - t0


def run_vroom(inst: OptwInstance, tours: int, time_limit: float) -> tuple[Routes, float]:
    import numpy as np
    import vroom

    t0 = time.perf_counter()
    n = len(inst.xy)
    problem = vroom.Input()
    problem.set_durations_matrix(profile="car", matrix_input=np.asarray(inst.travel(), dtype=np.uint32))
    top = max(inst.score[1:]) or 1
    for k in range(tours):
        problem.add_vehicle(vroom.Vehicle(k, start=0, end=0, profile="car",
                                          time_window=vroom.TimeWindow(inst.opens[0], inst.budget)))
    for v in range(1, n):
        problem.add_job(vroom.Job(v, location=v, default_service=inst.duration[v],
                                  time_windows=[vroom.TimeWindow(inst.opens[v], inst.closes[v])],
                                  priority=round(100 * inst.score[v] / top)))
    sol = problem.solve(exploration_level=5, nb_threads=1, timeout=timedelta(seconds=time_limit))
    routes: Routes = [[] for _ in range(tours)]
    df = sol.routes
    for row in df.itertuples():
        if row.type == "job":
            routes[int(row.vehicle_id)].append(int(row.id))
    return routes, time.perf_counter() - t0


PEERS = {"ortools": run_ortools, "pyvrp": run_pyvrp, "vroom": run_vroom}
