"""A save that finds the file changed since its form was opened: merge three ways (web.admin.conflict) and
save again on top of the current version, or show the conflict page when both sides changed one field."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Callable

from flask import flash, render_template
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from catalog import edit
from catalog.problems import CatalogError
from catalog.store import VersionConflict

from . import conflict, saving
from .staff_words import form_label
from .saving import revision_log

ROUNDS = 3  # a merged save can meet yet another save: merge again, a few times


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
    rows = [(c, form_label(c.name)) for c in merged.clashes]
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
    return list(dict.fromkeys(form_label(n) for n in names))


@dataclass
class ItemSave:
    """How saving one site or tour from its form went: saved (``changes``, maybe none), or a page to answer
    with (``page``: the conflict page), or the catalog's problems with the item's ``index`` in the file (to mark
    the form's fields), or a conflict on a new item (``conflict``: the caller says so)."""

    attempt: Attempt
    changes: list | None = None
    index: int | None = None
    page: tuple | None = None
    problems: tuple = ()
    conflict: VersionConflict | None = None

    def refused(self, render_form: Callable[..., Any]) -> Any:
        """The conflict page, or ``render_form(fields, base_version, problems, 422, index=, base_fields=)``: the
        form again with its problems marked; None when the save went through."""
        if self.page is not None:
            return self.page
        if self.problems:
            return render_form(self.attempt.mine, self.attempt.base_version, self.problems, 422, index=self.index,
                               base_fields=self.attempt.base_fields)
        return None


def save_item(attempt: Attempt, section: str, item_id: str | None, form_module: ModuleType,
              describe: Callable[[Attempt, list], tuple[str, str]], *, kind: str, action: str) -> ItemSave:
    """Put the form's values into the item (a new one when ``item_id`` is None), merging with saves made since
    the form was opened. ``describe(attempt, changes)`` gives the history's summary and the audit target.
    Raises ``catalog.edit.NotFound`` for an item that is gone."""
    index = changes = None
    try:
        last = None
        for _round in range(ROUNDS):
            try:
                d = saving.draft(attempt.base_version, lambda doc: edit.put(doc, section, item_id, attempt.values),
                                 item=(section, item_id) if item_id else None)
                index, changes = d.result
                if changes:
                    summary, target = describe(attempt, changes)
                    saving.commit(d, attempt.base_version, summary[:400], target=target)
                return ItemSave(attempt, changes, index)
            except VersionConflict as exc:
                if item_id is None:
                    return ItemSave(attempt, conflict=exc)
                nxt = after_conflict(exc, attempt, section, item_id, form_module)
                if isinstance(nxt, conflict.Merge):
                    return ItemSave(attempt, page=page(kind, item_id, nxt, exc.current, action))
                attempt, last = nxt, exc
        raise last
    except VersionConflict as exc:  # still changing under us after every round: let the editor choose
        merged = conflict.merge(None, attempt.mine, conflict.item_fields(exc.current_data, section, str(item_id),
                                                                         form_module.fields_from_values))
        return ItemSave(attempt, page=page(kind, str(item_id), merged, exc.current, action))
    except CatalogError as exc:  # the index was found before validation refused the item
        return ItemSave(attempt, changes, index, problems=tuple(exc.problems))


def flash_saved(saved: ItemSave, merged: Callable[[str], str], done: str) -> None:
    """Tell the editor what the save did: nothing, merged with someone else's save, or saved."""
    if not saved.changes and not saved.attempt.taken:
        flash(_("Nothing changed."))
    elif saved.attempt.taken:
        flash(merged(", ".join(labels(saved.attempt.taken))))
    else:
        flash(done)
