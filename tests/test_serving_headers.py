"""Headers that let a reverse proxy cache public pages safely, and the ADMIN switch (docs/deploy.md)."""
import time

import pytest

from app import create_app
from tests.conftest import FIXED_NOW


def make(catalog_file, tmp_path, **settings):
    return create_app({"TESTING": True, "CATALOG_PATH": str(catalog_file), "FIXED_NOW": FIXED_NOW,
                       "INSTANCE_PATH": str(tmp_path / "instance"), "GEOCODER": "none", **settings})


@pytest.mark.parametrize("path", ["/", "/sites", "/sites?category=museum"])
def test_public_pages_may_be_kept_by_a_proxy_for_less_than_a_second(client, path):
    """s-maxage for any shared cache; nginx's X-Accel-Expires ends at the end of the current second, so the
    page is never older than PAGE_CACHE_SECONDS (1); browsers always ask again."""
    before = int(time.time())
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["Cache-Control"] == "public, max-age=0, s-maxage=1"
    assert before <= int(r.headers["X-Accel-Expires"].lstrip("@")) <= int(time.time())


def test_the_proxy_lifetime_follows_the_setting(catalog_file, tmp_path):
    r = make(catalog_file, tmp_path, PAGE_CACHE_SECONDS=10).test_client().get("/")
    assert r.headers["Cache-Control"] == "public, max-age=0, s-maxage=10"
    expires = int(r.headers["X-Accel-Expires"].lstrip("@"))
    assert time.time() + 8 <= expires <= time.time() + 9  # kept to the end of the 9th whole second: < 10 s


def test_no_proxy_caching_when_turned_off(catalog_file, tmp_path):
    r = make(catalog_file, tmp_path, PAGE_CACHE_SECONDS=0).test_client().get("/")
    assert r.headers["Cache-Control"] == "no-cache" and "X-Accel-Expires" not in r.headers


def test_a_response_that_sets_the_language_cookie_is_not_shared(client):
    """?lang= remembers the choice in a cookie: that response belongs to one visitor."""
    r = client.get("/sites?lang=en")
    assert "lang=en" in r.headers["Set-Cookie"]
    assert r.headers["Cache-Control"] == "no-cache" and "X-Accel-Expires" not in r.headers


def test_errors_and_admin_pages_are_not_marked_cacheable(client):
    assert "s-maxage" not in client.get("/sites/no-such-site").headers.get("Cache-Control", "")
    assert client.get("/admin/login").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("headers", [{}, {"Accept-Language": "en"}, {"Cookie": "lang=en"}])
def test_negotiated_language_is_named_in_vary(client, headers):
    """Whatever the visitor sent (even nothing), a page whose language was negotiated says it varies on
    Accept-Language and Cookie, or a shared cache would give one visitor's language to the next."""
    r = client.get("/sites", headers=headers)
    assert {"Accept-Language", "Cookie"} <= set(r.vary)


def test_public_pages_vary_on_nothing_the_proxy_cannot_see(client):
    """nginx keys pages by URL plus the app's Vary; a new Vary header must be checked against the recipe."""
    r = client.get("/", headers={"Accept-Encoding": "gzip", "Accept-Language": "zh"})
    assert set(r.vary) <= {"Accept-Encoding", "Accept-Language", "Cookie"}


def test_public_instances_serve_no_admin(catalog_file, tmp_path):
    """ADMIN off: /admin does not exist on that instance, so it cannot write the catalog."""
    client = make(catalog_file, tmp_path, ADMIN=False).test_client()
    assert client.get("/admin/login").status_code == 404
    assert client.get("/promote").status_code == 404  # the staff's builder logs in through the admin
    assert client.get("/").status_code == 200
