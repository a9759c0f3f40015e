"""A tiny OSRM-compatible /table service for tests: every drive between two different places takes
``seconds`` and covers ``metres``; ``asked`` records the paths it was called with."""
import contextlib
import http.server
import threading
from urllib.parse import urlsplit


@contextlib.contextmanager
def osrm_table(seconds: int, metres: int):
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            path = urlsplit(self.path).path
            asked.append(path)
            n = len(path.rsplit("/", 1)[-1].split(";"))
            body = ('{"code":"Ok","durations":%s,"distances":%s}' % (
                [[0 if i == j else seconds for j in range(n)] for i in range(n)],
                [[0 if i == j else metres for j in range(n)] for i in range(n)])).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", asked
    finally:
        server.shutdown()
        server.server_close()
