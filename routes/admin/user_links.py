"""Accounts in the browser (admin only): add an editor with a password, or invite one with a one-time link;
send a password-reset link. Whoever holds a link sets their own password on a page that needs no login. Every
step is written to the audit log. (Disabling and enabling are in routes/admin/people.py.)"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from accounts import audit, passwords, tokens, users
from web.platform.auth import client_address, current_user, public_view, requires
from web.platform.links import base_url
from web.platform.db import get_db
from web.platform.i18n import current_lang

from . import bp

def _min_length() -> int:
    return int(current_app.config["PASSWORD_MIN_LENGTH"])


def _error_text(exc: users.UserError) -> str:
    if exc.code in passwords.MESSAGES:
        en, zh = passwords.MESSAGES[exc.code]
        return _("The password %(why)s.", why=(zh if current_lang() == "zh" else en).format(**exc.params))
    if exc.code == "bad_name":
        return _("Use 2 to 40 letters, digits, dots, hyphens or underscores for the name, starting with a letter "
                 "or digit.")
    if exc.code == "exists":
        return _("There is already an account with this name.")
    return _("This account cannot be created.")


def _link_page(user: users.User, token: str, expires: float, purpose: str):
    link = base_url() + url_for("admin.set_password", token=token)
    until = datetime.fromtimestamp(expires, ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")  # bureau's time
    return render_template("admin/user_link.html", user=user, link=link, until=until, purpose=purpose)


@bp.get("/users/new", endpoint="user_new")
@requires("admin")
def user_new():
    return render_template("admin/user_new.html", roles=users.ROLES, f={}, error="")


@bp.post("/users/new")
@requires("admin")
def user_create():
    conn, me = get_db(), current_user()
    f = {k: request.form.get(k, "").strip() for k in ("name", "role", "how")}
    if f["role"] not in users.ROLES or f["how"] not in ("invite", "password"):
        abort(400)
    try:
        if f["how"] == "invite":
            user = users.create_invited(conn, f["name"], f["role"])
        else:
            if request.form.get("password", "") != request.form.get("password2", ""):
                raise users.UserError("mismatch")
            user = users.create(conn, f["name"], f["role"], request.form.get("password", ""),
                                min_length=_min_length())
    except users.UserError as exc:
        error = _("The two passwords differ.") if exc.code == "mismatch" else _error_text(exc)
        return render_template("admin/user_new.html", roles=users.ROLES, f=f, error=error), 422
    if f["how"] == "password":
        audit.record(conn, me.name, "user_create", user.name, f"role={user.role}", client_address())
        flash(_("Account %(name)s created. Give them the password in person.", name=user.name))
        return redirect(url_for("admin.users"), 303)
    token, expires = tokens.issue(conn, user.id, "invite")
    audit.record(conn, me.name, "user_invite", user.name, f"role={user.role}", client_address())
    return _link_page(user, token, expires, "invite")


@bp.post("/users/<name>/reset-link", endpoint="user_reset_link")
@requires("admin")
def user_reset_link(name: str):
    conn, me = get_db(), current_user()
    user = users.by_name(conn, name)
    if user is None:
        abort(404)
    if user.disabled:
        flash(_("%(name)s is disabled: enable the account before sending a password link.", name=name), "error")
        return redirect(url_for("admin.users"), 303)
    token, expires = tokens.issue(conn, user.id, "reset")
    audit.record(conn, me.name, "user_reset_link", user.name, "", client_address())
    return _link_page(user, token, expires, "reset")


def _valid_grant(token: str):
    conn = get_db()
    grant = tokens.peek(conn, token)
    user = users.get(conn, grant.user_id) if grant else None
    if grant is None or user is None or user.disabled:
        return None, None
    return grant, user


@bp.get("/account/password/<token>", endpoint="set_password")
@public_view
def set_password(token: str):
    grant, user = _valid_grant(token)
    if grant is None:
        return render_template("admin/set_password.html", invalid=True), 410
    return render_template("admin/set_password.html", user=user, grant=grant, error="", min=_min_length())


@bp.post("/account/password/<token>")
@public_view
def set_password_post(token: str):
    grant, user = _valid_grant(token)
    if grant is None:
        return render_template("admin/set_password.html", invalid=True), 410
    password = request.form.get("password", "")
    if password != request.form.get("password2", ""):
        error = _("The two passwords differ.")
    else:
        try:
            passwords.check_policy(password, name=user.name, min_length=_min_length())
            error = ""
        except passwords.PasswordRejected as exc:
            error = _error_text(users.UserError(exc.code, **exc.params))
    if error:
        return render_template("admin/set_password.html", user=user, grant=grant, error=error,
                               min=_min_length()), 422
    conn = get_db()
    if tokens.consume(conn, token) is None:  # used by someone else in the meantime
        return render_template("admin/set_password.html", invalid=True), 410
    users.reset_password(conn, user.name, password, min_length=_min_length())  # also ends their sessions
    audit.record(conn, user.name, "user_password_set", user.name, grant.purpose, client_address())
    flash(_("Your password is set. Log in with it now."))
    return redirect(url_for("admin.login"), 303)
