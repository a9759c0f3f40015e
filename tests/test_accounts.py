"""Accounts: created only from the command line, strong passwords, argon2 hashes, no default account."""
import hashlib

import pytest

from accounts import passwords, users
from accounts.passwords import COMMON_LIST
from tests.admin_helpers import PASSWORD, login, make_user


def test_common_password_list_is_the_documented_file():
    """The shipped list is exactly the one SOURCE.md names (20k passwords), so the check is what we claim."""
    assert hashlib.sha256(COMMON_LIST.read_bytes()).hexdigest() == (
        "3c1baed62596de36860824eb3f436d5932d37ca8b06e59df78f5a44ec175afe4")
    assert len(passwords.common_passwords()) > 19000


@pytest.mark.parametrize("password,code", [
    ("short pass", "too_short"),
    ("password1234", "common"),
    ("PASSWORD1234", "common"),
    ("aaaaaaaaaaaaaaa", "repetitive"),
    ("xx-editor1-xx-yy", "contains_name"),
])
def test_weak_passwords_are_refused(password, code):
    """Short, common, repetitive or name-containing passwords are refused with the reason."""
    with pytest.raises(passwords.PasswordRejected) as info:
        passwords.check_policy(password, name="editor1")
    assert info.value.code == code


def test_hash_is_argon2id_and_verifies():
    """Passwords are stored as argon2id hashes; only the right password verifies."""
    digest = passwords.hash_password(PASSWORD)
    assert digest.startswith("$argon2id$")
    assert passwords.verify(digest, PASSWORD) and not passwords.verify(digest, PASSWORD + "x")
    assert not passwords.verify(None, PASSWORD)


def test_no_default_account(app, client):
    """A fresh install has no account at all, so no default password can be guessed."""
    with app.app_context():
        from web.platform.db import get_db

        assert users.all_users(get_db()) == []
    assert login(client, "admin", "admin").status_code == 401


def test_cli_creates_a_user_from_stdin_and_lists_it(runner, client):
    """`flask users create NAME --role editor` reads the password from stdin; the user can then log in."""
    result = runner.invoke(args=["users", "create", "li.wei", "--role", "editor"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    listed = runner.invoke(args=["users", "list"])
    assert "li.wei\teditor\tactive" in listed.output
    assert login(client, "li.wei").status_code == 303


def test_cli_refuses_weak_password_and_duplicates(runner):
    """The CLI refuses a common password and an existing name, with a message and exit status 1."""
    weak = runner.invoke(args=["users", "create", "wang", "--role", "admin"], input="password1234\n")
    assert weak.exit_code == 1 and "common" in weak.output
    assert runner.invoke(args=["users", "create", "wang", "--role", "admin"], input=PASSWORD + "\n").exit_code == 0
    again = runner.invoke(args=["users", "create", "WANG", "--role", "editor"], input=PASSWORD + "\n")
    assert again.exit_code == 1 and "exists" in again.output


def test_cli_set_role_disable_and_reset_password(app, runner, client):
    """set-role, disable (ends sessions at once) and reset-password work from the command line."""
    make_user(app, "zhao", "editor")
    assert login(client, "zhao").status_code == 303
    assert runner.invoke(args=["users", "set-role", "zhao", "admin"]).exit_code == 0
    assert client.get("/admin/users").status_code == 200  # now an admin
    assert runner.invoke(args=["users", "disable", "zhao"]).exit_code == 0
    assert client.get("/admin/").status_code == 302  # the session ended
    assert login(client, "zhao").status_code == 401
    assert runner.invoke(args=["users", "disable", "zhao", "--enable"]).exit_code == 0
    new = "a different long passphrase"
    assert runner.invoke(args=["users", "reset-password", "zhao"], input=new + "\n").exit_code == 0
    assert login(client, "zhao").status_code == 401
    assert login(client, "zhao", new).status_code == 303
    assert runner.invoke(args=["users", "set-role", "nobody", "admin"]).exit_code == 1
