"""Every setting, with its default and a line of help. Override with WUSHENG_<NAME> environment variables."""
from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("SECRET_KEY", None, "Signs sessions and CSRF tokens. Set a long random value in production; "
            "without one a random key is made per process (sessions then end at restart)."),
    Setting("CATALOG_PATH", str(ROOT / "sites.yaml"), "The YAML catalog of sites, tours and start points."),
    Setting("COMPRESS_ALGORITHM", "gzip", "Response compression (Flask-Compress): gzip suits every phone browser; "
            "'br' or a list such as ['br', 'gzip'] also works."),
    Setting("SITE_URL", "", "Public base URL (https://trails.example.cn) used in QR codes, feeds and oEmbed; "
            "empty = the request's own host."),
    Setting("PLAN_CACHE_SIZE", 64, "Planned trips kept per process (by catalog version, request and minute), so a "
            "plan's exports, QR code and day sheet right after the page cost no second solve."),
    Setting("PLAN_EXACT_SECONDS", 2.0, "Safety limit of the exact optimiser per web request (a day trip is proven in "
            "well under it); past it, the seeded search below decides."),
    Setting("PLAN_EXACT_MULTI_DAY_MAX", 10, "Trips of several days use the exact optimiser up to this many candidate "
            "sites, the seeded search beyond (proofs take seconds there; the search is within a few percent)."),
    Setting("PLAN_SEARCH_ITERATIONS", 400, "Fixed work of the seeded search: the same request gives the same plan "
            "(about 40 ms for a 2-day trip on 17 sites)."),
    Setting("PLAN_EXPLAIN_DISPLACE_MAX", 3, "For this many of the best sites left out, the page names what each would "
            "push out of the plan (the costly part of explaining); the others say there is no room as planned."),
    Setting("API_CORS_ORIGINS", "*", "Origins allowed to read the API's GET endpoints from a browser, comma-separated; "
            "* = any. POST /api/v1/plan is never cross-origin."),
    Setting("API_MAX_BODY_BYTES", 16384, "Largest request body the API reads; larger bodies get 413."),
    Setting("API_PLAN_RATE_PER_MINUTE", 120, "POST /api/v1/plan requests per client address and minute, per worker "
            "process (429 beyond, with Retry-After); 0 = no limit (load tests)."),
)


def _coerce(raw: str, default: object) -> object:
    if isinstance(default, bool):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, (list, tuple, dict)):
        return json.loads(raw)
    return raw


def load(app: Flask, test_config: dict | None) -> None:
    for s in SETTINGS:
        raw = os.environ.get(f"WUSHENG_{s.name}")
        app.config[s.name] = _coerce(raw, s.default) if raw is not None else s.default
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secrets.token_hex(32)
