"""Admin only: users (roles, disable/enable; accounts are created with `flask users create`), the audit log,
and the settings in force."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

import config
from accounts import audit, tokens, users
from web.admin import audit_view
from web.platform.auth import client_address, current_user, requires
from web.admin.staff_words import action_label
from web.platform.i18n import current_lang
from web.platform.live_catalog import get_catalog
from web.platform.db import get_db

from . import bp

SECRET = {"SECRET_KEY", "CATALOG_FEED_TOKEN", "DATABASE_URL"}  # a database URL may carry a password


@bp.get("/users", endpoint="users")
@requires("admin")
def users_list():
    conn = get_db()
    return render_template("admin/users.html", users=users.all_users(conn), roles=users.ROLES,
                           invited=tokens.pending_invites(conn))




@bp.post("/users/<name>")
@requires("admin")
def user_update(name: str):
    conn, me = get_db(), current_user()
    action = request.form.get("action", "")
    if users.by_name(conn, name) is None:
        abort(404)
    if name == me.name and action in ("disable", "role"):
        flash(_("You cannot change your own role or disable yourself."), "error")
        return redirect(url_for("admin.users"), 303)
    if action == "role" and request.form.get("role") in users.ROLES:
        role = request.form["role"]
        users.set_role(conn, name, role)
        audit.record(conn, me.name, "user_role", name, f"role={role}", client_address())
    elif action in ("disable", "enable"):
        users.set_disabled(conn, name, action == "disable")
        audit.record(conn, me.name, f"user_{action}", name, "", client_address())
    else:
        abort(400)
    flash(_("Saved."))
    return redirect(url_for("admin.users"), 303)


@bp.get("/audit")
@requires("admin")
def audit_log():
    action = request.args.get("action", "")
    entries = audit.recent(get_db(), action=action if action in audit.ACTIONS else "",
                           before_id=request.args.get("before", type=int))
    return render_template("admin/audit.html", entries=entries, rows=audit_view.rows(entries, get_catalog(), current_lang()),
                           actions=[(a, action_label(a)) for a in audit.ACTIONS], action=action)


@bp.get("/settings")
@requires("admin")
def settings():
    # Each help text is a msgid (extracted with the keyword Setting:3); translated without %-formatting.
    rows = [(s, "••••••" if s.name in SECRET else current_app.config.get(s.name), _(s.help)) for s in config.SETTINGS]
    return render_template("admin/settings.html", rows=rows)
