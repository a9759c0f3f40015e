"""A response's headers leave the worker in the same write as its body (deploy/one_write.py), so a worker killed
mid-response leaves nginx either nothing (it retries on the other instance) or the whole response."""
import socket

import pytest
from gunicorn.config import Config
from gunicorn.http import wsgi
from gunicorn.http.parser import RequestParser

from deploy import one_write


class _Recorder:
    """The client socket, recording each write the worker makes."""

    def __init__(self, real):
        self.real, self.writes = real, []

    def sendall(self, data):
        self.writes.append(bytes(data))
        self.real.sendall(data)

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.fixture
def respond(monkeypatch):
    monkeypatch.setattr(wsgi, "Response", wsgi.Response)  # restored after the test
    one_write.install()
    pairs = []

    def run(request: bytes, status: str, headers: list, body: list[bytes]) -> tuple[list[bytes], bytes]:
        worker, client = socket.socketpair()
        pairs.append((worker, client))
        client.sendall(request)
        cfg = Config()
        req = next(iter(RequestParser(cfg, worker, ("127.0.0.1", 1))))
        sock = _Recorder(worker)
        resp, _ = wsgi.create(req, sock, ("127.0.0.1", 1), ("127.0.0.1", 2), cfg)
        resp.start_response(status, headers)
        for chunk in body:
            resp.write(chunk)
        resp.close()
        worker.shutdown(socket.SHUT_WR)
        received = b""
        while data := client.recv(65536):
            received += data
        return sock.writes, received

    yield run
    for a, b in pairs:
        a.close()
        b.close()


def test_headers_and_body_leave_in_one_write(respond):
    page = "<!doctype html><p>武胜</p>".encode() * 200
    writes, received = respond(b"GET /sites HTTP/1.0\r\nHost: x\r\n\r\n", "200 OK",
                               [("Content-Type", "text/html"), ("Content-Length", str(len(page)))], [page])
    assert len(writes) == 1
    assert writes[0].startswith(b"HTTP/1.0 200 OK\r\n") and writes[0].endswith(page)
    assert received == writes[0]


def test_a_response_without_body_still_sends_its_headers_once(respond):
    writes, received = respond(b"GET /embed/map HTTP/1.0\r\nHost: x\r\n\r\n", "304 Not Modified",
                               [("ETag", 'W/"abc"')], [b""])
    assert len(writes) == 1 and received.startswith(b"HTTP/1.0 304 Not Modified\r\n")
    assert received.count(b"ETag: ") == 1 and received.endswith(b"\r\n\r\n")


def test_a_body_in_several_parts_arrives_whole(respond):
    parts = [b"a" * 1000, b"b" * 1000, b"c"]
    writes, received = respond(b"GET / HTTP/1.0\r\nHost: x\r\n\r\n", "200 OK",
                               [("Content-Length", "2001")], parts)
    assert writes[0].endswith(parts[0]) and b"HTTP/1.0 200 OK" in writes[0]
    assert received.split(b"\r\n\r\n", 1)[1] == b"".join(parts)


def test_written_for_the_installed_gunicorn():
    """Fails after a gunicorn upgrade: look at deploy/one_write.py against the new Response class, then add the
    version to WRITTEN_FOR (the other tests here must still pass)."""
    import gunicorn

    assert one_write.supported(), (f"deploy/one_write.py was written for gunicorn {one_write.WRITTEN_FOR}; "
                                   f"{gunicorn.__version__} is installed")
    import inspect

    init = inspect.getsource(wsgi.Response.__init__)
    for name in one_write.RELIES_ON:
        assert hasattr(wsgi.Response, name) or f"self.{name} =" in init, f"gunicorn's Response lost {name}"


def test_not_installed_on_another_gunicorn(monkeypatch):
    import gunicorn

    monkeypatch.setattr(wsgi, "Response", wsgi.Response)
    original = wsgi.Response
    monkeypatch.setattr(gunicorn, "__version__", "99.0.0")
    assert one_write.install() is False
    assert wsgi.Response is original
