"""The recipe of deploy/README.md on loopback, as the current user, inside one temporary folder: nginx in front
of public gunicorn instances and one admin instance, all sharing one catalog file and one instance folder.
The deployment test (tests/deploy/) and the load benchmark use it; run it to try the recipe by hand:

    python -m deploy.local [--public 2] [--workers 2]     # prints the URLs; Ctrl-C stops everything

Each process runs in its own session, so ``kill(hard=True)`` is a ``kill -9`` of an instance's master and
workers together, as when a machine dies.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from deploy import nginx_conf

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"  # Debian puts it in /usr/sbin, not on a user's PATH


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Process:
    name: str
    cmd: list[str]
    port: int
    log: Path
    env: dict = field(default_factory=dict)
    proc: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.address}"

    def start(self) -> "Process":
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(self.cmd, cwd=ROOT, env={**os.environ, **self.env}, stdout=log,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        return self

    def wait_listening(self, timeout: float = 120) -> None:
        """Until the port accepts connections (gunicorn binds after its master has loaded the app)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.log.read_text()[-3000:]}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return
            time.sleep(0.05)
        raise RuntimeError(f"{self.name} not listening on {self.port} after {timeout} s")

    def kill(self, hard: bool = False) -> None:
        """SIGKILL (hard) or SIGTERM to the whole process group; waits for the leader."""
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL if hard else signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def pinned(cmd: list[str], cpus: str | None) -> list[str]:
    """``cmd`` run on the CPU list ``cpus`` (taskset's syntax, e.g. "0" or "0-1"); unchanged when None."""
    return ["taskset", "-c", cpus, *cmd] if cpus else cmd


def gunicorn(name: str, folder: Path, settings: dict[str, object], workers: int, app: str | None = None,
             cpus: str | None = None) -> Process:
    """An instance as `make serve` runs it (gunicorn.conf.py), configured through WUSHENG_* variables; ``cpus``
    pins it (and its workers) to those cores."""
    port = free_port()
    env = {f"WUSHENG_{k}": str(v) for k, v in settings.items()}
    env.update(WUSHENG_BIND=f"127.0.0.1:{port}", WUSHENG_WORKERS=str(workers), PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")] + ([app] if app else [])
    return Process(name, pinned(cmd, cpus), port, folder / f"{name}.log", env)


def nginx(folder: Path, public: list[str], admin: str, worker_processes: int = 1, *, cpus: str | None = None,
          limits: dict | None = None) -> Process:
    """The recipe's nginx; ``limits`` overrides some of nginx_conf.LIMITS, ``cpus`` pins it."""
    port = free_port()
    prefix = folder / "nginx"
    conf = nginx_conf.standalone(prefix, public, admin, listen=f"127.0.0.1:{port}",
                                 worker_processes=worker_processes, limits=limits)
    cmd = pinned([NGINX, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")], cpus)
    return Process("nginx", cmd, port, folder / "nginx.log")


@dataclass
class Stack:
    folder: Path
    catalog: Path
    instance: Path
    public: list[Process]
    admin: Process
    proxy: Process

    @property
    def url(self) -> str:
        return self.proxy.url

    def processes(self) -> list[Process]:
        return [*self.public, self.admin, self.proxy]


@contextlib.contextmanager
def stack(folder: Path, *, public: int = 2, workers: int = 2, catalog: Path = ROOT / "sites.yaml",
          settings: dict[str, object] | None = None, nginx_workers: int = 1):
    """Start everything (the catalog copied into ``folder``), yield a Stack, and stop it all at the end."""
    folder.mkdir(parents=True, exist_ok=True)
    # PROXY_FIX: nginx is every instance's only client; without it, login throttling and the API's rate limit
    # would count all visitors as one address.
    shared = {"CATALOG_PATH": folder / "sites.yaml", "INSTANCE_PATH": folder / "instance", "PROXY_FIX": 1,
              **(settings or {})}
    shutil.copy(catalog, shared["CATALOG_PATH"])
    # Compile (or load) the solver's kernels once here, so the instances starting together only load them.
    subprocess.run([sys.executable, "-c", "from planner.solver.heuristic import warm_up; warm_up()"], cwd=ROOT,
                   check=True)
    publics = [gunicorn(f"public{i + 1}", folder, {**shared, "ADMIN": 0}, workers) for i in range(public)]
    admin = gunicorn("admin", folder, {**shared, "ADMIN": 1}, 1)
    proxy = nginx(folder, [p.address for p in publics], admin.address, nginx_workers)
    started = Stack(folder, shared["CATALOG_PATH"], shared["INSTANCE_PATH"], publics, admin, proxy)
    try:
        for p in started.processes():
            p.start()
        for p in started.processes():
            p.wait_listening()
        yield started
    finally:
        for p in started.processes():
            p.kill()


def stop_on_sigterm() -> None:
    """Turn SIGTERM (systemd, `timeout`, kill) into SystemExit, so ``stack()`` stops what it started instead of
    leaving orphans."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def main(argv: list[str] | None = None) -> None:
    stop_on_sigterm()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--public", type=int, default=2, help="public instances (default 2)")
    ap.add_argument("--workers", type=int, default=2, help="gunicorn workers per public instance (default 2)")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="wusheng-deploy-") as tmp, \
            stack(Path(tmp), public=a.public, workers=a.workers) as s:
        print(f"nginx  {s.url}\npublic {' '.join(p.url for p in s.public)}\nadmin  {s.admin.url} (through nginx: "
              f"{s.url}/admin/)\nfolder {s.folder} (catalog, instance folder, logs)\n"
              f"Create a user: WUSHENG_INSTANCE_PATH={s.instance} flask --app app users create NAME --role admin")
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()


if __name__ == "__main__":
    main()
