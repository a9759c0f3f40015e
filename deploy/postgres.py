"""A throw-away PostgreSQL server from Debian's `postgresql` package, for the deployment test and for trying the
several-machine recipe by hand (`python -m deploy.local --machines`):

    with postgres.server() as url:      # postgresql://wusheng@127.0.0.1:PORT/wusheng, stopped and deleted after

initdb and the server run in a new temporary folder on a free loopback port, with trust authentication for
loopback only. PostgreSQL refuses to run as root: as root they run as the `postgres` system user that the
Debian package creates (`runuser`), as anyone else as that user.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

DEBIAN_BINARIES = Path("/usr/lib/postgresql")
START_TIMEOUT = 60.0


def binaries() -> Path | None:
    """The newest installed server's bin folder (Debian installs each major version side by side)."""
    versions = sorted(DEBIAN_BINARIES.glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)
                      if p.parent.parent.name.isdigit() else 0)
    if versions:
        return versions[-1].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _as_owner(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@contextlib.contextmanager
def server(dbname: str = "wusheng", user: str = "wusheng"):
    """Yield the URL of a new, empty database; stop the server and delete its folder at the end."""
    import psycopg

    from deploy.local import free_port

    bin_dir = binaries()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="wusheng-pg-"))  # in /tmp: reachable by the postgres user
    data, log = folder / "data", folder / "server.log"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port, proc = free_port(), None
    try:
        subprocess.run(_as_owner([str(bin_dir / "initdb"), "-D", str(data), "-U", user, "--auth=trust", "-E", "UTF8",
                                  "--no-sync", "--locale=C"]), check=True, capture_output=True, text=True)
        # fsync off: a test database that a crash may lose
        cmd = _as_owner([str(bin_dir / "postgres"), "-D", str(data), "-p", str(port), "-k", str(folder),
                         "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "logging_collector=off"])
        with log.open("wb") as out:
            proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    start_new_session=True)
        admin_url = f"postgresql://{user}@127.0.0.1:{port}/postgres"
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with psycopg.connect(admin_url, autocommit=True, connect_timeout=2) as conn:
                    conn.execute(f'CREATE DATABASE "{dbname}"')
                break
            except psycopg.OperationalError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"PostgreSQL did not start:\n{log.read_text()[-2000:]}") from None
                time.sleep(0.1)
        yield f"postgresql://{user}@127.0.0.1:{port}/{dbname}"
    finally:
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGINT)  # "fast" shutdown: ends sessions, no waiting for clients
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        shutil.rmtree(folder, ignore_errors=True)
