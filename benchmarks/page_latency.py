"""Latency of the home page and a site page over HTTP, one server worker, against a bare Flask "hello".

Servers: gunicorn with one sync worker when it is installed (``requirements.txt`` pins it), else
Werkzeug's threaded server (``flask run --with-threads``); the output says which. Three servers run
side by side: the app on the real catalog, the app on a synthetic 2,000-site catalog
(``synthetic_catalog.py``; its home map is clustered), and ``hello_app.py`` as the baseline.

* warm: after warm-up requests (rendered maps are cached per catalog version), rounds of one request
  to each page and to "hello", interleaved so machine noise hits all alike; each request on a new
  connection (gunicorn's sync worker closes it anyway). Median and p90 in ms, and each page's
  median as a multiple of hello's.
* cold: a fresh server per page and catalog; once it has served one static file (so the worker has
  booted, imported everything and loaded the catalog), the first request of the page. Median of
  ``--cold-runs`` servers; "boot" is the time from process start to that static file.
* catalog load: ``catalog.source.read_catalog`` (read, parse, validate) in this process, median.

    python -m benchmarks.page_latency [--rounds 60] [--cold-runs 3] [--sites 2000] [--json FILE]
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import importlib.util
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic_catalog import write as write_synthetic
from catalog.source import read_catalog

ROOT = Path(__file__).resolve().parent.parent
APP = "app:create_app()"
HELLO = "benchmarks.hello_app:app"
PROBE = "/static/img/favicon.svg"
WARMUP = 5


def server_kind() -> str:
    if importlib.util.find_spec("gunicorn"):
        from gunicorn import __version__

        return f"gunicorn {__version__}, 1 sync worker"
    return "werkzeug threaded server (flask run --with-threads; gunicorn not installed)"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, timeout: float = 60) -> tuple[float, bytes]:
    """One GET on a new connection: (seconds, body). Raises on anything but 200."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        body = resp.read()
    finally:
        conn.close()
    elapsed = time.perf_counter() - start
    if resp.status != 200:
        raise RuntimeError(f"GET {path} on port {port}: HTTP {resp.status}")
    return elapsed, body


@contextlib.contextmanager
def server(target: str, catalog: Path | None = None, log_dir: Path | None = None, *, workers: int = 1,
           production: bool = False, env: dict[str, str] | None = None, root: Path = ROOT):
    """Start ``target`` (module:app) on a free port; yield (port, seconds until it served PROBE or "/").
    ``production``: with gunicorn.conf.py, as `make serve` runs (preloaded app; ``workers`` still decides).
    ``root``: the source tree the server runs from (another revision's checkout, for a baseline)."""
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(root), **(env or {}))
    if catalog is not None:
        env["WUSHENG_CATALOG_PATH"] = str(catalog)
    if importlib.util.find_spec("gunicorn"):
        conf = ["-c", str(root / "gunicorn.conf.py")] if production else []
        cmd = [sys.executable, "-m", "gunicorn", *conf, "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
               "--log-level", "warning", target]
    else:
        cmd = [sys.executable, "-m", "flask", "--app", target, "run", "--port", str(port), "--no-reload",
               "--no-debugger", "--with-threads"]
    log = open(Path(log_dir or tempfile.gettempdir()) / f"server-{port}.log", "w+b")
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        booted = _wait_ready(proc, port, PROBE if catalog is not None else "/", log) - start
        yield port, booted
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _wait_ready(proc: subprocess.Popen, port: int, path: str, log, timeout: float = 120) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read().decode(errors='replace')}")
        try:
            get(port, path, timeout=timeout)
            return time.perf_counter()
        except (ConnectionError, OSError):
            time.sleep(0.02)
    raise RuntimeError(f"server on port {port} not ready after {timeout} s")


def stats(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"n": len(samples), "median_ms": statistics.median(ordered) * 1000,
            "p90_ms": ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))] * 1000}


def catalog_load(path: Path, runs: int = 5) -> dict:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        catalog = read_catalog(path).catalog
        times.append(time.perf_counter() - start)
    return {**stats(times), "sites": len(catalog.sites), "bytes": path.stat().st_size}


def warm(catalogs: dict[str, Path], pages: dict[str, dict[str, str]], rounds: int, log_dir: Path) -> dict:
    """Interleaved rounds over hello and every (catalog, page); samples in seconds."""
    samples: dict[str, list[float]] = {"hello": []}
    sizes: dict[str, int] = {}
    with contextlib.ExitStack() as stack:
        hello_port, _ = stack.enter_context(server(HELLO, log_dir=log_dir))
        targets = {"hello": (hello_port, "/")}
        for cat, path in catalogs.items():
            port, _ = stack.enter_context(server(APP, path, log_dir))
            for page, url in pages[cat].items():
                targets[f"{cat} {page}"] = (port, url)
        for name, (port, url) in targets.items():
            for _ in range(WARMUP):
                _, body = get(port, url)
            sizes[name] = len(body)
            samples.setdefault(name, [])
        for _ in range(rounds):
            for name, (port, url) in targets.items():
                samples[name].append(get(port, url)[0])
    hello = statistics.median(samples["hello"])
    return {name: {**stats(s), "x_hello": statistics.median(s) / hello, "bytes": sizes[name]}
            for name, s in samples.items()}


def cold(catalogs: dict[str, Path], pages: dict[str, dict[str, str]], runs: int, log_dir: Path) -> dict:
    out = {}
    for cat, path in catalogs.items():
        for page, url in pages[cat].items():
            firsts, boots = [], []
            for _ in range(runs):
                with server(APP, path, log_dir) as (port, booted):
                    firsts.append(get(port, url)[0])
                    boots.append(booted)
            out[f"{cat} {page}"] = {**stats(firsts), "boot_ms": statistics.median(boots) * 1000}
    return out


def measure(rounds: int, cold_runs: int, n_sites: int, site: str | None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        real = ROOT / "sites.yaml"
        synthetic = write_synthetic(n_sites, tmp / "synthetic.yaml")
        real_site = site or read_catalog(real).catalog.published_sites[0].id
        catalogs = {"real": real, f"synthetic-{n_sites}": synthetic}
        pages = {"real": {"home": "/", "site": f"/sites/{real_site}"},
                 f"synthetic-{n_sites}": {"home": "/", "site": "/sites/site-00000"}}
        loads = {cat: catalog_load(path) for cat, path in catalogs.items()}
        clustered = {}
        for cat, path in catalogs.items():
            with server(APP, path, tmp) as (port, _):
                clustered[cat] = b"markerClusterGroup" in get(port, "/")[1]
        return {"server": server_kind(), "rounds": rounds, "pages": pages, "catalog_load": loads,
                "home_map_clustered": clustered, "warm": warm(catalogs, pages, rounds, tmp),
                "cold": cold(catalogs, pages, cold_runs, tmp)}


def report(r: dict) -> None:
    print(f"Page latency over HTTP, {r['server']}; {r['rounds']} interleaved rounds after {WARMUP} warm-up requests")
    print(f"{'page':24} {'median ms':>10} {'p90 ms':>8} {'x hello':>8} {'body KB':>8}")
    for name, s in r["warm"].items():
        print(f"{name:24} {s['median_ms']:10.2f} {s['p90_ms']:8.2f} {s['x_hello']:8.1f} {s['bytes'] / 1000:8.1f}")
    print("cold: first request of a page on a fresh server (after one static file); boot = start to that file")
    for name, s in r["cold"].items():
        print(f"{name:24} first {s['median_ms']:8.1f} ms (median of {s['n']}), boot {s['boot_ms']:7.0f} ms")
    for cat, s in r["catalog_load"].items():
        print(f"catalog load, {cat:16} {s['median_ms']:8.1f} ms median ({s['sites']} sites, {s['bytes'] / 1000:.0f} KB)"
              f"; home map clustered: {'yes' if r['home_map_clustered'][cat] else 'no'}")


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=60, help="timed requests per page (default 60)")
    ap.add_argument("--cold-runs", type=int, default=3, help="fresh servers per page for the cold figure")
    ap.add_argument("--sites", type=int, default=2000, help="size of the synthetic catalog (default 2000)")
    ap.add_argument("--site", help="real-catalog site page (default: the first published site)")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args(argv)
    result = measure(args.rounds, args.cold_runs, args.sites, args.site)
    report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
