"""The road router beside the app: Valhalla, built from an OpenStreetMap extract of the region.

Why Valhalla: its Linux build (``valhalla_build_tiles``, ``valhalla_service``) is packaged on PyPI as
``pyvalhalla``, a manylinux wheel that runs on Debian 12; OSRM is in neither Debian 12 nor PyPI as a binary
(PyPI has only source distributions that compile all of OSRM and Boost). The pyvalhalla wheel that carries
the programs is tagged for CPython 3.12+ (abi3) while the app runs on Debian's 3.11, so it is installed
into its own folder with ``pip --target`` and only its programs are used: no Python import of it.

    python -m deploy.router install                  # pip: pyvalhalla into .venv/opt/ (about 40 MB)
    python -m deploy.router build REGION.osm.pbf DIR # graph tiles + config into DIR (Wusheng: ~1 min)
    python -m deploy.router serve DIR                # the HTTP service (systemd: wusheng-router.service)

then set ``ROUTING_ENGINE=valhalla`` and ``ROUTING_URL=http://127.0.0.1:8002`` for the app. The region
extract: see deploy/README.md ("Road router").
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

VERSION = "3.9.1"
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_HOME = ROOT / ".venv" / "opt" / f"pyvalhalla-{VERSION}"
DEFAULT_PORT = 8002
# Wusheng, Hechuan and central Chongqing with margin (lon_min, lat_min, lon_max, lat_max), WGS-84
REGION_BBOX = (105.6, 29.3, 107.0, 30.9)


def home() -> Path:
    """Where pyvalhalla is installed: $VALHALLA_HOME, else the project's .venv/opt (or the shared venv's)."""
    env = os.environ.get("VALHALLA_HOME")
    if env:
        return Path(env)
    venv = Path(sys.prefix) / "opt" / f"pyvalhalla-{VERSION}"
    return venv if venv.exists() else DEFAULT_HOME


def program(name: str) -> Path:
    return home() / "valhalla" / "bin" / name


def installed() -> bool:
    return program("valhalla_service").exists() and program("valhalla_build_tiles").exists()


def install(target: Path | None = None) -> Path:
    target = target or home()
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--only-binary=:all:",
                    "--python-version", "3.12", "--target", str(target), f"pyvalhalla=={VERSION}"], check=True)
    for prog in (target / "valhalla" / "bin").iterdir():
        prog.chmod(0o755)
    return target


def write_config(workdir: Path, port: int = DEFAULT_PORT) -> Path:
    """Valhalla's config for tiles in ``workdir`` served on 127.0.0.1:``port``. The service's internal sockets
    go into ``workdir`` too, so two routers on one machine (tests, staging) never share them."""
    workdir.mkdir(parents=True, exist_ok=True)
    out = subprocess.run([sys.executable, str(home() / "valhalla" / "valhalla_build_config.py"),
                          "--mjolnir-tile-dir", str(workdir / "tiles"), "--mjolnir-timezone", "",
                          "--mjolnir-admin", ""], check=True, capture_output=True, text=True).stdout
    config = json.loads(out)
    config["mjolnir"].pop("tile_extract", None)  # tiles are read from the folder, not a tar
    config["httpd"]["service"].update(listen=f"tcp://127.0.0.1:{int(port)}", loopback=f"ipc://{workdir}/loopback",
                                      interrupt=f"ipc://{workdir}/interrupt", drain_seconds=1,
                                      shutdown_seconds=1)  # stops in a second or two, not the default 28 s
    config["logging"]["type"] = ""  # quiet: one line per request otherwise
    path = workdir / "valhalla.json"
    path.write_text(json.dumps(config, indent=1), "utf-8")
    return path


def build(extract: Path, workdir: Path, port: int = DEFAULT_PORT) -> Path:
    """Graph tiles from an OSM extract (.osm.pbf); returns the config to serve them with."""
    config = write_config(workdir, port)
    subprocess.run([str(program("valhalla_build_tiles")), "-c", str(config), str(extract)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return config


def start(workdir: Path, threads: int = 1) -> subprocess.Popen:
    return subprocess.Popen([str(program("valhalla_service")), str(workdir / "valhalla.json"), str(threads)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_ready(port: int, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/status", timeout=1) as resp:  # noqa: S310
                if resp.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the router on port {port} did not start") from None
            time.sleep(0.1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("install")
    b = sub.add_parser("build")
    b.add_argument("extract", type=Path)
    b.add_argument("workdir", type=Path)
    b.add_argument("--port", type=int, default=DEFAULT_PORT)
    s = sub.add_parser("serve")
    s.add_argument("workdir", type=Path)
    s.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    if args.cmd == "install":
        print(install())
        return 0
    if not installed():
        print("Valhalla is not installed: run python -m deploy.router install", file=sys.stderr)
        return 1
    if args.cmd == "build":
        print(build(args.extract, args.workdir, args.port))
        return 0
    os.execv(program("valhalla_service"), [str(program("valhalla_service")), str(args.workdir / "valhalla.json"),
                                           str(args.threads)])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
