"""One CPU-time run for ``plan_latency --cpu``, in its own process, on the tree given (this one or a baseline's).

    python benchmarks/plan_cpu_driver.py ROOT TRIPS.json OUT.json

Plans each trip through ``POST /api/v1/plan`` with Flask's test client (result cache, rate limit and plan slots
out of the way) and records the CPU seconds of this process per request: on a machine other jobs keep busy,
CPU time moves far less than wall-clock time, so two trees compare fairly even under load. Uses nothing
newer than what both trees have (create_app and the API).
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    root, trips_file, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    sys.path.insert(0, str(root))
    os.chdir(root)
    os.environ.update(WUSHENG_PLAN_CACHE_SIZE="0", WUSHENG_API_PLAN_RATE_PER_MINUTE="0",
                      WUSHENG_INSTANCE_PATH=tempfile.mkdtemp(prefix="plan-cpu-"))
    from app import create_app

    trips = json.loads(trips_file.read_text())
    app = create_app({"PLAN_CACHE_SIZE": 0, "API_PLAN_RATE_PER_MINUTE": 0})
    cpu, wall, status = [], [], []
    with app.test_client() as client:
        for trip in trips[:5]:  # warm-up: compiled kernels loaded, catalog read
            client.post("/api/v1/plan", json=trip)
        for trip in trips:
            c0, w0 = time.process_time(), time.perf_counter()
            resp = client.post("/api/v1/plan", json=trip)
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
            status.append(resp.status_code)
    out.write_text(json.dumps({"cpu": cpu, "wall": wall, "status": status}))


if __name__ == "__main__":
    main()
