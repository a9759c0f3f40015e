"""Does counting channels slow a page? Embed page latency with counting on vs off, in the same run.

Two servers of the app (gunicorn, one sync worker each, own instance folders), one with CHANNEL_COUNTING on
(flushing every second, ten times more often than the default, to catch any cost of writing) and one off.
Interleaved rounds, each on a new connection: the embed page on both servers, and, on the counting one, the
counting image a browser then loads (``/count.gif``, never cached), with 20 campaign tags in turn. Medians and
p90 in ms, and on/off ratios. At the end the counts in the database are checked against the views sent.

Also, in this process: the cost of one ``ChannelCounter.add`` (what a counted request does) and of one flush
of 1,000 keys (what the background writer does).

    python -m benchmarks.counting [--rounds 300] [--json FILE]
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import sqlite3
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.page_latency import APP, get, server, server_kind, stats

EMBED = "/embed/map?c={tag}"
BEACON = "/count.gif?ch=embed&c={tag}"
TAGS = [f"bench-{i}" for i in range(20)]
WARMUP = 10


@contextlib.contextmanager
def app_server(instance: Path, counting: bool, log_dir: Path):
    """The app with its own instance folder and counting on or off (settings from the environment)."""
    saved = dict(os.environ)
    os.environ.update(WUSHENG_INSTANCE_PATH=str(instance), WUSHENG_CHANNEL_COUNTING="1" if counting else "0",
                      WUSHENG_CHANNEL_FLUSH_SECONDS="1", WUSHENG_GEOCODER="none")
    try:
        with server(APP, log_dir=log_dir) as (port, _boot):
            os.environ.clear()
            os.environ.update(saved)
            yield port
    finally:
        os.environ.clear()
        os.environ.update(saved)


def http_rounds(rounds: int, log_dir: Path) -> dict:
    samples: dict[str, list[float]] = {"page_off": [], "page_on": [], "beacon_on": [], "view_on": []}
    with tempfile.TemporaryDirectory() as on_dir, tempfile.TemporaryDirectory() as off_dir:
        with app_server(Path(on_dir), True, log_dir) as on, app_server(Path(off_dir), False, log_dir) as off:
            for i in range(WARMUP):
                get(on, EMBED.format(tag="warm"))
                get(off, EMBED.format(tag="warm"))
            for i in range(rounds):
                tag = TAGS[i % len(TAGS)]
                order = (("off", off), ("on", on)) if i % 2 else (("on", on), ("off", off))
                for name, port in order:
                    seconds, body = get(port, EMBED.format(tag=tag))
                    samples[f"page_{name}"].append(seconds)
                    if name == "on":
                        assert b"count.gif" in body
                        beacon, _ = get(port, BEACON.format(tag=tag))
                        samples["beacon_on"].append(beacon)
                        samples["view_on"].append(seconds + beacon)
            time.sleep(2.5)  # the background writer flushes every second
            counted = _counted(Path(on_dir) / "wusheng.sqlite3")
            not_counted = _counted(Path(off_dir) / "wusheng.sqlite3")
    return {"samples": samples, "counted": counted, "sent": rounds, "counted_off": not_counted}


def _counted(path: Path) -> int:
    try:
        conn = sqlite3.connect(path)
        try:
            return conn.execute("SELECT COALESCE(SUM(count), 0) FROM channel_counts WHERE campaign LIKE 'bench-%'"
                                ).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def in_process(n_adds: int = 200_000, n_keys: int = 1000) -> dict:
    from web.share.channels import ChannelCounter

    with tempfile.TemporaryDirectory() as folder:
        counter = ChannelCounter(Path(folder) / "db.sqlite3", flush_seconds=3600, max_campaigns=10_000)
        day = date(2026, 12, 1)
        counter.add(day, "warm", "embed")  # starts the (idle) writer thread
        start = time.perf_counter()
        for i in range(n_adds):
            counter.add(day, TAGS[i % len(TAGS)], "embed")
        add_ns = (time.perf_counter() - start) / n_adds * 1e9
        counter.flush()
        for i in range(n_keys):
            counter.add(day, f"k{i}", "embed")
        start = time.perf_counter()
        counter.flush()
        flush_ms = (time.perf_counter() - start) * 1000
    return {"add_ns": add_ns, "flush_1000_keys_ms": flush_ms}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as logs:
        result = http_rounds(args.rounds, Path(logs))
    figures = {k: stats(v) for k, v in result["samples"].items()}
    off, on = figures["page_off"], figures["page_on"]
    local = in_process()
    print(f"counting benchmark: {server_kind()}, {args.rounds} interleaved rounds, embed page /embed/map")
    print(f"{'':24} {'median ms':>10} {'p90 ms':>10}")
    for name, label in (("page_off", "page, counting off"), ("page_on", "page, counting on"),
                        ("beacon_on", "counting image"), ("view_on", "page + image (on)")):
        print(f"{label:24} {figures[name]['median_ms']:10.2f} {figures[name]['p90_ms']:10.2f}")
    print(f"ratio page on/off: median {on['median_ms'] / off['median_ms']:.3f}, p90 {on['p90_ms'] / off['p90_ms']:.3f}")
    print(f"views counted: {result['counted']} of {result['sent']} (counting off: {result['counted_off']})")
    print(f"in process: ChannelCounter.add {local['add_ns']:.0f} ns; flush of 1,000 keys "
          f"{local['flush_1000_keys_ms']:.1f} ms (background thread)")
    if args.json:
        Path(args.json).write_text(json.dumps({"figures": figures, "counted": result["counted"], "sent": result["sent"],
                                               "in_process": local}, indent=2))


if __name__ == "__main__":
    main()
