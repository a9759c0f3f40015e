"""Run the benchmarks: ``python -m benchmarks`` lists them and runs the quick ones (``make bench``).

    python -m benchmarks                      # list, then run page_weight and page_latency
    python -m benchmarks optw                 # run the named ones (any of the list)
    python -m benchmarks --list               # list only
    python -m benchmarks --json-dir DIR       # also write DIR/<name>.json from each

Each benchmark runs in its own process (``python -m benchmarks.<name>``), so one cannot change
another's state (folium's class-level asset lists, caches, memory). Figures are printed, never
asserted: the machine is shared, so each benchmark reports ratios against a baseline of its own run.
"""
from __future__ import annotations

import argparse
import ast
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# name -> part of the default run. The OPTW solver and load benchmarks are long: run them by name.
BENCHMARKS = {"page_weight": True, "page_latency": True, "counting": True, "tourism": True, "plan_latency": False,
              "optw": False, "load": False, "heavy_renders": False, "save_latency": False, "lighthouse": False,
              "cold_start": False}
SHARED_OPTW = HERE.parent.parent / "shared" / "optw" / "instances"


def default_args(name: str) -> list[str]:
    """Positional arguments a benchmark needs when run without any (the OPTW instance folder)."""
    if name == "optw":
        return [os.environ.get("OPTW_DIR") or str(SHARED_OPTW)]
    return []


def summary(name: str) -> str:
    path = HERE / f"{name}.py"
    if not path.exists():
        return "(not in this checkout)"
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


def list_benchmarks() -> None:
    print("benchmarks (python -m benchmarks.NAME --help for options):")
    for name, quick in BENCHMARKS.items():
        print(f"  {name:13} {'default' if quick else 'by name':8} {summary(name)}")


def run(name: str, json_dir: Path | None) -> int:
    if not (HERE / f"{name}.py").exists():
        print(f"{name}: not in this checkout", file=sys.stderr)
        return 1
    args = default_args(name) + (["--json", str(json_dir / f"{name}.json")] if json_dir else [])
    print(f"\n== {name}", flush=True)
    return subprocess.run([sys.executable, "-m", f"benchmarks.{name}", *args], cwd=HERE.parent).returncode


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", metavar="NAME",
                    help=f"benchmarks to run (default: the quick ones); any of {', '.join(BENCHMARKS)}")
    ap.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    ap.add_argument("--json-dir", type=Path, help="write each benchmark's figures to DIR/<name>.json")
    args = ap.parse_args(argv)
    unknown = [n for n in args.names if n not in BENCHMARKS]
    if unknown:
        ap.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    list_benchmarks()
    if args.list:
        return 0
    if args.json_dir:
        args.json_dir.mkdir(parents=True, exist_ok=True)
    names = args.names or [name for name, quick in BENCHMARKS.items() if quick]
    failed = [name for name in names if run(name, args.json_dir) != 0]
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
