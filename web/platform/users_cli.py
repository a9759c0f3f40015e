"""`flask users ...`: accounts are made only here (there is no default account and no sign-up page)."""
from __future__ import annotations

import sys
from datetime import datetime

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from accounts import audit, passwords, users

from .db import get_db

users_cli = AppGroup("users", help="Create and manage admin accounts.")


def _password(name: str, from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt(f"Password for {name}", hide_input=True, confirmation_prompt=True)


def _fail(exc: users.UserError) -> None:
    if exc.code in passwords.MESSAGES:
        text = "password " + passwords.MESSAGES[exc.code][0].format(**exc.params)
    else:
        text = {"bad_name": "names are 2-40 letters, digits, '.', '_' or '-', starting with a letter or digit",
                "bad_role": f"role must be one of {', '.join(users.ROLES)}",
                "exists": "a user with that name already exists",
                "no_such_user": "no such user"}.get(exc.code, exc.code)
    click.echo(f"Refused: {text}.", err=True)
    raise SystemExit(1)


def _min_length() -> int:
    return int(current_app.config["PASSWORD_MIN_LENGTH"])


@users_cli.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice(users.ROLES), required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def create(name: str, role: str, password_stdin: bool) -> None:
    """Create a user (password prompted twice, or read from stdin)."""
    try:
        user = users.create(get_db(), name, role, _password(name, password_stdin), min_length=_min_length())
    except users.UserError as exc:
        _fail(exc)
        return
    audit.record(get_db(), "cli", "user_create", user.name, f"role={role}")
    click.echo(f"Created {user.role} {user.name}.")


@users_cli.command("list")
def list_users() -> None:
    """List users with their role and state."""
    for u in users.all_users(get_db()):
        created = datetime.fromtimestamp(u.created).strftime("%Y-%m-%d")
        click.echo(f"{u.name}\t{u.role}\t{'disabled' if u.disabled else 'active'}\t{created}")


@users_cli.command("set-role")
@click.argument("name")
@click.argument("role", type=click.Choice(users.ROLES))
def set_role(name: str, role: str) -> None:
    """Make a user an editor or an admin."""
    try:
        users.set_role(get_db(), name, role)
    except users.UserError as exc:
        _fail(exc)
    audit.record(get_db(), "cli", "user_role", name, f"role={role}")
    click.echo(f"{name} is now {role}.")


@users_cli.command("disable")
@click.argument("name")
@click.option("--enable", is_flag=True, help="Enable the account again instead.")
def disable(name: str, enable: bool) -> None:
    """Disable an account (its sessions end at once), or enable it again with --enable."""
    try:
        users.set_disabled(get_db(), name, not enable)
    except users.UserError as exc:
        _fail(exc)
    audit.record(get_db(), "cli", "user_enable" if enable else "user_disable", name)
    click.echo(f"{name} {'enabled' if enable else 'disabled'}.")


@users_cli.command("reset-password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def reset_password(name: str, password_stdin: bool) -> None:
    """Set a new password (the user's sessions end)."""
    try:
        if users.by_name(get_db(), name) is None:
            raise users.UserError("no_such_user")
        users.reset_password(get_db(), name, _password(name, password_stdin), min_length=_min_length())
    except users.UserError as exc:
        _fail(exc)
    audit.record(get_db(), "cli", "user_password", name)
    click.echo(f"Password of {name} changed.")


def init_app(app: Flask) -> None:
    app.cli.add_command(users_cli)
