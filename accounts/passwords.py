"""Password policy and hashing: at least 12 characters, not a common password, argon2id (argon2-cffi defaults).

argon2-cffi's defaults meet OWASP ASVS 5.0; Werkzeug's default scrypt parameters do not (lessons.md).
"""
from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

COMMON_LIST = Path(__file__).resolve().parent / "data" / "common-passwords.txt.gz"
_hasher = PasswordHasher()
# Verifying against this keeps a login for an unknown name as slow as one for a real name (no user enumeration).
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


class PasswordRejected(ValueError):
    """``code`` says why: too_short, common, contains_name, repetitive."""

    def __init__(self, code: str, **params: object):
        self.code, self.params = code, params
        super().__init__(code)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_LIST, "rt", encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh if line.strip())


def check_policy(password: str, *, name: str = "", min_length: int = 12) -> None:
    """Raise PasswordRejected if the password may not be used."""
    if len(password) < min_length:
        raise PasswordRejected("too_short", min=min_length)
    lowered = password.lower()
    if lowered in common_passwords():
        raise PasswordRejected("common")
    if name and len(name) >= 3 and name.lower() in lowered:
        raise PasswordRejected("contains_name")
    if len(set(password)) < 4:  # "aaaaaaaaaaaa", "abababababab"
        raise PasswordRejected("repetitive")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(stored_hash: str | None, password: str) -> bool:
    """True if the password matches; spends the same work when there is no such user."""
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


MESSAGES = {
    "too_short": ("must be at least {min} characters", "至少需要 {min} 个字符"),
    "common": ("is on the list of common passwords", "属于常见密码，容易被猜中"),
    "contains_name": ("must not contain the user name", "不能包含用户名"),
    "repetitive": ("uses too few different characters", "使用的不同字符太少"),
}
