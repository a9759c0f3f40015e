"""The site editor through HTTP: every field round-trips, edits show on the public page, problems appear at
their field in the editor's language, stale saves get the conflict page, archive and restore."""
import re

import pytest

from app import create_app
from tests.admin_helpers import csrf_from, form_values, login, make_user, site_ids
from tests.conftest import FIXED_NOW


def _form(client, site_id):
    return form_values(client.get(f"/admin/sites/{site_id}").get_data(as_text=True))


def test_every_site_saves_unchanged_byte_for_byte(editor, catalog_file):
    """Opening and saving any site's form without a change leaves the file byte-identical."""
    before = catalog_file.read_bytes()
    for site_id in site_ids(catalog_file):
        r = editor.post(f"/admin/sites/{site_id}", data=_form(editor, site_id))
        assert r.status_code == 303, site_id
    assert catalog_file.read_bytes() == before


def test_hours_edit_shows_on_public_page_at_once(editor, catalog_file):
    """A new opening window saved in the admin is on the public site page on the next request."""
    site_id = site_ids(catalog_file)[0]
    form = _form(editor, site_id)
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
        form[f"hours.{day}[0]"], form[f"hours.{day}[1]"] = "08:15-11:45", ""
    form["tour_slots[0].days"], form["tour_slots[0].times"] = [], ""
    form["status"] = "published"
    r = editor.post(f"/admin/sites/{site_id}", data=form)
    assert r.status_code == 303, re.findall(r'field__error[^>]*>([^<]+)', r.get_data(as_text=True))
    assert "08:15–11:45" in editor.get(f"/sites/{site_id}").get_data(as_text=True)


@pytest.mark.parametrize("lang,message", [("zh", "关门时间早于开门时间"), ("en", "closes before it opens")])
def test_problem_is_shown_at_its_field_in_the_editors_language(editor, catalog_file, lang, message):
    """A window that closes before it opens is marked on that very input, in Chinese or English."""
    site_id = site_ids(catalog_file)[0]
    form = _form(editor, site_id)
    form["hours.mon[0]"] = "18:00-09:00"
    before = catalog_file.read_bytes()
    r = editor.post(f"/admin/sites/{site_id}?lang={lang}", data=form)
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    field = re.search(r'<input id="f-hours-mon-0"[^>]*>\s*<span class="field__error"[^>]*>([^<]+)<', html)
    assert field and message in field.group(1)
    assert 'aria-invalid="true"' in re.search(r'<input id="f-hours-mon-0"[^>]*>', html).group(0)
    assert catalog_file.read_bytes() == before


def test_wrong_type_is_reported_not_crashing(editor, catalog_file):
    """Text typed into a number field is refused at the field, never a server error."""
    site_id = site_ids(catalog_file)[0]
    form = _form(editor, site_id)
    form["score"], form["location.lat"] = "lots", "north"
    r = editor.post(f"/admin/sites/{site_id}?lang=en", data=form)
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert 'id="f-score-error">must be a whole number' in html and 'id="f-location-lat-error">must be a number' in html


def _two_editors(app, editor, catalog_file):
    make_user(app, "editor2")
    other = app.test_client()
    login(other, "editor2")
    site_id = site_ids(catalog_file)[0]
    return other, site_id, _form(editor, site_id), _form(other, site_id)


def _site(catalog_file, site_id):
    from catalog.source import read_catalog

    return read_catalog(catalog_file).catalog.site(site_id)


def test_stale_save_of_other_fields_keeps_both_without_asking(app, editor, catalog_file):
    """A and B open the same site; A renames it, B then changes the short text and the Saturday hours from the
    form opened before A's save: both edits are saved, with no question, and B is told A's rename was kept."""
    other, site_id, mine, theirs = _two_editors(app, editor, catalog_file)
    theirs["name.en"] = "Their new name"
    assert other.post(f"/admin/sites/{site_id}", data=theirs).status_code == 303
    mine["short.en"] = "My new short text"
    mine["hours.sat[0]"], mine["hours.sat[1]"] = "09:00-17:00", ""
    r = editor.post(f"/admin/sites/{site_id}?lang=en", data=mine)
    assert r.status_code == 303
    site = _site(catalog_file, site_id)
    assert site.name.en == "Their new name" and site.short.en == "My new short text"
    assert [str(w) for w in site.hours.windows_for("sat")] and site.hours.windows_for("sat")[0].opens == 9 * 60
    page = editor.get(r.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "their changes are kept too" in page and "Name (English)" in page


def test_both_change_one_field_waits_for_a_choice(app, editor, catalog_file):
    """A and B both change the English name: B's save shows only that field, both values, neither chosen; a save
    without a choice is refused again; after B chooses, A's other change (the short text) is still there."""
    other, site_id, mine, theirs = _two_editors(app, editor, catalog_file)
    theirs["name.en"], theirs["short.en"] = "Name from A", "Short text from A"
    assert other.post(f"/admin/sites/{site_id}", data=theirs).status_code == 303
    after_a = catalog_file.read_bytes()
    mine["name.en"] = "Name from B"
    r = editor.post(f"/admin/sites/{site_id}?lang=en", data=mine)
    assert r.status_code == 409 and catalog_file.read_bytes() == after_a
    html = r.get_data(as_text=True)
    rows = re.findall(r'<tr data-field="([^"]+)"', html)
    assert rows == ["name.en"]
    radios = re.findall(r'<input type="radio" name="name.en"[^>]*>', html)
    assert len(radios) == 2 and not any("checked" in x for x in radios)
    assert "Name from A" in html and "Name from B" in html and "Short text from A" not in re.sub(
        r'<input type="hidden"[^>]*>', "", html)  # A's short text is kept silently, not asked about
    unanswered = form_values(html)
    assert "name.en" not in unanswered
    r = editor.post(f"/admin/sites/{site_id}?lang=en", data=unanswered)
    assert r.status_code == 409 and catalog_file.read_bytes() == after_a  # no choice, no save
    unanswered["name.en"] = "Name from B"
    assert editor.post(f"/admin/sites/{site_id}", data=unanswered).status_code == 303
    site = _site(catalog_file, site_id)
    assert site.name.en == "Name from B" and site.short.en == "Short text from A"


def test_old_form_without_its_start_asks_about_every_difference(app, editor, catalog_file):
    """A form that does not carry the version it started from (and whose start is not in the history) never
    overwrites silently: every field that differs from the current file is asked about."""
    other, site_id, mine, theirs = _two_editors(app, editor, catalog_file)
    theirs["name.en"] = "Their new name"
    assert other.post(f"/admin/sites/{site_id}", data=theirs).status_code == 303
    mine.pop("base_fields")
    mine["base_version"] = "0" * 16
    mine["short.en"] = "My new short text"
    r = editor.post(f"/admin/sites/{site_id}?lang=en", data=mine)
    assert r.status_code == 409
    assert sorted(re.findall(r'<tr data-field="([^"]+)"', r.get_data(as_text=True))) == ["name.en", "short.en"]


def test_archive_and_restore(editor, catalog_file):
    """Archiving hides a site from visitors without deleting it; restoring brings it back as a draft."""
    site_id = site_ids(catalog_file)[0]
    base = _form(editor, site_id)["base_version"]
    token = csrf_from(editor, "/admin/")
    assert editor.post(f"/admin/sites/{site_id}/archive", data={"csrf_token": token, "base_version": base}).status_code == 303
    assert editor.get(f"/sites/{site_id}").status_code == 404
    assert site_id in catalog_file.read_text("utf-8")
    base = _form(editor, site_id)["base_version"]
    editor.post(f"/admin/sites/{site_id}/unarchive", data={"csrf_token": token, "base_version": base})
    assert "status: draft" in catalog_file.read_text("utf-8")


def test_new_site_and_preview(editor, catalog_file):
    """A new site is created from the form (as a draft); the preview renders the public page without saving."""
    form = form_values(editor.get("/admin/sites/new").get_data(as_text=True))
    form.update({"id": "test-site", "category": "museum", "name.zh": "测试馆", "name.en": "Test hall",
                 "short.zh": "短", "short.en": "Short", "description.zh": "长", "description.en": "Long",
                 "address.zh": "武胜", "address.en": "Wusheng", "location.lat": "30.3", "location.lon": "106.3",
                 "location.radius_m": "500", "location.source": "test", "hours.sat[0]": "09:00-17:00"})
    r = editor.post("/admin/sites/new", data=form)
    assert r.status_code == 303, re.findall(r'field__error[^>]*>([^<]+)', r.get_data(as_text=True))
    form = _form(editor, "test-site")
    form["name.en"] = "Previewed name"
    before = catalog_file.read_bytes()
    page = editor.post("/admin/sites/test-site/preview?lang=en", data=form).get_data(as_text=True)
    assert "Previewed name" in page and "Preview: not saved" in page
    assert catalog_file.read_bytes() == before


def test_save_is_seen_by_another_worker(app, editor, catalog_file, tmp_path):
    """A second app instance (another worker process) serves the saved text on its next request."""
    other = create_app({"TESTING": True, "CATALOG_PATH": str(catalog_file), "FIXED_NOW": FIXED_NOW,
                        "INSTANCE_PATH": str(tmp_path / "other")}).test_client()
    site_id = site_ids(catalog_file)[0]
    assert other.get(f"/sites/{site_id}").status_code == 200
    form = _form(editor, site_id)
    form["short.zh"] = "另一个进程也能马上看到"
    editor.post(f"/admin/sites/{site_id}", data=form)
    assert "另一个进程也能马上看到" in other.get("/sites").get_data(as_text=True)


def test_broken_hand_edit_is_listed_line_by_line(editor, client, catalog_file):
    """A hand edit that breaks the file: visitors still get pages, the admin lists the problems with lines."""
    site_id = site_ids(catalog_file)[0]
    text = catalog_file.read_text("utf-8")
    at = text.index("    score: ", text.index(f"id: {site_id}"))
    end = text.index("\n", at)
    catalog_file.write_text(text[:at] + "    score: 600" + text[end:], "utf-8")
    import os

    st = catalog_file.stat()
    os.utime(catalog_file, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert client.get(f"/sites/{site_id}").status_code == 200
    html = editor.get("/admin/?lang=en").get_data(as_text=True)
    line = text[:at].count("\n") + 1
    assert f"Line {line}" in html and "must be between 1 and 10" in html
    form = _form(editor, site_id)  # the form still opens (the YAML parses), so the editor can fix it there
    assert form["score"] == "600"
    form["score"] = "5"
    assert editor.post(f"/admin/sites/{site_id}", data=form).status_code == 303
    assert "must be between" not in editor.get("/admin/?lang=en").get_data(as_text=True)
