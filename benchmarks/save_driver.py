"""One measuring run for ``save_latency``, in its own process, on the tree given (this one or a baseline's).

    python benchmarks/save_driver.py ROOT CATALOG ROUNDS OUT.json [--login]

Logs in through the real form and saves one site ROUNDS times through the admin (Flask's test client: the
whole request, lock, fsync, revision and audit included), changing one field each time. Only the save POST
is timed. Uses nothing newer than what both trees have (create_app, the test helpers).
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path


def _timed(module, name: str, totals: dict, label: str) -> None:
    """Wrap ``module.name`` so its time adds up in ``totals[label]``."""
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            totals[label] = totals.get(label, 0.0) + time.perf_counter() - t

    setattr(module, name, wrapper)


def main(root: str, catalog: str, rounds: int, out: str, login_parts: bool) -> None:
    sys.path[:] = [root] + [p for p in sys.path if p and Path(p).resolve() != Path(__file__).resolve().parent]
    from app import create_app
    from tests.admin_helpers import PASSWORD, form_values, make_user

    instance = tempfile.mkdtemp(prefix="save-bench-")
    t0 = time.perf_counter()
    app = create_app({"TESTING": True, "CATALOG_PATH": catalog, "INSTANCE_PATH": instance, "GEOCODER": "none"})
    started = time.perf_counter() - t0
    make_user(app, "bench", "editor")
    client = app.test_client()
    totals: dict[str, float] = {}
    if login_parts:
        from accounts import audit, passwords, sessions, throttle

        _timed(passwords, "verify", totals, "password check (argon2id verify)")
        for fn in ("retry_after", "succeeded"):
            _timed(throttle, fn, totals, "throttle bookkeeping")
        _timed(sessions, "purge", totals, "old sessions purged")
        _timed(audit, "record", totals, "audit entry")
    page = client.get("/admin/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    t = time.perf_counter()
    r = client.post("/admin/login", data={"csrf_token": token, "name": "bench", "password": PASSWORD})
    login = time.perf_counter() - t
    assert r.status_code in (302, 303), r.status_code
    parts = dict(totals)
    from catalog.loader import load_bytes

    site = load_bytes(Path(catalog).read_bytes())["sites"][0]["id"]
    times = []
    for i in range(rounds):
        form = form_values(client.get(f"/admin/sites/{site}").get_data(as_text=True))
        form["short.en"] = f"Benchmark save {i} at 09:30"
        t = time.perf_counter()
        r = client.post(f"/admin/sites/{site}", data=form)
        times.append(time.perf_counter() - t)
        assert r.status_code == 303, (r.status_code, r.get_data(as_text=True)[:500])
    text = Path(catalog).read_text("utf-8")
    assert f"Benchmark save {rounds - 1} at 09:30" in text
    Path(out).write_text(json.dumps({"saves": times, "login": login, "login_parts": parts, "start": started}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], "--login" in sys.argv)
