"""A save that finds the file changed since its form was opened: merge three ways (web.admin.conflict) and
save again on top of the current version, or show the conflict page when both sides changed one field."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from types import ModuleType

from flask import render_template
from werkzeug.datastructures import MultiDict

from catalog.store import VersionConflict

from . import conflict
from .field_labels import label
from .saving import revision_log


@dataclass
class Attempt:
    """What to save: the item's values (and their form fields), over which version, started from what."""

    values: dict
    mine: dict[str, str]
    base_version: str
    base_fields: dict[str, str] | None
    taken: list[str] = field(default_factory=list)  # fields merged in from other saves so far


def first(form: MultiDict, form_module: ModuleType, item_id: str | None) -> Attempt:
    values = form_module.values_from_form(form)
    if item_id:
        values["id"] = item_id  # ids are in URLs and tours: never changed by an edit
    return Attempt(values, form_module.fields_from_values(values), form.get("base_version", ""),
                   conflict.base_of(form))


def after_conflict(exc: VersionConflict, attempt: Attempt, section: str, item_id: str,
                   form_module: ModuleType) -> Attempt | conflict.Merge:
    """The next attempt (merged over the current version), or the Merge to show when a choice is needed."""
    flatten = form_module.fields_from_values
    theirs = conflict.item_fields(exc.current_data, section, item_id, flatten)
    base = attempt.base_fields
    if base is None:  # an old form without its start: the history may still have it
        base = conflict.item_fields(revision_log().data(exc.base), section, item_id, flatten)
    merged = conflict.merge(base, attempt.mine, theirs)
    if merged.clashes or theirs is None:
        return merged
    values = form_module.values_from_form(MultiDict(merged.fields))
    values["id"] = item_id
    return Attempt(values, merged.fields, exc.current, theirs, attempt.taken + merged.taken)


def page(kind: str, item_id: str, merged: conflict.Merge, current_version: str, action: str):
    rows = [(c, label(c.name)) for c in merged.clashes]
    return render_template(
        "admin/conflict.html", kind=kind, item_id=item_id, rows=rows, merged=merged.fields,
        taken=labels(merged.taken), exists=merged.theirs is not None, current_version=current_version,
        base_fields=conflict.encode(merged.theirs or {}), action=action,
        choices=json.dumps([[c.name, c.mine, c.theirs] for c in merged.clashes], ensure_ascii=False)), 409


def unanswered(form: MultiDict, kind: str, item_id: str, action: str):
    """The conflict page again when it was sent with a conflict left unchosen; None when all are answered."""
    open_ = conflict.open_choices(form)
    if not open_:
        return None
    fields = {k: v for k, v in form.items() if k not in ("csrf_token", "base_version", conflict.BASE_FIELD,
                                                        conflict.CHOOSE_FIELD)}
    merged = conflict.Merge(fields, open_, [], conflict.base_of(form))
    return page(kind, item_id, merged, form.get("base_version", ""), action)


def labels(names: list[str]) -> list[str]:
    return list(dict.fromkeys(label(n) for n in names))
