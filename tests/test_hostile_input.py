"""Hostile hand edits and imports: alias bombs, !!python tags, a 10 MB file, wrong types, NUL bytes. Each is
refused with a message, the site stays up on the last good catalog, nothing answers 500, nothing hangs."""
import io
import os
import time

import pytest

from tests.admin_helpers import csrf_from, login, make_user

BOMB = b"""a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
sites: [*f]
"""
HAND_EDITS = {
    "alias bomb": (BOMB, "alias"),
    "python tag": (b"sites: !!python/object/apply:os.system ['echo pwned']\n", "tag"),
    "10 MB file": (b"sites:\n" + b"  - id: x\n" * (10 * 1024 * 1024 // 10), "larger than"),
    "wrong types": (None, "must be"),
    "NUL byte": (None, "control characters"),
    "not UTF-8": (b"sites: [\xff\xfe]\n", "UTF-8"),
    "syntax": (b"sites: [unclosed\n", "syntax"),
}


def _bump(path):
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))


@pytest.mark.parametrize("name", list(HAND_EDITS))
def test_hostile_hand_edit_is_refused_and_site_stays_up(app, client, catalog_file, name):
    """The broken file is refused with a message the admin shows; visitors keep the last good catalog."""
    make_user(app)
    data, expected = HAND_EDITS[name]
    good = catalog_file.read_bytes()
    if name == "wrong types":
        data = good.replace(b"score: 6", b"score: [1, 2]").replace(b"visit_minutes: 60", b"visit_minutes: soon")
    if name == "NUL byte":
        data = good.replace(b"Wusheng EDZ", b"Wusheng\x00EDZ")
    assert client.get("/sites").status_code == 200
    catalog_file.write_bytes(data)
    _bump(catalog_file)
    started = time.monotonic()
    assert client.get("/sites").status_code == 200
    assert client.get("/").status_code == 200
    login(client)
    page = client.get("/admin/?lang=en")
    assert time.monotonic() - started < 10
    assert page.status_code == 200
    assert expected in page.get_data(as_text=True)


CSV_HEAD = "id,name.en,score\n"


@pytest.mark.parametrize("name,payload,fmt", [
    ("NUL bytes", (CSV_HEAD + "x,a\x00b,1\n").encode(), "csv"),
    ("10 MB", CSV_HEAD.encode() + b"x,y,1\n" * (10 * 1024 * 1024 // 6), "csv"),
    ("not UTF-8", CSV_HEAD.encode() + b"x,\xff\xfe,1\n", "csv"),
    ("no id column", b"name.en\nfoo\n", "csv"),
    ("wrong types", (CSV_HEAD + "{id},x,very high\n").encode(), "csv"),
    ("deep JSON", b"[" * 100000 + b"]" * 100000, "geojson"),
    ("not GeoJSON", b'{"type": "Point", "coordinates": [1, 2]}', "geojson"),
    ("python tag in GeoJSON", b'{"type":"FeatureCollection","features":[{"properties":{"id":"!!python/object:os.system"}}]}',
     "geojson"),
    ("formula", (CSV_HEAD + "=HYPERLINK(\"http://evil\"),x,1\n").encode(), "csv"),
])
def test_hostile_import_is_refused_with_a_message(app, client, catalog_file, name, payload, fmt):
    """A hostile upload gets a message (whole file or per row), never a 500 or a change to the catalog."""
    from catalog.source import read_catalog

    site = read_catalog(catalog_file).catalog.sites[0].id
    payload = payload.replace(b"{id}", site.encode())
    make_user(app)
    login(client)
    before = catalog_file.read_bytes()
    token = csrf_from(client, "/admin/data")
    started = time.monotonic()
    r = client.post("/admin/import?lang=en", data={"csrf_token": token, "format": fmt,
                                                   "file": (io.BytesIO(payload), f"upload.{fmt}")},
                    content_type="multipart/form-data")
    assert time.monotonic() - started < 10
    assert r.status_code in (200, 400, 413, 422), r.status_code
    html = r.get_data(as_text=True)
    assert r.status_code != 200 or "Skipped: not valid" in html or "cannot be imported" in html
    assert "cannot be imported" in html or "field__error" in html or r.status_code == 413
    assert catalog_file.read_bytes() == before
