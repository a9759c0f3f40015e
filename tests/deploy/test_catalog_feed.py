"""A public instance on another machine takes its catalog from the admin instance's feed (routes/catalog_feed.py,
catalog/remote.py): only with the shared token, 304 while unchanged, switched only to a valid catalog, and the
last good copy kept on disk so the instance starts and serves while the admin is down."""
from __future__ import annotations

import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from werkzeug.serving import make_server

from app import create_app
from catalog.loader import version_of
from catalog.remote import CatalogFeed, FeedUnavailable
from catalog.store import atomic_write
from tests.conftest import FIXED_NOW, ROOT

TOKEN = "feed-secret-for-tests"


def _admin(tmp_path, token=TOKEN):
    catalog = tmp_path / "admin" / "sites.yaml"
    catalog.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "sites.yaml", catalog)
    return create_app({"TESTING": True, "CATALOG_PATH": str(catalog), "INSTANCE_PATH": str(tmp_path / "admin" / "i"),
                       "GEOCODER": "none", "CATALOG_FEED_TOKEN": token, "FIXED_NOW": FIXED_NOW}), catalog


@pytest.fixture
def public_app(tmp_path):
    """Public apps following a feed; their polling threads end with the test."""
    made = []

    def make(url):
        app = create_app({"TESTING": True, "ADMIN": False, "CATALOG_URL": url, "CATALOG_FEED_TOKEN": TOKEN,
                          "CATALOG_PATH": str(tmp_path / "not-read.yaml"), "INSTANCE_PATH": str(tmp_path / "public"),
                          "CATALOG_POLL_SECONDS": 0.2, "FIXED_NOW": FIXED_NOW})
        made.append(app)
        return app

    yield make
    for app in made:
        app.extensions["catalog_feed"].stop()


@pytest.fixture
def admin_server(tmp_path):
    """The admin app on a real port (a thread), as the public instances reach it over the network."""
    app, catalog = _admin(tmp_path)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/internal/catalog", catalog, server
    server.shutdown()


def test_the_feed_is_only_for_holders_of_the_token(tmp_path):
    app, catalog = _admin(tmp_path)
    client = app.test_client()
    assert client.get("/internal/catalog").status_code == 404
    assert client.get("/internal/catalog", headers={"Authorization": "Bearer wrong"}).status_code == 404
    ok = client.get("/internal/catalog", headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200 and ok.data == catalog.read_bytes()
    assert ok.headers["ETag"] == f'"{version_of(catalog.read_bytes())}"'
    again = client.get("/internal/catalog", headers={"Authorization": f"Bearer {TOKEN}",
                                                      "If-None-Match": ok.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    # No token configured: no feed at all; a public instance has none either
    no_token, _ = _admin(tmp_path / "other", token="")
    assert no_token.test_client().get("/internal/catalog", headers={"Authorization": "Bearer "}).status_code == 404


def test_an_edit_reaches_the_public_instance_and_the_admin_down_changes_nothing(admin_server, public_app):
    url, catalog, server = admin_server
    public = public_app(url)
    client = public.test_client()
    assert client.get("/sites").status_code == 200
    site = public.extensions["catalog_source"].catalog.published_sites[0]
    edited = catalog.read_bytes().replace(site.name.zh.encode(), f"{site.name.zh}新馆".encode(), 1)
    atomic_write(catalog, edited)  # as the admin's save does
    saved = time.monotonic()
    while f"{site.name.zh}新馆" not in client.get(f"/sites/{site.id}").get_data(as_text=True):
        assert time.monotonic() - saved < 2.0, "the edit did not reach the public instance within 2 s"
        time.sleep(0.05)
    copy = public.extensions["catalog_feed"].copy_path
    assert int(copy.stat().st_mtime) == int(catalog.stat().st_mtime)  # one Last-Modified on every instance
    server.shutdown()  # the admin is down: pages still served from the copy, and a restart starts from it
    assert f"{site.name.zh}新馆" in client.get(f"/sites/{site.id}").get_data(as_text=True)
    restarted = public_app(url)
    assert f"{site.name.zh}新馆" in restarted.test_client().get(f"/sites/{site.id}").get_data(as_text=True)


def test_without_the_admin_and_without_a_copy_the_instance_says_what_to_do(public_app, capsys):
    with pytest.raises(SystemExit):
        public_app("http://127.0.0.1:9/internal/catalog")
    err = capsys.readouterr().err
    assert "Start the admin instance" in err and "catalog-copy.yaml" in err


class _Broken(BaseHTTPRequestHandler):
    body = b"sites: [unclosed"

    def do_GET(self):  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


def test_a_broken_answer_never_replaces_the_good_copy(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Broken)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        copy = tmp_path / "catalog-copy.yaml"
        shutil.copy(ROOT / "sites.yaml", copy)
        feed = CatalogFeed(f"http://127.0.0.1:{server.server_port}/internal/catalog", copy, token=TOKEN)
        with pytest.raises(FeedUnavailable):
            feed.update()
        assert copy.read_bytes() == (ROOT / "sites.yaml").read_bytes()
    finally:
        server.shutdown()
