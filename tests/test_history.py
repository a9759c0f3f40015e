"""Revision history: every save kept with who, when and a summary; a diff between any two; restore (admin)
writes an old version back as a new revision; hand edits found on disk get their own revision."""
import os
import re

from tests.admin_helpers import csrf_from, form_values, login, make_user, site_ids


def _save(client, site_id, **changes):
    form = form_values(client.get(f"/admin/sites/{site_id}").get_data(as_text=True))
    form.update(changes)
    assert client.post(f"/admin/sites/{site_id}", data=form).status_code == 303


def _revisions(client):
    html = client.get("/admin/revisions?lang=en").get_data(as_text=True)
    return [int(n) for n in re.findall(r'/admin/revisions/(\d+)"', html)], html


def test_saves_are_listed_with_who_and_what_and_can_be_diffed(app, client, catalog_file):
    """Each save appears in the history with its author and changed fields; the diff shows the changed line."""
    make_user(app)
    login(client)
    site = site_ids(catalog_file)[0]
    _save(client, site, **{"name.en": "First rename"})
    _save(client, site, **{"name.en": "Second rename"})
    ids, html = _revisions(client)
    assert len(ids) == 3  # the original file, then two saves
    # The summary names the changed field in words, in the reader's language (saved in zh, read in en here).
    assert "editor1" in html and "name (English)" in html and "(a hand edit on the server)" in html
    assert "名称（英文）" not in html
    diff = client.get(f"/admin/revisions/diff?a={ids[1]}&b={ids[0]}").get_data(as_text=True)
    assert "-" in diff and "First rename" in diff and "Second rename" in diff
    assert re.search(r'diff__del">-[^<]*First rename', diff) and re.search(r'diff__add">\+[^<]*Second rename', diff)


def test_admin_restores_an_old_revision_as_a_new_one(app, client, catalog_file):
    """Restoring writes the old version back as a new revision; history is never rewritten."""
    make_user(app, "boss", "admin")
    login(client, "boss")
    original = catalog_file.read_bytes()
    site = site_ids(catalog_file)[0]
    _save(client, site, **{"name.en": "A rename to undo"})
    ids, _ = _revisions(client)
    page = client.get(f"/admin/revisions/{ids[-1]}").get_data(as_text=True)
    base = re.search(r'name="base_version" value="([^"]+)"', page).group(1)
    token = csrf_from(client, "/admin/")
    r = client.post(f"/admin/revisions/{ids[-1]}/restore", data={"csrf_token": token, "base_version": base})
    assert r.status_code == 303
    assert catalog_file.read_bytes() == original
    after, html = _revisions(client)
    assert len(after) == len(ids) + 1 and "Restored revision" in html
    with app.app_context():
        from accounts import audit
        from web.platform.db import get_db

        assert [e.action for e in audit.recent(get_db())][:2] == ["restore", "save"]


def test_hand_edit_between_saves_gets_its_own_revision(app, client, catalog_file):
    """A valid hand edit made between two admin saves is kept in the history as its own version."""
    make_user(app)
    login(client)
    site = site_ids(catalog_file)[0]
    _save(client, site, **{"name.en": "Admin edit"})
    catalog_file.write_text(catalog_file.read_text("utf-8") + "# a note added by hand\n", "utf-8")
    st = catalog_file.stat()
    os.utime(catalog_file, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    _save(client, site, **{"name.en": "Admin edit 2"})
    ids, html = _revisions(client)
    assert len(ids) == 4 and html.count("(a hand edit on the server)") == 2
    assert catalog_file.read_text("utf-8").endswith("# a note added by hand\n")


def test_one_site_restored_without_undoing_other_sites_and_only_after_confirming(app, client, catalog_file):
    """An editor restores one site from an old revision: a confirmation lists what will change (field, now,
    after); after confirming, that site is back and another site's later edit is still there. Restoring the
    whole catalog stays admin-only."""
    from catalog.source import read_catalog

    make_user(app)
    login(client)
    first, second = site_ids(catalog_file)[:2]
    original = read_catalog(catalog_file).catalog.site(first)
    _save(client, first, **{"name.en": "A rename to undo"})
    _save(client, second, **{"short.en": "A later edit that must stay"})
    ids, _ = _revisions(client)
    oldest = ids[-1]
    page = client.get(f"/admin/revisions/{oldest}?lang=en").get_data(as_text=True)
    link = f"/admin/revisions/{oldest}/sites/{first}/restore"
    assert link in page
    confirm = client.get(link + "?lang=en").get_data(as_text=True)
    assert "Name (English)" in confirm and "A rename to undo" in confirm and original.name.en in confirm
    assert read_catalog(catalog_file).catalog.site(first).name.en == "A rename to undo"  # nothing yet
    form = form_values(confirm)
    form["all"] = "1"  # "Restore all listed fields"
    assert client.post(link, data=form).status_code == 303
    catalog = read_catalog(catalog_file).catalog
    assert catalog.site(first).name.en == original.name.en
    assert catalog.site(second).short.en == "A later edit that must stay"
    token = csrf_from(client, "/admin/")
    r = client.post(f"/admin/revisions/{oldest}/restore", data={"csrf_token": token, "base_version": "x"})
    assert r.status_code == 403 and catalog.site(second).short.en == "A later edit that must stay"


def test_whole_catalog_restore_is_confirmed_first_and_admin_only(app, client, catalog_file):
    """The admin's restore button opens a confirmation naming the sites that will change; an editor gets 403."""
    make_user(app, "boss", "admin")
    make_user(app)
    login(client, "boss")
    site = site_ids(catalog_file)[0]
    _save(client, site, **{"name.zh": "要撤销的名称"})
    ids, _ = _revisions(client)
    page = client.get(f"/admin/revisions/{ids[-1]}?lang=en").get_data(as_text=True)
    assert 'method="get" action="/admin/revisions/%d/restore"' % ids[-1] in page
    confirm = client.get(f"/admin/revisions/{ids[-1]}/restore?lang=en").get_data(as_text=True)
    assert "Sites that change" in confirm and "要撤销的名称" in confirm and "Every later edit" in confirm
    assert "要撤销的名称" in catalog_file.read_text("utf-8")
    editor = app.test_client()
    login(editor)
    assert editor.get(f"/admin/revisions/{ids[-1]}/restore").status_code == 403


def test_revision_reads_as_a_change_list_in_chinese(app, client, catalog_file):
    """A save that opens Saturdays shows as 开放时间 · 周六: 休息 → 09:00-17:00 for that site, in Chinese, with no
    YAML path; the file itself is folded away."""
    make_user(app)
    login(client)
    from catalog.source import read_catalog

    site = next(s for s in read_catalog(catalog_file).catalog.sites if not s.hours.windows_for("sat")
                and not s.tour_slots)
    _save(client, site.id, **{"hours.sat[0]": "09:00-17:00"})
    ids, _ = _revisions(client)
    page = client.get(f"/admin/revisions/{ids[0]}?lang=zh").get_data(as_text=True)
    table = re.search(r'<table class="admin-table change-list">(.*?)</table>', page, re.S).group(1)
    rows = re.findall(r"<tr><td>([^<]*)</td><th scope=\"row\">([^<]*)</th><td>([^<]*)</td><td>([^<]*)</td></tr>", table)
    assert rows == [(site.name.zh, "开放时间 · 周六", "休息", "09:00-17:00")], rows
    assert "hours.sat" not in table


def test_one_field_restored_keeps_the_sites_other_later_edits(app, client, catalog_file):
    """An editor ticks only the English name on the confirmation page: the name goes back, the short description
    edited later on the same site stays. Nothing ticked: refused with a message, the file untouched. No CSRF
    token: refused."""
    from catalog.source import read_catalog

    make_user(app)
    login(client)
    site = site_ids(catalog_file)[0]
    original = read_catalog(catalog_file).catalog.site(site)
    _save(client, site, **{"name.en": "A rename to undo"})
    _save(client, site, **{"short.en": "A later edit that must stay"})
    ids, _ = _revisions(client)
    link = f"/admin/revisions/{ids[-1]}/sites/{site}/restore"
    confirm = client.get(link + "?lang=en").get_data(as_text=True)
    assert 'name="field" value="name.en"' in confirm and 'name="field" value="short.en"' in confirm
    assert not re.search(r'name="field" value="[^"]*"[^>]*checked', confirm)  # the editor chooses
    form = form_values(confirm)
    before = catalog_file.read_bytes()
    refused = client.post(link + "?lang=en", data=form)
    assert refused.status_code == 400 and "Tick the fields to restore" in refused.get_data(as_text=True)
    assert catalog_file.read_bytes() == before
    no_token = {k: v for k, v in form.items() if k != "csrf_token"}
    assert client.post(link, data={**no_token, "only": "name.en"}).status_code in (400, 403)
    assert catalog_file.read_bytes() == before
    assert client.post(link, data={**form, "field": "name.en"}).status_code == 303
    after = read_catalog(catalog_file).catalog.site(site)
    assert after.name.en == original.name.en and after.short.en == "A later edit that must stay"
    assert after.name.zh == original.name.zh
    _, html = _revisions(client)
    assert "restored from revision" in html


def test_one_field_restored_with_its_own_button(app, client, catalog_file):
    """The row's own button restores just that field; hours go back as a whole day."""
    from catalog.source import read_catalog

    make_user(app)
    login(client)
    site = next(s for s in read_catalog(catalog_file).catalog.sites if not s.hours.windows_for("sat")
                and not s.tour_slots)
    _save(client, site.id, **{"hours.sat[0]": "09:00-17:00", "short.en": "Kept"})
    ids, _ = _revisions(client)
    link = f"/admin/revisions/{ids[-1]}/sites/{site.id}/restore"
    form = form_values(client.get(link).get_data(as_text=True))
    assert client.post(link, data={**form, "only": "hours.sat"}).status_code == 303
    after = read_catalog(catalog_file).catalog.site(site.id)
    assert not after.hours.windows_for("sat") and after.short.en == "Kept"


def test_history_list_names_fields_in_the_readers_language_even_for_old_summaries(app, client, catalog_file):
    """A save made in Chinese reads in English words on the English history, and an old summary stored with
    YAML paths ("name.en, hours.mon[0]") reads as field names in either language, with no path left."""
    make_user(app)
    login(client)
    site = site_ids(catalog_file)[0]
    _save(client, site, **{"name.en": "Renamed in Chinese"})  # the session's language is zh
    with app.app_context():
        from web.admin import saving

        saving.revision_log().conn.execute(
            "UPDATE revisions SET summary = ? WHERE id = (SELECT MIN(id) FROM revisions)",
            ("Site “Old”: name.en, hours.mon[0]",))
        saving.revision_log().conn.commit()
    _, en = _revisions(client)
    assert "name (English)" in en and "opening hours Monday window 1" in en
    assert "名称（英文）" not in en and "name.en" not in en and "hours.mon[0]" not in en
    zh = client.get("/admin/revisions?lang=zh").get_data(as_text=True)
    assert "地点「Old」：名称（英文）、开放时间 周一 第 1 段" in zh and "hours.mon" not in zh
