"""Saving the same site again reuses what the last save of it read: the file written must hold what a fresh read
would write, with every other line, every comment and the key order as they were, for every edit in a row.
(A value the last save wrote keeps the quoting ruamel gave it then, so quote style alone may differ.)"""
import re
from pathlib import Path

from catalog import edit, itemtext
from catalog.loader import load_bytes
from catalog.yamltext import same_data

CATALOG = Path(__file__).resolve().parent.parent / "sites.yaml"


def _change(site_id, text, note):
    return lambda doc: edit.put(doc, "sites", site_id, {"short": {"en": text}, "price": {"notes": {"en": note}}},
                                partial=True)


def test_repeated_edits_of_one_site_write_what_a_fresh_read_would():
    data = CATALOG.read_bytes()
    site_id = load_bytes(data)["sites"][2]["id"]
    for i, (text, note) in enumerate([("Boats from 09:30", "# not a comment"), ("a: b", "NO"),
                                      ("'quoted' \"both\"", "0755"), ("Boats from 09:30", "")]):
        reused = itemtext.edit(itemtext.parsed(data), "sites", site_id, _change(site_id, text, note))
        fresh = itemtext.edit(itemtext.parsed(data), "sites", site_id, _change(site_id, text, note), fresh=True)
        assert same_data(load_bytes(reused.data), load_bytes(fresh.data)), i
        assert _shape(reused.data) == _shape(fresh.data) == _shape(data), i  # comments, keys, their order
        assert same_data(load_bytes(reused.data), reused.parsed.plain)
        assert load_bytes(reused.data)["sites"][2]["short"]["en"] == text
        data = reused.data
    assert data.count(b"\n  # ") == CATALOG.read_bytes().count(b"\n  # ")  # the section comments all kept


def _shape(data: bytes) -> list[str]:
    """Every line as its comment or its key, without the value: what an edit of values must not move."""
    return [re.sub(r"^(\s*(?:- )?[\w.]+:).*", r"\1", ln) for ln in data.decode("utf-8").splitlines()]
