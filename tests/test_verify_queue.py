"""The verification queue (待核实): every assumed fact listed per site; confirming one records source, who and
when through the save path, the visitor's flag for it goes, and the start page counts what is verified."""
import re


from catalog.source import read_catalog
from tests.admin_helpers import csrf_from


def _assumed_hours_site(catalog_file):
    return next(s for s in read_catalog(catalog_file).catalog.sites if s.hours.assumed and s.published)


def _verify(client, site_id, fact, source="电话核实：景区办公室 09:30", by="王芳", on="2026-11-30", base=None):
    page = client.get("/admin/verify?lang=zh").get_data(as_text=True)
    base = base if base is not None else re.search(r'name="base_version" value="([^"]+)"', page).group(1)
    return client.post(f"/admin/verify/{site_id}/{fact}", data={
        "csrf_token": csrf_from(client, "/admin/verify"), "base_version": base, "source": source, "by": by, "on": on})


def test_queue_lists_assumed_facts_in_chinese(editor, catalog_file):
    site = _assumed_hours_site(catalog_file)
    html = editor.get("/admin/verify?lang=zh").get_data(as_text=True)
    section = html[html.index(f'id="site-{site.id}"'):]
    section = section[:section.index("</section>")]
    assert site.name.zh in section and "开放时间" in section and "假设" in section
    visible = re.sub(r"<[^>]+>", " ", html[html.index("<main"):])
    for code in ("hours", "tour_slots", "assumed", "existence", "provenance"):
        assert not re.search(rf"\b{code}\b", visible), code


def test_marking_hours_verified_records_it_and_clears_the_public_flag(app, editor, client, catalog_file):
    site = _assumed_hours_site(catalog_file)
    assert "开放时间未核实" in client.get(f"/sites/{site.id}?lang=zh").get_data(as_text=True)
    r = _verify(editor, site.id, "hours")
    assert r.status_code == 303
    after = read_catalog(catalog_file).catalog.site(site.id)
    assert not after.hours.assumed and "hours" not in after.provenance.assumed
    record = next(v for v in after.provenance.verified if v.fact == "hours")
    assert (record.source, record.by, record.on.isoformat()) == ("电话核实：景区办公室 09:30", "王芳", "2026-11-30")
    assert after.hours == type(after.hours)(**{**after.hours.__dict__, "assumed": False})
    assert "开放时间未核实" not in client.get(f"/sites/{site.id}?lang=zh").get_data(as_text=True)
    # One revision and one audit entry, both naming the site.
    with app.app_context():
        from web.platform.db import get_db

        rows = get_db().execute("SELECT action, target, detail FROM audit WHERE action = 'verify'").fetchall()
    assert len(rows) == 1 and rows[0]["target"] == site.id and "王芳" in rows[0]["detail"]
    assert "王芳" in editor.get("/admin/revisions?lang=zh").get_data(as_text=True)


def test_start_page_counts_verified_facts(editor, catalog_file):
    def count():
        html = editor.get("/admin/?lang=zh").get_data(as_text=True)
        done, total = re.search(r"已核实 (\d+)/(\d+) 项", html).groups()
        return int(done), int(total)

    done, total = count()
    assert done == 0 and total > 19 * 5
    _verify(editor, _assumed_hours_site(catalog_file).id, "hours")
    assert count() == (1, total)


def test_missing_source_or_future_date_saves_nothing(editor, catalog_file):
    site = _assumed_hours_site(catalog_file)
    before = catalog_file.read_bytes()
    r = _verify(editor, site.id, "hours", source="")
    assert r.status_code == 303 and catalog_file.read_bytes() == before
    _verify(editor, site.id, "hours", on="2099-01-01")
    assert catalog_file.read_bytes() == before
    assert "不能是将来的日期" in editor.get("/admin/verify?lang=zh").get_data(as_text=True)


def test_a_stale_page_does_not_overwrite_a_newer_catalog(editor, catalog_file):
    site = _assumed_hours_site(catalog_file)
    page = editor.get("/admin/verify?lang=zh").get_data(as_text=True)
    stale = re.search(r'name="base_version" value="([^"]+)"', page).group(1)
    _verify(editor, site.id, "booking")
    middle = catalog_file.read_bytes()
    r = _verify(editor, site.id, "hours", base=stale)
    assert r.status_code == 303 and catalog_file.read_bytes() == middle
    assert "其他人" in editor.get("/admin/verify?lang=zh").get_data(as_text=True)


def test_an_estimated_position_cannot_be_marked_verified(editor, catalog_file):
    site = next(s for s in read_catalog(catalog_file).catalog.sites if s.location.is_estimate)
    before = catalog_file.read_bytes()
    r = _verify(editor, site.id, "location")
    assert r.status_code == 303 and f"/admin/sites/{site.id}" in r.headers["Location"]
    assert catalog_file.read_bytes() == before


def test_anonymous_cannot_verify(client, catalog_file):
    site = _assumed_hours_site(catalog_file)
    assert client.post(f"/admin/verify/{site.id}/hours", data={}).status_code in (400, 401)
