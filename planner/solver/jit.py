"""Optional numba: the kernels are plain loops over numpy arrays that run (slowly) without it.

Compiled code is cached on disk next to the sources (``cache=True``), so only the first run
on a clean checkout pays the compile time; importing this package compiles nothing.
"""
from __future__ import annotations

import os
from typing import Any, Callable

try:  # pragma: no cover - exercised implicitly by whichever environment runs the tests
    if os.environ.get("PLANNER_NO_NUMBA"):
        raise ImportError
    from numba import njit as _njit

    HAVE_NUMBA = True
except ImportError:  # pragma: no cover
    HAVE_NUMBA = False
    _njit = None


def njit(fn: Callable[..., Any]) -> Callable[..., Any]:
    if _njit is None:
        return fn
    return _njit(cache=True, nogil=True)(fn)
