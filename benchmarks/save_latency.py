"""Save latency of the catalog editor (p50/p95, real and 2,000-site catalogs) beside the previous save path,
save throughput, and where a login's time goes.

Each measurement runs in a fresh process (``save_driver.py``): the app with a private instance folder, one
editor logged in through the real form, then ROUNDS saves of one field of one site through the admin (the
whole request: lock, version check, fsync, revision, audit). The baseline is the tree before the one-item
save path (the parent of the commit that added ``catalog/itemtext.py``, unpacked with ``git archive``),
measured the same way in the same run; it is slow, so it gets fewer rounds (2,000 sites: one save).

    python -m benchmarks.save_latency [--rounds 30] [--old-rounds 5] [--old-large-rounds 1] [--sites 2000]
                                      [--baseline COMMIT|none] [--json FILE]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.synthetic_catalog import write

ROOT = Path(__file__).resolve().parent.parent
DRIVER = Path(__file__).resolve().parent / "save_driver.py"


def baseline_commit() -> str | None:
    """The parent of the commit that introduced the one-item save path."""
    try:
        added = subprocess.run(["git", "log", "--diff-filter=A", "--format=%H", "--", "catalog/itemtext.py"],
                               cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return None
    return f"{added[-1]}^" if added else None


def unpack(commit: str, target: Path) -> Path:
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "--format=tar", commit], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def measure(tree: Path, catalog: Path, rounds: int, work: Path, login: bool = False) -> dict:
    copy = work / f"catalog-{os.urandom(4).hex()}.yaml"
    shutil.copy(catalog, copy)
    out = work / f"{copy.stem}.json"
    subprocess.run([sys.executable, str(DRIVER), str(tree), str(copy), str(rounds), str(out)]
                   + (["--login"] if login else []), cwd=tree, check=True)
    return json.loads(out.read_text())


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def line(label: str, times: list[float]) -> str:
    ms = [t * 1000 for t in times]
    return (f"  {label:34} n={len(ms):3d}  p50 {pct(ms, .5):8.1f} ms  p95 {pct(ms, .95):8.1f} ms  "
            f"max {max(ms):8.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--old-rounds", type=int, default=5)
    ap.add_argument("--old-large-rounds", type=int, default=1)
    ap.add_argument("--sites", type=int, default=2000)
    ap.add_argument("--baseline", default="", help="commit to compare with ('none': skip)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="save-latency-"))
    try:
        large = write(args.sites, work / "large.yaml")
        real = ROOT / "sites.yaml"
        results: dict = {"new": {}, "old": {}}
        print(f"save latency: one field of one site per save; {os.cpu_count()} cores, load average "
              f"{os.getloadavg()[0]:.1f} at start")
        results["new"]["real"] = measure(ROOT, real, args.rounds, work, login=True)
        results["new"]["large"] = measure(ROOT, large, args.rounds, work)
        commit = None if args.baseline == "none" else (args.baseline or baseline_commit())
        if commit:
            old_tree = unpack(commit, work / "baseline")
            results["old"]["real"] = measure(old_tree, real, args.old_rounds, work, login=True)
            if args.old_large_rounds:
                results["old"]["large"] = measure(old_tree, large, args.old_large_rounds, work)
        print(f"\nsaves (HTTP POST through the admin, in-process test client); baseline: {commit or 'none'}")
        for key, label in (("real", f"real catalog ({real.stat().st_size // 1000} KB)"),
                           ("large", f"{args.sites}-site catalog ({large.stat().st_size // 1000} KB)")):
            new = results["new"][key]["saves"]
            print(line(f"{label}, now", new))
            old = results["old"].get(key, {}).get("saves")
            if old:
                print(line(f"{label}, before", old))
                print(f"  {'':34} median now / before: {pct(new, .5) / pct(old, .5):.3f}")
            print(f"  {'':34} throughput now: {len(new) / sum(new):.1f} saves/s (one editor, back to back)")
        print("\nlogin (one POST /admin/login, this tree, real catalog):")
        for tree in ("new", "old"):
            if "real" not in results[tree]:
                continue
            r = results[tree]["real"]
            parts = r["login_parts"]
            rest = r["login"] - sum(parts.values())
            print(f"  {'now' if tree == 'new' else 'before':6} total {r['login'] * 1000:7.1f} ms: " + "; ".join(
                f"{k} {v * 1000:.1f} ms" for k, v in parts.items()) + f"; everything else {rest * 1000:.1f} ms")
        if args.json:
            args.json.write_text(json.dumps(results, indent=1))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
