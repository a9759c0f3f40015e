"""The photos page's form, read back into the catalog's ``photos`` list: order, cover, captions, removal."""
from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from catalog.edit import prune

ROW_FIELDS = ("file", "caption_zh", "caption_en", "credit", "licence")
MAX_TEXT = 200


def rows_from_node(node: Any) -> list[dict]:
    """The stored list as form rows (missing parts as empty strings)."""
    rows = []
    for item in (node.get("photos") or []) if node else []:
        caption = item.get("caption") or {}
        rows.append({"file": str(item.get("file") or ""), "caption_zh": str(caption.get("zh") or ""),
                     "caption_en": str(caption.get("en") or ""), "credit": str(item.get("credit") or ""),
                     "licence": str(item.get("licence") or "")})
    return rows


def rows_from_form(form: MultiDict) -> list[dict]:
    """Rows in the order the page submitted them (a drag reorders the page), then the buttons applied:
    ``remove`` drops, ``cover`` moves to the front, ``up`` moves one place earlier."""
    columns = {name: form.getlist(name) for name in ROW_FIELDS}
    rows = []
    for i, file in enumerate(columns["file"]):
        rows.append({name: (columns[name][i] if i < len(columns[name]) else "").strip()[:MAX_TEXT]
                     for name in ROW_FIELDS} | {"file": file.strip()})
    removed = set(form.getlist("remove"))
    rows = [r for r in rows if r["file"] and r["file"] not in removed]
    files = [r["file"] for r in rows]
    if form.get("cover") in files:
        rows.insert(0, rows.pop(files.index(form["cover"])))
    elif form.get("up") in files and files.index(form["up"]) > 0:
        i = files.index(form["up"])
        rows[i - 1], rows[i] = rows[i], rows[i - 1]
    return rows


def values_from_rows(rows: list[dict]) -> list[dict] | None:
    """The catalog's list (None when empty: the key goes away rather than staying as ``[]``)."""
    out = []
    for r in rows:
        item = prune({"file": r["file"], "caption": {"zh": r["caption_zh"], "en": r["caption_en"]},
                      "credit": r["credit"], "licence": r["licence"]})
        out.append(item)
    return out or None
