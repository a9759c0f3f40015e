"""Accounts in the browser: an admin adds or invites editors, sends one-time password links, disables accounts;
every step is audited, editors can do none of it, and every form needs its CSRF token."""
import re

import pytest

from accounts import tokens
from tests.admin_helpers import PASSWORD, csrf_from, login, make_user

NEW_PASSWORD = "silk road by the jialing river"


@pytest.fixture
def admin(app, client):
    make_user(app, "boss", "admin")
    login(client, "boss")
    return client


def _audit(app, action):
    with app.app_context():
        from web.platform.db import get_db

        return [dict(r) for r in get_db().execute("SELECT * FROM audit WHERE action = ?", (action,))]


def _link(html):
    return re.search(r'>(http[^<]+/admin/account/password/[^<]+)</textarea>', html).group(1)


def _path(link):
    return link[link.index("/admin/"):]


def _set_password(client, path, password=NEW_PASSWORD, again=None):
    token = csrf_from(client, path)
    return client.post(path, data={"csrf_token": token, "password": password, "password2": again or password})


def test_invite_then_set_password_then_log_in(app, admin):
    r = admin.post("/admin/users/new", data={"csrf_token": csrf_from(admin, "/admin/users/new"), "name": "wangfang",
                                            "role": "editor", "how": "invite"})
    assert r.status_code == 200
    path = _path(_link(r.get_data(as_text=True)))
    assert _audit(app, "user_invite")[0]["target"] == "wangfang"
    newcomer = app.test_client()
    assert "设置密码" in newcomer.get(path + "?lang=zh").get_data(as_text=True)
    r = _set_password(newcomer, path)
    assert r.status_code == 303
    assert login(newcomer, "wangfang", NEW_PASSWORD).status_code == 303
    assert newcomer.get("/admin/").status_code == 200
    assert _audit(app, "user_password_set")[0]["actor"] == "wangfang"
    # The link worked once.
    assert app.test_client().get(path).status_code == 410


def test_create_with_password(app, admin):
    r = admin.post("/admin/users/new", data={"csrf_token": csrf_from(admin, "/admin/users/new"), "name": "lisi",
                                            "role": "editor", "how": "password", "password": NEW_PASSWORD,
                                            "password2": NEW_PASSWORD})
    assert r.status_code == 303
    assert login(app.test_client(), "lisi", NEW_PASSWORD).status_code == 303
    assert _audit(app, "user_create")[0]["target"] == "lisi"


def test_a_weak_password_or_bad_name_is_explained(admin):
    token = csrf_from(admin, "/admin/users/new")
    r = admin.post("/admin/users/new?lang=zh", data={"csrf_token": token, "name": "lisi", "role": "editor",
                                                      "how": "password", "password": "123", "password2": "123"})
    assert r.status_code == 422 and "至少需要 12 个字符" in r.get_data(as_text=True)
    r = admin.post("/admin/users/new?lang=zh", data={"csrf_token": token, "name": "王 芳", "role": "editor",
                                                      "how": "invite"})
    assert r.status_code == 422 and "登录名" in r.get_data(as_text=True)


def test_reset_link_is_one_time_and_ends_old_sessions(app, admin):
    make_user(app, "editor1")
    old = app.test_client()
    login(old, "editor1")
    assert old.get("/admin/").status_code == 200
    r = admin.post("/admin/users/editor1/reset-link", data={"csrf_token": csrf_from(admin, "/admin/users")})
    path = _path(_link(r.get_data(as_text=True)))
    assert _audit(app, "user_reset_link")[0]["target"] == "editor1"
    assert _set_password(app.test_client(), path, "abc", "abc").status_code == 422  # policy still applies
    assert _set_password(app.test_client(), path).status_code == 303
    assert old.get("/admin/").status_code == 302  # the session that knew the old password is over
    assert login(app.test_client(), "editor1", PASSWORD).status_code != 303
    assert login(app.test_client(), "editor1", NEW_PASSWORD).status_code == 303
    assert app.test_client().get(path).status_code == 410  # used once: gone


def test_reset_link_expires(app, admin, monkeypatch):
    make_user(app, "editor1")
    r = admin.post("/admin/users/editor1/reset-link", data={"csrf_token": csrf_from(admin, "/admin/users")})
    path = _path(_link(r.get_data(as_text=True)))
    import accounts

    later = accounts.now() + tokens.PURPOSES["reset"] + 1
    monkeypatch.setattr(accounts, "now", lambda: later)
    assert app.test_client().get(path).status_code == 410


def test_a_newer_link_replaces_the_older(app, admin):
    make_user(app, "editor1")
    first = _path(_link(admin.post("/admin/users/editor1/reset-link",
                                   data={"csrf_token": csrf_from(admin, "/admin/users")}).get_data(as_text=True)))
    admin.post("/admin/users/editor1/reset-link", data={"csrf_token": csrf_from(admin, "/admin/users")})
    assert app.test_client().get(first).status_code == 410


def test_disable_ends_sessions_and_blocks_login_and_links(app, admin):
    make_user(app, "editor1")
    link = _path(_link(admin.post("/admin/users/editor1/reset-link",
                                  data={"csrf_token": csrf_from(admin, "/admin/users")}).get_data(as_text=True)))
    other = app.test_client()
    login(other, "editor1")
    r = admin.post("/admin/users/editor1", data={"csrf_token": csrf_from(admin, "/admin/users"), "action": "disable"})
    assert r.status_code == 303
    assert other.get("/admin/").status_code == 302
    assert login(app.test_client(), "editor1").status_code != 303
    assert app.test_client().get(link).status_code == 410
    assert _audit(app, "user_disable")[0]["target"] == "editor1"
    admin.post("/admin/users/editor1", data={"csrf_token": csrf_from(admin, "/admin/users"), "action": "enable"})
    assert login(app.test_client(), "editor1").status_code == 303
    assert _audit(app, "user_enable")[0]["target"] == "editor1"


def test_editors_cannot_manage_accounts(app, client):
    make_user(app, "editor1")
    make_user(app, "editor2")
    login(client, "editor1")
    token = csrf_from(client, "/admin/")
    assert client.get("/admin/users/new").status_code == 403
    assert client.post("/admin/users/new", data={"csrf_token": token, "name": "x1", "role": "admin",
                                                 "how": "invite"}).status_code == 403
    assert client.post("/admin/users/editor2/reset-link", data={"csrf_token": token}).status_code == 403
    assert client.post("/admin/users/editor2", data={"csrf_token": token, "action": "disable"}).status_code == 403


def test_forms_need_the_csrf_token(app, admin):
    make_user(app, "editor1")
    assert admin.post("/admin/users/new", data={"name": "x1", "role": "editor", "how": "invite"}).status_code == 400
    assert admin.post("/admin/users/editor1/reset-link").status_code == 400
    link = _path(_link(admin.post("/admin/users/editor1/reset-link",
                                  data={"csrf_token": csrf_from(admin, "/admin/users")}).get_data(as_text=True)))
    assert app.test_client().post(link, data={"password": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == 400
