"""gunicorn responses whose headers leave in the same write as the first body bytes.

Why: gunicorn writes a response's headers, then its body, in two writes. A worker that dies between them (a
crash, an OOM kill, the deployment test's ``kill -9``) leaves nginx holding a header with no body. nginx has
already passed that header on to the visitor, so it can neither retry the request on the other instance nor
answer cleanly: the visitor gets a broken page. With one write, a dying worker has either sent nothing (nginx
retries elsewhere, proxy_next_upstream) or the whole response.

gunicorn.conf.py installs it; gunicorn (pinned in requirements.txt) builds every response from
``gunicorn.http.wsgi.Response``. The subclass leans on that class's internals (``send_headers``, ``_emit_body``,
``headers_sent``, ``chunked``, ``sock``), which no release promises to keep: it is installed only on the
gunicorn versions it was written and tested for (``WRITTEN_FOR``), and tests/deploy/test_one_write.py fails on
any other, so an upgrade of the pin must come with a look at this file. On another version gunicorn runs
unchanged (headers and body in two writes) and a warning says so; nginx still retries a request that got no
answer at all (proxy_next_upstream).
"""
from __future__ import annotations

import logging

import gunicorn
from gunicorn.http import wsgi

WRITTEN_FOR = ("27.0.1",)
# What the subclass overrides or reads on gunicorn's Response.
RELIES_ON = ("write", "send_headers", "_emit_body", "headers_sent", "chunked", "sock")
log = logging.getLogger(__name__)


class _Capture:
    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def sendall(self, data: bytes) -> None:
        self.parts.append(bytes(data))


class OneWriteResponse(wsgi.Response):
    _deferring = False
    _head = b""

    def write(self, arg):
        if self.headers_sent:
            return super().write(arg)
        self._deferring = True
        try:
            return super().write(arg)
        finally:
            self._deferring = False
            self._flush()  # no body bytes went out (HEAD, a 304, an empty chunk): the headers alone

    def send_headers(self):
        if not self._deferring or self.headers_sent:
            return super().send_headers()
        real, self.sock = self.sock, _Capture()
        try:
            super().send_headers()
        finally:
            self._head, self.sock = b"".join(self.sock.parts), real

    def _emit_body(self, data):
        head, self._head = self._head, b""
        if head and not self.chunked:
            self.sock.sendall(head + data)
            return
        if head:
            self.sock.sendall(head)
        super()._emit_body(data)

    def _flush(self) -> None:
        head, self._head = self._head, b""
        if head:
            self.sock.sendall(head)


def supported(version: str | None = None) -> bool:
    return (version or gunicorn.__version__) in WRITTEN_FOR


def install() -> bool:
    """Make gunicorn send headers with the first body bytes; False (and a warning) on an untested gunicorn."""
    if not supported():
        log.warning("deploy/one_write.py was written for gunicorn %s, not %s: not installed (headers and body "
                    "leave in two writes)", ", ".join(WRITTEN_FOR), gunicorn.__version__)
        return False
    wsgi.Response = OneWriteResponse
    return True
