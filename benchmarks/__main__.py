"""``make bench``: the tourism exact-solver benchmark, then OPTW m=1 without peers (if the
shared instances are present).  Run ``benchmarks/optw.py`` directly for peers and options."""
from __future__ import annotations

import os
from pathlib import Path

from benchmarks import optw, tourism

tourism.main([])
for cand in (os.environ.get("OPTW_DIR", ""), Path(__file__).resolve().parents[2] / "shared/optw/instances",
             "/work/shared/optw/instances"):
    if cand and (Path(cand) / "bks.csv").exists():
        optw.main([str(cand), "--no-peers"])
        break
