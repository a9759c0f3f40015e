"""Heavy renders (map images, flyers, large QR codes) and plans, bounded so a burst of them cannot take the pages'
workers.

* Built once for everyone: a file is kept by its normalised key (the ETag of web/http_cache.py: catalog version,
  code, options) in the process's memory and in ``INSTANCE_PATH/renders``, which every worker and every instance
  on the machine shares. Who finds it there after waiting for a slot does not build it again.
* At most ``HEAVY_RENDER_SLOTS`` builds at once per instance folder (all workers and instances that share it),
  taken with ``flock`` on slot files: the kernel releases a slot when its process dies. A request that finds
  every slot taken for ``HEAVY_RENDER_WAIT_SECONDS`` gets a 503 with Retry-After (a cheap answer that frees its
  worker for the pages) instead of queueing behind the others. nginx adds a limit for the whole deployment
  (deploy/nginx, ``limit_conn wusheng_heavy``).
* A build runs in a forked child at a lower CPU priority (``HEAVY_RENDER_NICE``), so while it runs the
  kernel gives the pages' workers the cores first; the worker itself only waits for the bytes.
* Plans that are not in the plan cache take a ``plan`` slot the same way (``PLAN_SLOTS``): a plan is CPU work of
  milliseconds to about a second (the slowest the API accepts: benchmarks/heavy_renders.py), so a handful at once
  keeps the cores busy, and more would only make every page and plan wait behind them.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import select
import signal
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import ServiceUnavailable

DISK_KEEP = 400  # files kept in INSTANCE_PATH/renders; the oldest go first


class Busy(ServiceUnavailable):
    """Every slot is taken: try again in a moment."""

    def __init__(self, retry_after: int):
        super().__init__("服务器正忙，请几秒后再试。 The server is busy: try again in a few seconds.",
                         retry_after=retry_after)


def slots(kind: str = "render") -> int:
    configured = int(current_app.config.get("PLAN_SLOTS" if kind == "plan" else "HEAVY_RENDER_SLOTS") or 0)
    return configured if configured > 0 else max(1, (os.cpu_count() or 2) // 2)


def _folder(name: str) -> Path:
    folder = Path(current_app.instance_path) / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def slot(kind: str = "render") -> Iterator[None]:
    """Hold one of the ``slots()`` for ``kind`` (shared by every process using this instance folder), or raise
    Busy after HEAVY_RENDER_WAIT_SECONDS (PLAN_WAIT_SECONDS for plans)."""
    folder, count = _folder("slots"), slots(kind)
    wait = float(current_app.config.get("PLAN_WAIT_SECONDS" if kind == "plan" else "HEAVY_RENDER_WAIT_SECONDS", 0))
    deadline = time.monotonic() + wait
    while True:
        for i in range(count):
            fd = os.open(folder / f"{kind}-{i}.lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
            return
        if time.monotonic() >= deadline:
            raise Busy(retry_after=2)
        time.sleep(0.05)


def _disk_path(key: str) -> Path:
    return _folder("renders") / hashlib.sha256(key.encode()).hexdigest()[:40]


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _write(path: Path, body: bytes) -> None:
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(body)
        os.replace(tmp, path)  # readers see the whole file or none
        files = sorted(path.parent.glob("[0-9a-f]*"), key=lambda p: p.stat().st_mtime)
        for old in files[:-DISK_KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a full or read-only disk: the file is still served, only not shared


def shared(key: str, build: Callable[[], bytes]) -> bytes:
    """The bytes for ``key``: from the shared folder, else built under a slot (and stored there)."""
    path = _disk_path(key)
    body = _read(path)
    if body is not None:
        return body
    with slot():
        body = _read(path)  # made by another process while this one waited
        if body is None:
            body = _niced(build)
            _write(path, body)
    return body


def _niced(build: Callable[[], bytes], timeout: float = 50.0) -> bytes:
    """``build()`` in a forked child with a lower CPU priority; in this process when that is off or fails (then
    a real error is raised here, with its traceback in this worker's log)."""
    nice = int(current_app.config.get("HEAVY_RENDER_NICE", 10) or 0)
    if nice <= 0 or not hasattr(os, "fork"):
        return build()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: build, hand the bytes over, and leave without running the parent's exit handlers
        code = 1
        try:
            os.close(read)
            os.nice(nice)
            data = build()
            with os.fdopen(write, "wb") as out:
                out.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    chunks, deadline = [], time.monotonic() + timeout
    with os.fdopen(read, "rb", buffering=0) as inp:
        while (left := deadline - time.monotonic()) > 0 and select.select([inp], [], [], left)[0]:
            chunk = inp.read(1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    timed_out = time.monotonic() >= deadline
    if timed_out:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    if timed_out:
        current_app.logger.warning("a heavy render took over %.0f s and was stopped", timeout)
        raise Busy(retry_after=30)
    return b"".join(chunks) if status == 0 else build()


def init_app(app: Flask) -> None:
    @app.errorhandler(Busy)
    def _busy(exc: Busy):
        """As cheap as an answer can be (a burst of these must not take the pages' workers in turn)."""
        if request.path.startswith("/api/"):
            from .api_errors import from_http

            return from_http(exc)
        response = Response(f"503 Service Unavailable\n{exc.description}\n", 503, mimetype="text/plain")
        if exc.retry_after:
            response.headers["Retry-After"] = str(exc.retry_after)
        response.headers["Cache-Control"] = "no-store"
        return response
