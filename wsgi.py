"""The WSGI entry point for production (gunicorn.conf.py): the app, with the solver's compiled kernels ready.

``warm_up()`` compiles the numba kernels, or loads them from their on-disk cache (< 1 s once compiled), so the
first plan a visitor asks for is not the one that pays 20-40 s of compilation. With ``preload_app`` this runs
once in gunicorn's master and every worker forks with the kernels loaded.
"""
from app import create_app
from planner.solver.heuristic import warm_up

warm_up()
app = create_app()
