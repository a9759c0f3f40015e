"""Logging in and out: server-side sessions, rotation, time-outs, cookie flags, throttling that holds across
worker processes without locking the real user out."""
import pytest

import accounts
from app import create_app
from tests.admin_helpers import PASSWORD, csrf_from, login, make_user
from tests.conftest import FIXED_NOW

COOKIE = "session"


@pytest.fixture
def editor(app):
    return make_user(app)


def _cookie(client):
    c = client.get_cookie(COOKIE)
    return c.value if c else None


def test_login_sets_a_strict_cookie_and_rotates_the_session(app, client, editor):
    """The session id changes at login (a planted id is useless); the cookie is HttpOnly and SameSite=Lax."""
    client.get("/admin/login")
    before = _cookie(client)
    assert before  # the login form's CSRF token lives in an anonymous server session
    r = login(client)
    assert r.status_code == 303
    header = [h for h in r.headers.getlist("Set-Cookie") if h.startswith(COOKIE + "=")][-1]
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" not in header
    after = _cookie(client)
    assert after and after != before
    other = app.test_client()
    other.set_cookie(COOKIE, before)
    assert other.get("/admin/").status_code == 302  # the pre-login id no longer exists


def test_secure_cookie_when_configured(catalog_file, tmp_path):
    """With SESSION_COOKIE_SECURE on (HTTPS), the session cookie carries Secure."""
    app = create_app({"TESTING": True, "CATALOG_PATH": str(catalog_file), "INSTANCE_PATH": str(tmp_path / "i"),
                      "SESSION_COOKIE_SECURE": True, "FIXED_NOW": FIXED_NOW})
    make_user(app)
    client = app.test_client()
    r = login(client)
    assert any("Secure" in h for h in r.headers.getlist("Set-Cookie") if h.startswith(COOKIE + "="))


def test_logout_deletes_the_server_record(app, client, editor):
    """After logout the old cookie is worthless, even replayed by an attacker who copied it."""
    login(client)
    stolen = _cookie(client)
    token = csrf_from(client, "/admin/")
    assert client.post("/admin/logout", data={"csrf_token": token}).status_code == 303
    thief = app.test_client()
    thief.set_cookie(COOKIE, stolen)
    assert thief.get("/admin/").status_code == 302
    with app.app_context():
        from web.platform.db import get_db

        assert get_db().execute("SELECT COUNT(*) FROM sessions WHERE user_id IS NOT NULL").fetchone()[0] == 0


@pytest.mark.parametrize("idle,gap,alive", [(30, 29 * 60, True), (30, 31 * 60, False)])
def test_idle_timeout(app, client, editor, monkeypatch, idle, gap, alive):
    """A session unused for longer than SESSION_IDLE_MINUTES ends; one used in time stays."""
    login(client)
    real = accounts.now()
    monkeypatch.setattr(accounts, "now", lambda: real + gap)
    assert (client.get("/admin/").status_code == 200) is alive


def test_absolute_timeout_even_when_active(app, client, editor, monkeypatch):
    """A session ends SESSION_ABSOLUTE_HOURS after login, however active it is."""
    login(client)
    start = accounts.now()
    for step in range(1, 36):  # a request every 20 minutes for 11h40m keeps the idle clock fresh
        monkeypatch.setattr(accounts, "now", lambda s=step: start + s * 1200)
        assert client.get("/admin/ping").status_code == 204
    monkeypatch.setattr(accounts, "now", lambda: start + 12 * 3600 + 60)
    assert client.get("/admin/").status_code == 302


def _fail(client, name="editor1", addr="10.0.0.1"):
    return login(client, name, "wrong password!!", REMOTE_ADDR=addr)


def test_address_throttle_answers_429_with_retry_after(client, editor):
    """After 5 failures from one address the next attempt waits: 429 with Retry-After, even with the right password."""
    for _ in range(5):
        assert _fail(client).status_code == 401
    assert _fail(client).status_code == 401  # the 6th failure is counted and starts the wait
    r = login(client, REMOTE_ADDR="10.0.0.1")
    assert r.status_code == 429
    assert int(r.headers["Retry-After"]) >= 1


def test_attacker_cannot_lock_the_owner_out(client, editor, monkeypatch):
    """Guesses from many addresses delay the account by minutes at most, and never from the owner's usual address."""
    assert login(client, REMOTE_ADDR="192.0.2.10").status_code == 303  # the owner's office
    client.delete_cookie(COOKIE)
    t0 = accounts.now()
    for i in range(60):  # 60 addresses, one guess each
        monkeypatch.setattr(accounts, "now", lambda i=i: t0 + i)
        _fail(client, addr=f"198.51.100.{i}")
    monkeypatch.setattr(accounts, "now", lambda: t0 + 61)
    assert login(client, REMOTE_ADDR="192.0.2.10").status_code == 303  # trusted address: no wait
    client.delete_cookie(COOKIE)
    r = login(client, REMOTE_ADDR="203.0.113.5")  # a new address must wait, but not long
    assert r.status_code == 429 or r.status_code == 303
    if r.status_code == 429:
        assert int(r.headers["Retry-After"]) <= 300


def test_success_clears_the_address_count(client, editor):
    """A successful login from an address clears its failures, so a typo-prone user is not punished later."""
    for _ in range(4):
        _fail(client)
    assert login(client, REMOTE_ADDR="10.0.0.1").status_code == 303
    client.delete_cookie(COOKIE)
    for _ in range(5):
        assert _fail(client).status_code == 401


def test_throttle_is_shared_by_worker_processes(catalog_file, tmp_path):
    """Two app instances (two workers) on one instance folder count failures together."""
    cfg = {"TESTING": True, "CATALOG_PATH": str(catalog_file), "INSTANCE_PATH": str(tmp_path / "shared"),
           "FIXED_NOW": FIXED_NOW}
    a, b = create_app(cfg), create_app(cfg)
    make_user(a)
    ca, cb = a.test_client(), b.test_client()
    for i in range(6):
        _fail(ca if i % 2 else cb)
    assert login(ca, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert login(cb, REMOTE_ADDR="10.0.0.1").status_code == 429


def test_failed_and_successful_logins_are_audited(app, client, editor):
    """The audit log records failed logins, logins and logouts with the address."""
    _fail(client)
    login(client, REMOTE_ADDR="10.0.0.9")
    with app.app_context():
        from accounts import audit
        from web.platform.db import get_db

        actions = [(e.action, e.address) for e in audit.recent(get_db())]
    assert ("login_failed", "10.0.0.1") in actions and ("login", "10.0.0.9") in actions
    assert PASSWORD not in str(actions)
