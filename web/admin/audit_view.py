"""The audit log as staff read it: actions in words, sites and tours by name, machine details explained."""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _

from accounts.audit import Entry
from catalog.model import Catalog

from .staff_words import action_label

ROLE = re.compile(r"^role=(\w+)$")
WAIT = re.compile(r"^wait (\d+)s$")


@dataclass(frozen=True)
class Row:
    entry: Entry
    action: str
    target: str
    detail: str


def _target(target: str, catalog: Catalog, lang: str) -> str:
    for item in (*catalog.sites, *catalog.tours):
        if item.id == target:
            return item.name.get(lang)
    return target  # a user name, a revision number (#12), or a site deleted since


def _detail(entry: Entry) -> str:
    role, wait = ROLE.match(entry.detail), WAIT.match(entry.detail)
    if role:
        return _("new role: %(role)s", role=_("admin") if role.group(1) == "admin" else _("editor"))
    if wait:
        return _("asked to wait %(n)s seconds", n=wait.group(1))
    return entry.detail  # save summaries: written in words, in the language of whoever saved


def rows(entries: list[Entry], catalog: Catalog, lang: str) -> list[Row]:
    return [Row(e, action_label(e.action), _target(e.target, catalog, lang), _detail(e)) for e in entries]
