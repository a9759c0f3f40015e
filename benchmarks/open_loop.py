"""An open-loop HTTP client (wrk2's idea, in asyncio): requests leave on a fixed clock, one every 1/rate seconds,
whether or not earlier ones were answered, and each latency is counted from the moment the request was due, not
from when it was sent. A client that waits for an answer before it sends the next (wrk, ab, a closed loop) sends
less when the server slows down, and hides the wait of the requests it did not send ("coordinated omission").

Connections: kept alive and reused; when every open one is busy, a new one is opened (up to ``MAX_CONNECTIONS``),
so a slow answer never delays the next request's departure. Errors: answers >= 400, socket errors, and requests
not answered within ``timeout`` seconds of when they were due.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

MAX_CONNECTIONS = 1000


@dataclass
class Result:
    rate: float  # offered requests per second
    seconds: float
    latencies: list[float] = field(default_factory=list)  # seconds, from each request's due time
    errors: dict[str, int] = field(default_factory=dict)

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("inf")
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    def summary(self) -> dict:
        done = len(self.latencies)
        return {"offered_rps": round(self.rate, 1), "answered_rps": round(done / self.seconds, 1),
                "requests": done + sum(self.errors.values()), "errors": sum(self.errors.values()),
                "error_kinds": dict(self.errors), "p50_ms": round(self.percentile(50) * 1000, 1),
                "p90_ms": round(self.percentile(90) * 1000, 1), "p99_ms": round(self.percentile(99) * 1000, 1),
                "max_ms": round(max(self.latencies, default=float("inf")) * 1000, 1)}


async def _read_response(reader: asyncio.StreamReader) -> int:
    """Read one HTTP/1.1 response (Content-Length or chunked); return its status."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    if headers.get("connection", "").lower() == "close":
        raise ConnectionResetError("server closed the connection")
    return status


class _Pool:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.open = 0

    async def get(self):
        if self.idle:
            return self.idle.pop()
        if self.open >= MAX_CONNECTIONS:
            raise ConnectionError("too many connections")
        self.open += 1
        try:
            return await asyncio.open_connection(self.host, self.port)
        except OSError:
            self.open -= 1
            raise

    def put(self, conn) -> None:
        self.idle.append(conn)

    def drop(self, conn) -> None:
        self.open -= 1
        conn[1].close()

    def close(self) -> None:
        for _, writer in self.idle:
            writer.close()
        self.idle.clear()


async def _one(pool: _Pool, payload: bytes, due: float, timeout: float, result: Result) -> None:
    conn = None
    try:
        async with asyncio.timeout(max(0.001, due + timeout - time.perf_counter())):
            conn = await pool.get()
            conn[1].write(payload)
            status = await _read_response(conn[0])
    except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
        kind = "timeout" if isinstance(exc, TimeoutError) else "socket"
        result.errors[kind] = result.errors.get(kind, 0) + 1
        if conn is not None:
            pool.drop(conn)
        return
    pool.put(conn)
    if status >= 400:
        result.errors[str(status)] = result.errors.get(str(status), 0) + 1
    else:
        result.latencies.append(time.perf_counter() - due)


def requests(host: str, path: str, bodies: list[bytes]) -> list[bytes]:
    """Raw POSTs of ``bodies`` (JSON) to ``path``, kept alive, asking for gzip as a browser does."""
    return [(f"POST {path} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: gzip\r\nContent-Type: application/json\r\n"
             f"Content-Length: {len(b)}\r\nConnection: keep-alive\r\n\r\n").encode() + b for b in bodies]


async def _run(host: str, port: int, payloads: list[bytes], rate: float, seconds: float, timeout: float,
               offset: int) -> Result:
    pool, result, tasks = _Pool(host, port), Result(rate, seconds), []
    start = time.perf_counter() + 0.05
    for i in range(max(1, round(rate * seconds))):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(_one(pool, payloads[(offset + i) % len(payloads)], due, timeout, result)))
    await asyncio.gather(*tasks)
    pool.close()
    return result


def run(host: str, port: int, payloads: list[bytes], rate: float, seconds: float, timeout: float = 10.0,
        offset: int = 0) -> Result:
    """Offer ``rate`` requests a second for ``seconds``, taking ``payloads`` in turn from ``offset``."""
    return asyncio.run(_run(host, port, payloads, rate, seconds, timeout, offset))
