"""The catalog store: byte-identical round trips, one-line diffs, atomic validated writes, version checks."""
import difflib
import os

import pytest

from catalog import edit
from catalog.loader import load_bytes, load_roundtrip, version_of
from catalog.problems import CatalogError
from catalog.store import CatalogStore, VersionConflict
from catalog.yamltext import dump, splice
from tests.conftest import ROOT

WRAPPED = b'''# a comment that must survive
meta: {title: {zh: x, en: y}}
start_points:
  - id: seat
    name: {zh: "\xe5\x8e\xbf\xe5\x9f\x8e", en: Seat}   # trailing comment
    location: {lat: 30.344291, lon: 106.292473, datum: gcj02, precision: surveyed, source: "D1"}
sites: []
tours: []
notes_field_free: null
'''


def _catalogs():
    yield ROOT / "sites.yaml"
    content = ROOT.parent / "content" / "sites.yaml"  # the richer catalog, when that worktree exists
    if content.exists():
        yield content


def _edit(data: bytes, change) -> bytes:
    doc = load_roundtrip(data)
    before = dump(doc)
    change(doc)
    return splice(data.decode(), before, dump(doc)).encode()


@pytest.mark.parametrize("path", list(_catalogs()), ids=lambda p: p.parent.name)
def test_no_change_save_is_byte_identical(path):
    """Loading and saving the catalog without a change gives the very same bytes (git shows no diff)."""
    data = path.read_bytes()
    assert _edit(data, lambda doc: None) == data


@pytest.mark.parametrize("path", list(_catalogs()), ids=lambda p: p.parent.name)
def test_one_field_edit_is_a_one_line_diff(path):
    """Changing one field of one site changes exactly one line of the file; comments and order survive."""
    data = path.read_bytes()
    new = _edit(data, lambda doc: doc["sites"][0]["name"].__setitem__("en", "A new name"))
    diff = [ln for ln in difflib.unified_diff(data.decode().splitlines(), new.decode().splitlines(), n=0, lineterm="")
            if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]
    assert len(diff) == 2 and diff[0].startswith("-") and diff[1].startswith("+") and "A new name" in diff[1]


def test_edit_next_to_text_ruamel_cannot_reproduce_keeps_it():
    """Formatting ruamel would normalise (a null, a folded string) survives an edit elsewhere."""
    data = WRAPPED.replace(b'source: "D1"', b'source: "D1 \\\n      continued"')
    new = _edit(data, lambda doc: doc["start_points"][0]["name"].__setitem__("en", "County seat"))
    old_lines, new_lines = data.decode().splitlines(), new.decode().splitlines()
    changed = [i for i, (a, b) in enumerate(zip(old_lines, new_lines)) if a != b]
    assert len(old_lines) == len(new_lines) and len(changed) == 1
    assert "County seat" in new_lines[changed[0]] and "# trailing comment" in new_lines[changed[0]]


def test_merge_keeps_explicit_nulls_and_defaults():
    """A form that sends the same values (unknown = null, defaults) changes nothing."""
    doc = load_roundtrip(b"a: {step_free: null, coach_parking: true}\nb: {phone: '1'}\n")
    assert edit.merge(doc["a"], {"step_free": None, "coach_parking": True, "notes": None}) == []
    assert edit.merge(doc["b"], {"phone": "1", "url": None, "closed_shoes": False}) == []


@pytest.fixture
def store(catalog_file):
    return CatalogStore(catalog_file)


def test_save_from_an_old_version_is_refused(store, catalog_file):
    """Two editors start from the same version: the second save is refused, the first is kept."""
    data, v0 = store.read()
    first = data.replace(b"score: 6", b"score: 7")
    second = data.replace(b"score: 6", b"score: 8")
    store.save(first, v0)
    with pytest.raises(VersionConflict) as info:
        store.save(second, v0)
    assert info.value.current == version_of(first)
    assert catalog_file.read_bytes() == first


def test_invalid_catalog_is_never_written(store, catalog_file):
    """A save that would make the catalog invalid raises with the problems; the file is untouched."""
    data, v0 = store.read()
    with pytest.raises(CatalogError) as info:
        store.save(data.replace(b"score: 6", b"score: 60"), v0)
    assert any(p.code == "range" for p in info.value.problems)
    assert catalog_file.read_bytes() == data


def test_write_is_atomic_and_leaves_no_temporary_files(store, catalog_file):
    """A save replaces the file in one step (new inode), keeps its mode, and leaves no temp file behind."""
    os.chmod(catalog_file, 0o640)
    data, v0 = store.read()
    inode = catalog_file.stat().st_ino
    store.save(data.replace(b"score: 6", b"score: 9"), v0)
    assert catalog_file.stat().st_ino != inode
    assert catalog_file.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in catalog_file.parent.iterdir() if p.name.startswith(".")) == []


def test_hook_runs_before_the_replace(store, catalog_file):
    """The revision hook sees the old and new bytes while the old file is still in place."""
    seen = []
    data, v0 = store.read()
    new = data.replace(b"score: 6", b"score: 5")
    store.save(new, v0, before_replace=lambda old, nw: seen.append((old, nw, catalog_file.read_bytes())))
    assert seen == [(data, new, data)]


EDITS = [
    ("site name", lambda d: d["sites"][0]["name"].__setitem__("zh", "新名称")),
    ("hours window", lambda d: d["sites"][0]["hours"].__setitem__("mon", ["08:00-12:00", "13:00-18:00"])),
    ("remove a key", lambda d: d["sites"][0].pop("score")),
    ("add a key", lambda d: d["sites"][0].__setitem__("lodging", True)),
    ("new site", lambda d: d["sites"].append(edit.to_node(dict(d["sites"][0], id="copy")))),
    ("tour stop order", lambda d: d["tours"][0]["stops"].reverse()),
]


@pytest.mark.parametrize("path", list(_catalogs()), ids=lambda p: p.parent.name)
@pytest.mark.parametrize("name,change", EDITS, ids=[e[0] for e in EDITS])
def test_spliced_text_reads_back_as_the_edited_data(path, name, change):
    """Whatever the edit, the file written reads back as exactly the data the editor produced."""
    from catalog.yamltext import render

    data = path.read_bytes()
    doc = load_roundtrip(data)
    before = dump(doc)
    change(doc)
    text = render(data.decode(), before, doc)
    import json
    assert json.dumps(load_bytes(text.encode()), default=str) == json.dumps(doc, default=str)
