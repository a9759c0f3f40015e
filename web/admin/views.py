"""Small helpers shared by admin views: problems placed at their form fields."""
from __future__ import annotations

from typing import Callable, Iterable

from catalog.problems import Problem

from .staff_words import message, names_in, problem_text
from web.platform.live_catalog import get_source


def form_errors(problems: Iterable[Problem], section: str, index: int | None, fields: dict[str, str],
                field_for: Callable[[str, dict], str | None]) -> tuple[dict[str, list[str]], list[str]]:
    """({field name: [messages]}, [problems elsewhere in the catalog, saying where in words]) in the editor's
    language."""
    prefix = f"{section}[{index}]" if index is not None else None
    errors: dict[str, list[str]] = {}
    general: list[str] = []
    for p in problems:
        rel = None
        if prefix and (p.path == prefix or p.path.startswith((prefix + ".", prefix + "["))):
            rel = p.path[len(prefix):].lstrip(".")
        name = field_for(rel, fields) if rel else None
        if name:
            errors.setdefault(name, []).append(message(p, form=True))
        else:
            general.append(problem_text(p, names_in(get_source().snapshot().plain)))
    return errors, general
