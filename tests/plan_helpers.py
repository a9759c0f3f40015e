"""Shared by the planner tests: a fixed trip (a Friday from Chongqing) and its query strings."""
from __future__ import annotations

from urllib.parse import urlencode

FRIDAY, SATURDAY = "2026-12-04", "2026-12-05"  # FIXED_NOW is Tuesday 2026-12-01
TRIP = {"start": "chongqing", "date": FRIDAY}
TWO_DAYS = {"start": "chongqing", "date": FRIDAY, "days": "2", "overnight": "wusheng-seat"}


def query(fields: dict, **extra) -> str:
    return urlencode({**fields, **extra})
