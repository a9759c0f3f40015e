"""The WSGI entry point for production (gunicorn.conf.py): the app, with the solver's compiled kernels ready and,
with WARM_UP on (the default), warmed by a few throwaway requests (web/platform/warm_up.py).

``warm_up()`` compiles the numba kernels, or loads them from their on-disk cache (< 1 s once compiled), so the
first plan a visitor asks for is not the one that pays 20-40 s of compilation. With ``preload_app`` this and the
warm-up requests run once in gunicorn's master, and every worker forks with their results in memory: the first
visitor of each worker gets a warm page and a warm plan.
"""
from app import create_app
from config import value as setting
from planner.solver.heuristic import warm_up

warm_up()
app = create_app()
if setting("WARM_UP"):
    from web.platform.warm_up import warm

    app.logger.info("warmed up in %.1f s", warm(app))
    # What the warm-up made is kept for good: out of the garbage collector's sight, the workers' collections do
    # not touch (and so copy) the memory pages they share with the master.
    import gc

    gc.collect()
    gc.freeze()
