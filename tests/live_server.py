"""Run the app on a real Werkzeug server for tests that need real processes: `python -m tests.live_server
PORT CATALOG INSTANCE [--processes N]`. Several processes exercise the file lock and SQLite across workers."""
from __future__ import annotations

import argparse
import logging

from werkzeug.serving import run_simple

from app import create_app


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("port", type=int)
    p.add_argument("catalog")
    p.add_argument("instance")
    p.add_argument("--processes", type=int, default=1)
    a = p.parse_args()
    app = create_app({"CATALOG_PATH": a.catalog, "INSTANCE_PATH": a.instance, "GEOCODER": "none",
                      "LOGIN_ADDRESS_FREE_FAILURES": 1000})
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    run_simple("127.0.0.1", a.port, app, threaded=a.processes == 1, processes=a.processes, use_reloader=False)


if __name__ == "__main__":
    main()
