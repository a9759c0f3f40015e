"""Waiting for a saved edit to show on a public instance, shared by the deploy tests."""
from __future__ import annotations

import time

import requests


def seen_after(url: str, text: str, since: float, deadline: float) -> float | None:
    """Seconds from ``since`` until ``url`` (in English) shows ``text``; None if not within ``deadline`` seconds."""
    while time.monotonic() - since < deadline:
        if text in requests.get(url, headers={"Accept-Language": "en"}, timeout=10).text:
            return time.monotonic() - since
        time.sleep(0.02)
    return None
