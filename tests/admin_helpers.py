"""Helpers for admin tests: users, logging in through the real form, reading forms back as a browser would."""
from __future__ import annotations

import html
import io
import re

from accounts import users

PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_user(app, name: str = "editor1", role: str = "editor", password: str = PASSWORD):
    with app.app_context():
        from web.platform.db import get_db

        return users.create(get_db(), name, role, password)


def csrf_from(client, path: str = "/admin/login") -> str:
    return CSRF.search(client.get(path).get_data(as_text=True)).group(1)


def login(client, name: str = "editor1", password: str = PASSWORD, next_: str = "", **environ):
    token = csrf_from(client)
    return client.post("/admin/login", data={"csrf_token": token, "name": name, "password": password, "next": next_},
                       **({"environ_base": environ} if environ else {}))


def form_values(page: str) -> dict:
    """Every successful control of the first POST form with fields, as the browser would submit it."""
    out: dict = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        v = html.unescape(value.group(1)) if value else ""
        if kind and kind.group(1) in ("checkbox", "radio"):
            if re.search(r"\schecked", tag):
                out.setdefault(name.group(1), []).append(v or "on")
            continue
        if kind and kind.group(1) in ("file", "submit"):
            continue
        out[name.group(1)] = v
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        out[name] = html.unescape(text[1:] if text.startswith("\n") else text)  # as HTML parsers read it
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"\s+selected', options)
        out[name] = html.unescape(chosen.group(1)) if chosen else ""
    return out


def site_ids(catalog_file) -> list[str]:
    from catalog.source import read_catalog

    return [s.id for s in read_catalog(catalog_file).catalog.sites]


def xlsx_bytes(rows: list[list]) -> bytes:
    """An .xlsx workbook whose first sheet holds ``rows``, as a clerk's upload."""
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
