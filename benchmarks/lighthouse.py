"""Lighthouse phone scores (performance, accessibility) of home, a site page, a plan result and an embed, zh.

Lighthouse (npm, pinned in ``benchmarks/lighthouse/package.json``; ``npm ci`` there when node_modules is
missing) drives Debian's Chromium (``CHROME_PATH``, default /usr/bin/chromium) with its defaults: mobile
emulation (Moto G Power, 412 x 823) and simulated throttling (slow 4G, 150 ms RTT, 1.6 Mbit/s, CPU x4).
The app runs under gunicorn (2 sync workers) on a free loopback port with every basemap's tiles sent to a
stub on another loopback port, so no tile host is contacted. Each page is warmed (rendered maps are cached),
then measured ``--runs`` times; the table shows medians. The machine is shared: simulated throttling is
mostly, not wholly, independent of host load, so compare runs of the same day.

    python -m benchmarks.lighthouse [--runs 3] [--page NAME ...] [--json FILE] [--keep DIR]

Goals (issue 16): performance >= 90, accessibility >= 95; printed, never asserted.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from benchmarks.page_latency import get, server
from tests.browser.conftest import TILE_PNG

ROOT = Path(__file__).resolve().parent.parent
LH_DIR = ROOT / "benchmarks" / "lighthouse"
LH_BIN = LH_DIR / "node_modules" / ".bin" / "lighthouse"
APP = "app:create_app()"
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--lang=zh-CN"]
PAGES = {
    "home": "/?lang=zh",
    "site": "/sites/antai-silk-museum?lang=zh",
    "plan": "/plan?start=chongqing&date=2026-12-12&lang=zh",
    "embed": "/embed/map?lang=zh",
}
GOALS = {"performance": 90, "accessibility": 95}
METRICS = {  # audit id -> (column, unit divisor, format)
    "first-contentful-paint": ("FCP s", 1000, "{:.2f}"),
    "largest-contentful-paint": ("LCP s", 1000, "{:.2f}"),
    "total-blocking-time": ("TBT ms", 1, "{:.0f}"),
    "cumulative-layout-shift": ("CLS", 1, "{:.3f}"),
    "speed-index": ("SI s", 1000, "{:.2f}"),
    "total-byte-weight": ("KB", 1000, "{:.1f}"),
}


class _TileStub(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(TILE_PNG)))
        self.send_header("Cache-Control", "public, max-age=86400")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(TILE_PNG)

    def log_message(self, *args):  # quiet
        pass


@contextlib.contextmanager
def tile_stub():
    """A tile server on a free loopback port; yields its {z}/{x}/{y} template."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _TileStub)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/{{z}}/{{x}}/{{y}}.png"
    finally:
        httpd.shutdown()
        httpd.server_close()


def ensure_lighthouse() -> str | None:
    """Install the pinned Lighthouse when needed; return an error message, or None when ready."""
    npm = shutil.which("npm")
    if shutil.which("node") and LH_BIN.exists():
        return None
    if not npm or not shutil.which("node"):
        return ("Lighthouse needs Node.js and npm, which are not installed: `apt-get install nodejs npm`, "
                "then run this again (it installs Lighthouse into benchmarks/lighthouse/ with `npm ci`).")
    print("installing Lighthouse (npm ci in benchmarks/lighthouse/) ...", file=sys.stderr, flush=True)
    done = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=LH_DIR)
    if done.returncode or not LH_BIN.exists():
        return f"`npm ci` in {LH_DIR} failed (exit {done.returncode}); Lighthouse is not installed."
    return None


def run_lighthouse(url: str, out: Path, chrome: str) -> dict:
    cmd = [str(LH_BIN), url, "--only-categories=performance,accessibility", "--output=json",
           f"--output-path={out}", "--quiet", f"--chrome-flags={' '.join(CHROME_FLAGS)}"]
    done = subprocess.run(cmd, cwd=LH_DIR, env=dict(os.environ, CHROME_PATH=chrome), capture_output=True,
                          text=True, timeout=300)
    if done.returncode or not out.exists():
        raise RuntimeError(f"lighthouse {url} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def summarize(lhr: dict) -> dict:
    row = {cat: round(lhr["categories"][cat]["score"] * 100) for cat in GOALS}
    for audit in METRICS:
        row[audit] = lhr["audits"][audit].get("numericValue")
    failed = [a for a, res in lhr["audits"].items()
              if a in _ids(lhr, "accessibility") and res.get("score") is not None and res["score"] < 1]
    row["a11y_failed"] = failed
    row["runtime_error"] = (lhr.get("runtimeError") or {}).get("message")
    return row


def _ids(lhr: dict, cat: str) -> set[str]:
    return {ref["id"] for ref in lhr["categories"][cat]["auditRefs"]}


def measure(pages: dict[str, str], runs: int, keep: Path | None) -> dict:
    chrome = os.environ.get("CHROME_PATH") or "/usr/bin/chromium"
    results: dict[str, list[dict]] = {name: [] for name in pages}
    with tempfile.TemporaryDirectory() as tmp, tile_stub() as tiles:
        out_dir = keep or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        env = {"WUSHENG_MAP_TILE_URL_OVERRIDE": tiles}
        with server(APP, ROOT / "sites.yaml", Path(tmp), workers=2, env=env) as (port, _):
            base = f"http://127.0.0.1:{port}"
            for url in pages.values():
                for _ in range(2):  # both workers render and cache the page
                    get(port, url)
            for i in range(runs):  # interleaved, so a burst of load on the host hits every page alike
                for name, url in pages.items():
                    lhr = run_lighthouse(base + url, out_dir / f"{name}-{i + 1}.json", chrome)
                    results[name].append(summarize(lhr))
                    print(f"  run {i + 1}/{runs} {name}: performance {results[name][-1]['performance']}, "
                          f"accessibility {results[name][-1]['accessibility']}", file=sys.stderr, flush=True)
    version = subprocess.run([str(LH_BIN), "--version"], capture_output=True, text=True).stdout.strip()
    chrome_version = subprocess.run([chrome, "--version"], capture_output=True, text=True).stdout.strip()
    return {"lighthouse": version, "chrome": chrome_version, "runs": runs, "pages": pages,
            "medians": {name: _median(rows) for name, rows in results.items()}, "samples": results}


def _median(rows: list[dict]) -> dict:
    out = {key: statistics.median(r[key] for r in rows if r[key] is not None)
           for key in [*GOALS, *METRICS] if any(r[key] is not None for r in rows)}
    out["a11y_failed"] = sorted({a for r in rows for a in r["a11y_failed"]})
    return out


def report(r: dict) -> None:
    print(f"Lighthouse {r['lighthouse']}, {r['chrome']}; mobile emulation, simulated throttling; "
          f"median of {r['runs']} runs per page")
    head = f"{'page':6} {'perf':>5} {'a11y':>5} " + " ".join(f"{c:>7}" for c, _, _ in METRICS.values())
    print(head)
    for name, m in r["medians"].items():
        cells = [f"{m.get(cat, float('nan')):5.0f}" for cat in GOALS]
        for audit, (_, div, fmt) in METRICS.items():
            cells.append(f"{fmt.format(m[audit] / div):>7}" if audit in m else f"{'-':>7}")
        print(f"{name:6} " + " ".join(cells) + f"   {r['pages'][name]}")
    for name, m in r["medians"].items():
        missed = [f"{cat} {m[cat]:.0f} < {goal}" for cat, goal in GOALS.items() if m.get(cat, 0) < goal]
        if missed or m["a11y_failed"]:
            print(f"{name}: {'; '.join(missed) or 'goals met'}"
                  + (f"; accessibility audits failed: {', '.join(m['a11y_failed'])}" if m["a11y_failed"] else ""))
    print(f"goals: performance >= {GOALS['performance']}, accessibility >= {GOALS['accessibility']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median reported)")
    ap.add_argument("--page", action="append", choices=list(PAGES), help="only these pages (repeatable)")
    ap.add_argument("--json", type=Path, help="write the results here")
    ap.add_argument("--keep", type=Path, help="keep each run's Lighthouse JSON report in this folder")
    args = ap.parse_args(argv)
    problem = ensure_lighthouse()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    pages = {name: url for name, url in PAGES.items() if not args.page or name in args.page}
    result = measure(pages, args.runs, args.keep)
    report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
