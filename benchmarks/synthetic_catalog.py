"""A synthetic catalog of N sites spread over Wusheng County, valid against the real schema.

Used by the page-latency, planner and load benchmarks to see how the app behaves far beyond the
real catalog's size. Deterministic for a given N and seed.
"""
from __future__ import annotations

import argparse
import copy
import random
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = ["food_factory", "silk", "brewery", "museum", "showroom", "tasting", "lab", "park_facility",
              "heritage", "restaurant"]
HOURS = {
    "office": {d: ["09:00-11:30", "13:30-17:00"] for d in ("mon", "tue", "wed", "thu", "fri")},
    "museum": {d: ["09:00-17:00"] for d in ("tue", "wed", "thu", "fri", "sat", "sun")},
    "daily": {d: ["08:30-18:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
}


def synthetic(n: int, seed: int = 7) -> dict:
    yaml = YAML(typ="safe")
    base = yaml.load((ROOT / "sites.yaml").read_text("utf-8"))
    rng = random.Random(seed)
    themes = [t["id"] for t in base["themes"]]
    sites = []
    for i in range(n):
        kind = rng.choice(list(HOURS))
        hours = {**copy.deepcopy(HOURS[kind]), "public_holidays": rng.choice(["open", "closed"]), "assumed": True}
        site = {
            "id": f"site-{i:05d}", "status": "published",
            "name": {"zh": f"测试地点{i}号", "en": f"Test site {i}"},
            "short": {"zh": "合成数据，用于性能测试。", "en": "Synthetic data for benchmarks."},
            "description": {"zh": "合成数据。", "en": "Synthetic data."},
            "category": rng.choice(CATEGORIES), "themes": rng.sample(themes, 2),
            "location": {"lat": round(rng.uniform(30.18, 30.52), 5), "lon": round(rng.uniform(105.97, 106.43), 5),
                         "datum": "gcj02", "precision": "estimate", "radius_m": 500, "source": "synthetic"},
            "address": {"zh": "武胜县", "en": "Wusheng County"}, "hours": hours,
            "visit_minutes": rng.choice([30, 45, 60, 90]), "score": rng.randint(1, 10),
            "meals": rng.random() < 0.05,
            "provenance": {"sources": [], "last_verified": None, "confidence": "low"},
        }
        if kind == "office" and rng.random() < 0.3:
            site["tour_slots"] = [{"days": ["mon", "wed", "fri"], "times": ["09:30", "14:00"],
                                   "duration_minutes": 60, "capacity": 30}]
        sites.append(site)
    base["sites"] = sites
    base["tours"] = [{"id": "synthetic-tour", "status": "published", "theme": themes[0],
                      "name": {"zh": "合成线路", "en": "Synthetic tour"}, "summary": {"zh": "测试", "en": "Test"},
                      "start": base["start_points"][0]["id"],
                      "stops": [{"site": s["id"]} for s in sites[:5]]}]
    base["travel_times"] = []
    return base


def write(n: int, path: Path, seed: int = 7) -> Path:
    yaml = YAML()
    yaml.width = 4096
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(synthetic(n, seed), fh)
    return path


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    args = ap.parse_args()
    print(write(args.n, args.out))
