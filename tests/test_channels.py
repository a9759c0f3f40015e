"""Channel counts: per campaign and day, no personal data, never in a page's way, visible to bureau staff only."""
import re
import sqlite3
import time

import pytest

from tests.admin_helpers import login, make_user


def _flush(app):
    with app.app_context():
        from web.share import channels

        return channels.counter().flush()


def _counts(app) -> dict:
    _flush(app)
    with app.app_context():
        from web.platform.db import get_db

        return {(r["day"], r["campaign"], r["channel"]): r["count"]
                for r in get_db().execute("SELECT * FROM channel_counts")}


def test_counts_per_campaign_channel_and_day(app, client):
    """Embed views, link and QR visits, visits from embeds and flyer downloads each count under their campaign
    and the day in China (FIXED_NOW)."""
    for _ in range(3):
        client.get("/count.gif?ch=embed&c=hotel-a")
    client.get("/count.gif?ch=embed")
    client.get("/count.gif?ch=qr&c=expo")
    client.get("/count.gif?ch=link&c=expo")
    client.get("/count.gif?ch=embed-link&c=hotel-a")
    client.get("/promote/flyers/industrial-heritage.pdf?c=expo")
    client.get("/count.gif?ch=nonsense&c=expo")  # not a channel: ignored
    client.get("/count.gif?ch=qr&c=Bad%20Tag")  # not a tag: counted as untagged
    day = "2026-12-01"
    assert _counts(app) == {(day, "hotel-a", "embed"): 3, (day, "", "embed"): 1, (day, "expo", "qr"): 1,
                            (day, "expo", "link"): 1, (day, "hotel-a", "embed-link"): 1, (day, "expo", "flyer"): 1,
                            (day, "", "qr"): 1}


@pytest.mark.parametrize("query", ["c=expo", "c=expo&m=qr", "c=expo&m=embed"])
def test_tagged_visits_get_the_same_page_with_the_counting_script(client, query):
    """A public page opened through a campaign link or QR code is the page everyone gets (so caches keep one
    copy whatever the tag), with the script that loads the counting image for its channel in the browser
    (tests/browser/test_campaign_beacon.py follows it to /count.gif)."""
    tagged = re.sub(r'nonce="[^"]+"', "", client.get(f"/tours/industrial-heritage?{query}").get_data(as_text=True))
    plain = re.sub(r'nonce="[^"]+"', "", client.get("/tours/industrial-heritage").get_data(as_text=True))
    assert tagged == plain
    assert 'data-count="/count.gif"' in plain and "js/beacon.js" in plain
    assert "expo" not in tagged


def test_no_personal_data_is_stored(app, client):
    """Only day, campaign, channel and a number are kept: no address, cookie, user agent or referrer."""
    client.get("/count.gif?ch=embed&c=hotel-a", headers={"User-Agent": "Secret-Agent/7", "Referer": "https://x.example/p"},
               environ_base={"REMOTE_ADDR": "203.0.113.77"})
    _flush(app)
    with app.app_context():
        from web.platform.db import database_path, get_db

        columns = [r[1] for r in get_db().execute("PRAGMA table_info(channel_counts)")]
        path = database_path(app)
    assert columns == ["day", "campaign", "channel", "count"]
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    for secret in (b"203.0.113.77", b"Secret-Agent", b"x.example"):
        assert secret not in raw


def test_counting_never_breaks_a_page_when_the_database_is_locked(app, client):
    """With the database locked by another writer, pages and counting images still answer at once; the counts
    wait in memory and are written on the next try."""
    with app.app_context():
        from web.share import channels
        from web.platform.db import database_path

        client.get("/")  # the database exists
        blocker = sqlite3.connect(database_path(app), timeout=0)
        blocker.execute("BEGIN EXCLUSIVE")
    try:
        started = time.perf_counter()
        assert client.get("/count.gif?ch=embed&c=locked").status_code == 200
        assert client.get("/embed/map?c=locked").status_code == 200
        assert time.perf_counter() - started < 5
        with app.app_context():
            import storage.db as store

            # a flush against the lock would wait out SQLite's busy timeout in the background writer; say it failed
            original = store.connect
            store.connect = lambda p: (_ for _ in ()).throw(sqlite3.OperationalError("database is locked"))
            try:
                assert channels.counter().flush() is False
            finally:
                store.connect = original
            assert channels.counter().pending()
    finally:
        blocker.rollback()
        blocker.close()
    assert _counts(app)[("2026-12-01", "locked", "embed")] == 1


def test_read_only_database_keeps_counts_in_memory(app, tmp_path):
    """A read-only database only delays the counts; nothing raises."""
    with app.app_context():
        from datetime import date

        from web.share.channels import ChannelCounter

        missing = tmp_path / "ro"
        missing.mkdir()
        missing.chmod(0o500)
        counter = ChannelCounter(missing / "sub" / "db.sqlite3", flush_seconds=60, max_campaigns=5)
        counter.add(date(2026, 12, 1), "x", "embed")
        import os

        if os.geteuid() == 0:  # root ignores permissions: simulate the failure instead
            counter.path = tmp_path / "not-a-dir.txt" / "db.sqlite3"
            (tmp_path / "not-a-dir.txt").write_text("")
        assert counter.flush() is False
        assert counter.pending() == {("2026-12-01", "x", "embed"): 1}


def test_made_up_campaigns_cannot_fill_the_database(app):
    """Past CHANNEL_MAX_CAMPAIGNS_PER_DAY new tags a day, further ones count under '(other)'."""
    from datetime import date

    from web.share.channels import ChannelCounter

    counter = ChannelCounter(app.instance_path + "/x.sqlite3", flush_seconds=60, max_campaigns=3)
    for i in range(10):
        counter.add(date(2026, 12, 1), f"c{i}", "embed")
    campaigns = {k[1] for k in counter.pending()}
    assert campaigns == {"c0", "c1", "c2", "(other)"}


def test_counts_page_requires_a_bureau_login(app, client):
    """Anonymous visitors are sent to the login page; the table, chart and CSV are for editors and admins."""
    for url in ("/admin/channels", "/admin/channels.csv", "/promote"):
        r = client.get(url)
        assert r.status_code == 302 and "/admin/login" in r.headers["Location"]


def test_bureau_staff_see_table_chart_and_csv(app, client):
    client.get("/count.gif?ch=embed&c=hotel-a")
    client.get("/count.gif?ch=qr&c=expo")
    make_user(app)
    login(client)
    r = client.get("/admin/channels")
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    assert "<svg" in page and "hotel-a" in page and "expo" in page
    assert r.headers["X-Frame-Options"] == "DENY"
    csv = client.get("/admin/channels.csv").get_data(as_text=True)
    assert csv.splitlines()[0] == "day,campaign,channel,count"
    assert "2026-12-01,hotel-a,embed,1" in csv and "2026-12-01,expo,qr,1" in csv
    assert client.get("/admin/channels?from=2026-13-01").status_code == 400
    only = client.get("/admin/channels.csv?campaign=expo").get_data(as_text=True)
    assert "hotel-a" not in only


def test_promote_views_declare_their_role(app):
    """Like every admin view, the snippet builder checks the role on the server (editor or admin)."""
    view = app.view_functions["promote_staff.builder"]
    assert view.required_role == "editor"
