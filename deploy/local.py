"""The recipe of deploy/README.md on loopback, as the current user, inside one temporary folder: nginx in front
of public gunicorn instances and one admin instance, all sharing one catalog file and one instance folder.
With ``machines=True`` (``--machines``) each instance has its own folder instead, as if on its own machine,
and they share nothing but the network: the public instances take the catalog from the admin's feed
(CATALOG_URL) and write channel counts and rate limits into PostgreSQL (DATABASE_URL; ``--postgres`` starts a
throw-away server, deploy/postgres.py). The deployment tests (tests/deploy/) and the load benchmark use it;
run it to try the recipe by hand:

    python -m deploy.local [--public 2] [--workers 2] [--machines [--postgres]]   # prints the URLs; Ctrl-C stops

Each process runs in its own session, so ``kill(hard=True)`` is a ``kill -9`` of an instance's master and
workers together, as when a machine dies.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import secrets
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
    catalog: Path  # the admin's catalog file
    instance: Path  # the admin's instance folder (accounts are made there)
    public: list[Process]
    admin: Process
    proxy: Process
    machines: bool = False  # each instance in its own folder, the catalog through the admin's feed

    @property
    def url(self) -> str:
        return self.proxy.url

    def processes(self) -> list[Process]:
        return [*self.public, self.admin, self.proxy]


@contextlib.contextmanager
def stack(folder: Path, *, public: int = 2, workers: int = 2, catalog: Path = ROOT / "sites.yaml",
          settings: dict[str, object] | None = None, nginx_workers: int = 1, machines: bool = False,
          database_url: str = ""):
    """Start everything (the catalog copied into ``folder``), yield a Stack, and stop it all at the end.
    ``machines``: one folder per instance, the catalog from the admin's feed (see the module's help);
    ``database_url``: PostgreSQL for every instance's channel counts and rate limits."""
    folder.mkdir(parents=True, exist_ok=True)
    # PROXY_FIX: nginx is every instance's only client; without it, login throttling and the API's rate limit
    # would count all visitors as one address.
    common = {"PROXY_FIX": 1, **({"DATABASE_URL": database_url} if database_url else {}), **(settings or {})}
    if machines:
        admin_settings, public_settings = _separate_folders(folder, common, public)
    else:
        shared = {"CATALOG_PATH": folder / "sites.yaml", "INSTANCE_PATH": folder / "instance", **common}
        admin_settings, public_settings = shared, [shared] * public
    shutil.copy(catalog, admin_settings["CATALOG_PATH"])
    # Compile (or load) the solver's kernels once here, so the instances starting together only load them.
    subprocess.run([sys.executable, "-c", "from planner.solver.heuristic import warm_up; warm_up()"], cwd=ROOT,
                   check=True)
    admin = gunicorn("admin", folder, {**admin_settings, "ADMIN": 1}, 1)
    if machines:  # the public instances ask the admin for the catalog as they start
        for s in public_settings:
            s["CATALOG_URL"] = f"{admin.url}/internal/catalog"
    publics = [gunicorn(f"public{i + 1}", folder, {**s, "ADMIN": 0}, workers) for i, s in enumerate(public_settings)]
    proxy = nginx(folder, [p.address for p in publics], admin.address, nginx_workers)
    started = Stack(folder, admin_settings["CATALOG_PATH"], admin_settings["INSTANCE_PATH"], publics, admin, proxy,
                    machines)
    try:
        for group in ([admin], [*publics, proxy]) if machines else (started.processes(),):
            for p in group:
                p.start()
            for p in group:
                p.wait_listening()
        yield started
    finally:
        for p in started.processes():
            p.kill()


def _separate_folders(folder: Path, common: dict, public: int) -> tuple[dict, list[dict]]:
    """Settings of an admin and ``public`` public instances that share no folder: the same secret key and
    feed token (set in each machine's environment in a real deployment), nothing else."""
    keys = {"SECRET_KEY": secrets.token_hex(32), "CATALOG_FEED_TOKEN": secrets.token_hex(16)}
    (folder / "admin").mkdir(exist_ok=True)
    admin = {**common, **keys, "CATALOG_PATH": folder / "admin" / "sites.yaml",
             "INSTANCE_PATH": folder / "admin" / "instance"}
    # CATALOG_PATH names a file that does not exist: a public instance that read it would not start
    publics = [{**common, **keys, "INSTANCE_PATH": folder / f"public{i + 1}" / "instance",
                "CATALOG_PATH": folder / f"public{i + 1}" / "no-catalog-here.yaml"} for i in range(public)]
    return admin, publics


def stop_on_sigterm() -> None:
    """Turn SIGTERM (systemd, `timeout`, kill) into SystemExit, so ``stack()`` stops what it started instead of
    leaving orphans."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def main(argv: list[str] | None = None) -> None:
    stop_on_sigterm()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--public", type=int, default=2, help="public instances (default 2)")
    ap.add_argument("--workers", type=int, default=2, help="gunicorn workers per public instance (default 2)")
    ap.add_argument("--machines", action="store_true",
                    help="one folder per instance, the catalog through the admin's feed (as on several machines)")
    ap.add_argument("--postgres", action="store_true",
                    help="start a throw-away PostgreSQL (Debian's package) for channel counts and rate limits")
    a = ap.parse_args(argv)
    with contextlib.ExitStack() as running:
        tmp = running.enter_context(tempfile.TemporaryDirectory(prefix="wusheng-deploy-"))
        database_url = ""
        if a.postgres:
            from deploy import postgres

            database_url = running.enter_context(postgres.server())
        s = running.enter_context(stack(Path(tmp), public=a.public, workers=a.workers, machines=a.machines,
                                        database_url=database_url))
        print(f"nginx  {s.url}\npublic {' '.join(p.url for p in s.public)}\nadmin  {s.admin.url} (through nginx: "
              f"{s.url}/admin/)\nfolder {s.folder} (catalog, instance folder, logs)\n"
              f"Create a user: WUSHENG_INSTANCE_PATH={s.instance} flask --app app users create NAME --role admin"
              + (f"\ndatabase {database_url}" if database_url else ""))
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()


if __name__ == "__main__":
    main()
