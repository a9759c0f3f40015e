"""Heavy renders (map images, flyers, large QR codes) and plans, bounded so a burst of them cannot take the pages'
workers.

* Built once for everyone: a file is kept by its normalised key (the ETag of web/platform/conditional_get.py: catalog version,
  code, options) in the process's memory and in ``INSTANCE_PATH/renders``, which every worker and every instance
  on the machine shares. Who finds it there after waiting for a slot does not build it again.
* At most ``HEAVY_RENDER_SLOTS`` builds at once per instance folder (all workers and instances that share it),
  taken with ``flock`` on slot files: the kernel releases a slot when its process dies. A request that finds
  every slot taken for ``HEAVY_RENDER_WAIT_SECONDS`` gets a 503 with Retry-After (a cheap answer that frees its
  worker for the pages) instead of queueing behind the others. nginx adds a limit for the whole deployment
  (deploy/nginx, ``limit_conn wusheng_heavy``).
* A build runs in a forked child at a lower CPU priority (``HEAVY_RENDER_NICE``), so while it runs the
  kernel gives the pages' workers the cores first; the worker itself only waits for the bytes.
* Plans that are not in the plan cache take a ``plan`` slot the same way (``PLAN_SLOTS``, one a core): a plan is
  CPU work of milliseconds to about a second (the slowest the API accepts: benchmarks/heavy_renders.py), so one a
  core keeps the cores busy, and more would only make every page and plan wait behind them. A few wait their turn
  (``PLAN_QUEUE``, ``PLAN_WAIT_SECONDS``); the rest are told at once to try again. The plan itself runs in a
  thread at a lower priority (``PLAN_NICE``, ``niced()``): no fork, no copy of the result.
"""
from __future__ import annotations

import contextvars
import fcntl
import functools
import hashlib
import os
import select
import signal
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import ServiceUnavailable

T = TypeVar("T")
DISK_KEEP = 400  # files kept in INSTANCE_PATH/renders; the oldest go first


class Busy(ServiceUnavailable):
    """Every slot is taken: try again in a moment."""

    def __init__(self, retry_after: int):
        super().__init__("服务器正忙，请几秒后再试。 The server is busy: try again in a few seconds.",
                         retry_after=retry_after)


def _cores() -> int:
    """Cores this process may run on (taskset, cgroups' cpusets), not the machine's."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 2


def workers(cores: int | None = None, plan_slots: int = 0, plan_queue: int = 0) -> int:
    """gunicorn's default worker count: 2 x cores + 1 for pages, plus one for each plan that may run or wait at
    once (PLAN_SLOTS, PLAN_QUEUE), so a burst of plans never holds the workers the pages need."""
    cores = cores or _cores()
    running = plan_slots or cores
    return 2 * cores + 1 + running + (plan_queue or 2 * running)


def slots(kind: str = "render") -> int:
    """Renders: half the cores, so pages keep the others. Plans: one a core, since they run at a lower
    priority (``PLAN_NICE``) and the pages' workers get the cores first anyway."""
    configured = int(current_app.config.get("PLAN_SLOTS" if kind == "plan" else "HEAVY_RENDER_SLOTS") or 0)
    if configured > 0:
        return configured
    return _cores() if kind == "plan" else max(1, _cores() // 2)


def _folder(name: str) -> Path:
    folder = Path(current_app.instance_path) / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _take(folder: Path, name: str, count: int) -> int | None:
    """A descriptor holding one of ``count`` flock'd files ``name-i.lock``, or None when all are held."""
    for i in range(count):
        fd = os.open(folder / f"{name}-{i}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            os.close(fd)
    return None


def _give(fd: int | None) -> None:
    if fd is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


@contextmanager
def slot(kind: str = "render") -> Iterator[None]:
    """Hold one of the ``slots()`` for ``kind`` (shared by every process using this instance folder), or raise
    Busy after HEAVY_RENDER_WAIT_SECONDS (PLAN_WAIT_SECONDS for plans).

    Plans wait in a short queue: at most ``PLAN_QUEUE`` requests (0 = twice the slots) wait for a
    slot at once; any more are answered Busy at once. A waiting request holds a sync worker, so the queue's
    length, not the wait, decides how many workers a burst of plans can take from the pages."""
    folder, count = _folder("slots"), slots(kind)
    fd = _take(folder, kind, count)
    if fd is None:
        wait = float(current_app.config.get("PLAN_WAIT_SECONDS" if kind == "plan" else "HEAVY_RENDER_WAIT_SECONDS",
                                            0) or 0)
        queue = (int(current_app.config.get("PLAN_QUEUE", 0) or 0) or 2 * count) if kind == "plan" else 1 << 16
        ticket = _take(folder, f"{kind}-queue", queue) if wait > 0 else None
        try:
            deadline = time.monotonic() + wait
            while ticket is not None and fd is None and time.monotonic() < deadline:
                time.sleep(0.005)
                fd = _take(folder, kind, count)
        finally:
            _give(ticket)
        if fd is None:
            raise Busy(retry_after=2)
    try:
        yield
    finally:
        _give(fd)


_plan_thread: dict[str, object] = {"pid": None, "pool": None}
_here = threading.local()


def _lower_priority(nice: int) -> None:
    _here.planning = True
    try:  # Linux: a thread's nice value is its own, so only this thread runs behind the pages
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)
    except (AttributeError, OSError):
        pass


def niced(work: Callable[[], T]) -> T:
    """``work()`` in this process's planning thread, which runs at ``PLAN_NICE`` (lower CPU priority than the
    request threads: pages get the cores first while plans run). The calling thread waits for the result.
    PLAN_NICE 0: in the calling thread."""
    nice = int(current_app.config.get("PLAN_NICE", 0) or 0)
    if nice <= 0 or getattr(_here, "planning", False):
        return work()
    if _plan_thread["pid"] != os.getpid():  # threads do not survive gunicorn's fork: one per worker
        _plan_thread.update(pid=os.getpid(), pool=ThreadPoolExecutor(1, "plan", _lower_priority, (nice,)))
    return _plan_thread["pool"].submit(work).result()


def niced_view(view: Callable[..., T]) -> Callable[..., T]:
    """The whole request of a plan in the planning thread: reading it, planning and building the answer. Only the
    solver at a lower priority was not enough: a burst of plans spent as much CPU around the solver, at the pages'
    priority, and the pages waited behind it (benchmarks/heavy_renders.py)."""

    @functools.wraps(view)
    def in_plan_thread(*args, **kwargs):
        here = contextvars.copy_context()  # this request, its g and its language, in the planning thread
        return niced(lambda: here.run(view, *args, **kwargs))

    return in_plan_thread


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
            from flask_babel import gettext

            from web.api.errors import error_response

            message = gettext("The server is busy: try again in %(n)d seconds.", n=exc.retry_after or 2)
            return error_response(503, message, None, {"Retry-After": str(exc.retry_after or 2),
                                                       "Cache-Control": "no-store"})
        response = Response(f"503 Service Unavailable\n{exc.description}\n", 503, mimetype="text/plain")
        if exc.retry_after:
            response.headers["Retry-After"] = str(exc.retry_after)
        response.headers["Cache-Control"] = "no-store"
        return response
