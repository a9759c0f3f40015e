"""Starting and talking to a real server process from tests (loopback only)."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.admin_helpers import PASSWORD, form_values
from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, catalog: Path, instance: Path, processes: int = 1):
        self.catalog, self.instance, self.processes = catalog, instance, processes
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20) -> "Server":
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.live_server", str(self.port), str(self.catalog), str(self.instance),
             "--processes", str(self.processes)], cwd=ROOT, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("server did not start")

    def kill(self) -> None:
        """kill -9 of the server and every process it forked, wherever they are."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    stop = kill


def add_user(instance: Path, name: str, role: str = "editor") -> None:
    from accounts import users
    from storage import db

    conn = db.connect(instance / "wusheng.sqlite3")
    users.create(conn, name, role, PASSWORD)
    conn.close()


def session_for(server: Server, name: str) -> requests.Session:
    s = requests.Session()
    page = s.get(server.url + "/admin/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    r = s.post(server.url + "/admin/login", data={"csrf_token": token, "name": name, "password": PASSWORD},
               allow_redirects=False)
    assert r.status_code == 303, r.status_code
    return s


def edit_form(s: requests.Session, server: Server, site_id: str) -> dict:
    return form_values(s.get(f"{server.url}/admin/sites/{site_id}", timeout=30).text)
