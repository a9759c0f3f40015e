"""Small helpers shared by admin views: problems placed at their form fields."""
from __future__ import annotations

from typing import Callable, Iterable

from catalog.problems import Problem

from ..i18n import current_lang


def form_errors(problems: Iterable[Problem], section: str, index: int | None, fields: dict[str, str],
                field_for: Callable[[str, dict], str | None]) -> tuple[dict[str, list[str]], list[str]]:
    """({field name: [messages]}, [problems elsewhere in the catalog, with their path]) in the editor's language."""
    lang = current_lang()
    prefix = f"{section}[{index}]" if index is not None else None
    errors: dict[str, list[str]] = {}
    general: list[str] = []
    for p in problems:
        rel = None
        if prefix and (p.path == prefix or p.path.startswith((prefix + ".", prefix + "["))):
            rel = p.path[len(prefix):].lstrip(".")
        name = field_for(rel, fields) if rel else None
        if name:
            errors.setdefault(name, []).append(p.message(lang))
        else:
            general.append(p.text(lang))
    return errors, general
