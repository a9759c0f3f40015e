"""Every admin route checks the role on the server; every state-changing request needs this session's CSRF
token (the CSRF matrix of issue 7); GET never changes state; admin pages are unframeable and never cached."""
import re

import pytest

from tests.admin_helpers import csrf_from, login, make_user, site_ids

ADMIN_ONLY = {"admin.users", "admin.user_update", "admin.audit_log", "admin.settings", "admin.revision_restore",
              "admin.user_new", "admin.user_create", "admin.user_reset_link",
              "admin.revision_restore_confirm"}
# No login: the login form, and the page a one-time link opens (the token in the URL is the credential; an
# unknown token gets 410, tested in test_user_links.py).
PUBLIC = ("admin.login", "admin.login_post", "admin.set_password", "admin.set_password_post")


def _admin_rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint.startswith("admin.")]


def _url(rule, sites, tours):
    values = {"site_id": sites[0], "tour_id": tours[0], "rev_id": 1, "name": "editor1"}
    return rule.rule.replace("<site_id>", values["site_id"]).replace("<tour_id>", values["tour_id"]).replace(
        "<int:rev_id>", "1").replace("<name>", "editor1").replace("<fact>", "hours").replace("<fmt>", "csv")


@pytest.fixture
def ids(catalog_file):
    from catalog.source import read_catalog

    c = read_catalog(catalog_file).catalog
    return [s.id for s in c.sites], [t.id for t in c.tours]


def test_every_admin_view_declares_its_role(app):
    """No admin endpoint can exist without a server-side role check (web.platform.auth.requires)."""
    for rule in _admin_rules(app):
        view = app.view_functions[rule.endpoint]
        assert hasattr(view, "required_role"), rule.endpoint
        expected = None if rule.endpoint in PUBLIC else (
            "admin" if rule.endpoint in ADMIN_ONLY else "editor")
        assert view.required_role == expected, rule.endpoint


def test_anonymous_users_are_sent_to_login(app, client, ids):
    """Without a session, admin pages redirect to the login page and posts are refused."""
    for rule in _admin_rules(app):
        if rule.endpoint in PUBLIC:
            continue
        url = _url(rule, *ids)
        if "GET" in rule.methods:
            r = client.get(url)
            assert r.status_code == 302 and "/admin/login" in r.headers["Location"], url
        else:
            token = csrf_from(client)
            assert client.post(url, data={"csrf_token": token}).status_code == 401, url


def test_editors_cannot_reach_admin_only_routes(app, client, ids):
    """An editor gets 403 from users, audit, settings and restore, checked on the server."""
    make_user(app)
    login(client)
    token = csrf_from(client, "/admin/")
    for rule in _admin_rules(app):
        if rule.endpoint not in ADMIN_ONLY:
            continue
        url = _url(rule, *ids)
        r = client.get(url) if "GET" in rule.methods else client.post(url, data={"csrf_token": token})
        assert r.status_code == 403, url


def _state(app, catalog_file):
    with app.app_context():
        from web.platform.db import get_db

        db = get_db()
        tables = {t: db.execute(f"SELECT * FROM {t}").fetchall() for t in ("users", "revisions", "audit", "throttle")}
    return catalog_file.read_bytes(), {k: [tuple(r) for r in v] for k, v in tables.items()}


def test_csrf_matrix(app, catalog_file, ids):
    """Every state-changing endpoint refuses a missing, a wrong and a cross-site (other session's) token, and
    changes nothing; with the right token the same request gets past the CSRF check."""
    make_user(app, "admin1", "admin")
    make_user(app, "editor1", "editor")
    victim, attacker = app.test_client(), app.test_client()
    login(victim, "admin1")
    login(attacker, "editor1")
    foreign = csrf_from(attacker, "/admin/")
    own = csrf_from(victim, "/admin/")
    posts = sorted((r for r in _admin_rules(app) if "POST" in r.methods), key=lambda r: r.endpoint == "admin.logout")
    assert len(posts) >= 12
    for rule in posts:
        url = _url(rule, *ids)
        for label, token in (("missing", None), ("wrong", own[:-4] + "AAAA"), ("cross-site", foreign)):
            before = _state(app, catalog_file)
            data = {"base_version": "x", "action": "enable", "name": "editor1"}
            if token:
                data["csrf_token"] = token
            r = victim.post(url, data=data, headers={"Origin": "https://evil.example"} if label == "cross-site" else {})
            assert r.status_code == 400, (url, label)
            assert "This form has expired" in r.get_data(as_text=True) or "表单已过期" in r.get_data(as_text=True)
            assert _state(app, catalog_file) == before, (url, label)
        r = victim.post(url, data={"csrf_token": own, "base_version": "x", "action": "enable"})
        body = r.get_data(as_text=True)
        assert "This form has expired" not in body and "表单已过期" not in body, url


def test_get_requests_change_nothing(app, client, catalog_file, ids):
    """No admin GET changes the catalog, users, revisions or audit log."""
    make_user(app, "admin1", "admin")
    login(client, "admin1")
    before = _state(app, catalog_file)
    for rule in _admin_rules(app):
        if "GET" in rule.methods and rule.endpoint != "admin.login":
            client.get(_url(rule, *ids))
    assert _state(app, catalog_file) == before


def test_admin_pages_are_unframeable_and_uncached(app, client, ids):
    """Admin responses forbid framing (frame-ancestors 'none') and storage (Cache-Control: no-store)."""
    make_user(app)
    login(client)
    for path in ("/admin/login", "/admin/", f"/admin/sites/{ids[0][0]}", "/admin/tours", "/admin/revisions"):
        r = client.get(path)
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"], path
        assert r.headers["X-Frame-Options"] == "DENY"
        assert r.headers["Cache-Control"] == "no-store", path
        assert not re.search(r"<script(?![^>]*(nonce=|src=\"/static/))[^>]*>", r.get_data(as_text=True)), path


def test_admin_pages_are_not_compressed_public_pages_are(app, client):
    """Admin responses (CSRF tokens beside reflected input) are sent uncompressed against BREACH."""
    make_user(app)
    login(client)
    gz = {"Accept-Encoding": "gzip"}
    assert "Content-Encoding" not in client.get("/admin/?q=abc", headers=gz).headers
    assert client.get("/sites", headers=gz).headers.get("Content-Encoding") == "gzip"
