"""A broken catalog stops start-up with a clear message; broken later, the last good one keeps serving."""
import logging
import os
import re
import time

import pytest

from app import create_app
from tests.conftest import FIXED_NOW


def _without_nonces(html):
    return re.sub(r'nonce="[^"]+"', "", html)


def _touch_later(path):
    """Make sure the stat signature changes even on coarse-timestamp filesystems."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_broken_file_at_startup_exits_with_the_problems(catalog_file, capsys):
    catalog_file.write_text(catalog_file.read_text("utf-8").replace("category: ", "category: spaceport #", 1), "utf-8")
    with pytest.raises(SystemExit) as info:
        create_app({"TESTING": True, "CATALOG_PATH": str(catalog_file)})
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert "sites[0].category" in err and "must be one of" in err


def test_missing_file_at_startup_exits(tmp_path, capsys):
    with pytest.raises(SystemExit):
        create_app({"TESTING": True, "CATALOG_PATH": str(tmp_path / "nope.yaml")})
    assert "cannot read the file" in capsys.readouterr().err


def test_hand_edit_shows_on_next_request(client, catalog_file):
    """A valid edit on disk is served at once, without a restart."""
    text = catalog_file.read_text("utf-8")
    catalog_file.write_text(text.replace("zh: 武胜工业游", "zh: 武胜工业游", 1).replace(
        "short:\n      zh: ", "short:\n      zh: 【更新】", 1), "utf-8")
    _touch_later(catalog_file)
    assert "【更新】" in client.get("/sites").get_data(as_text=True)


def test_broken_hand_edit_keeps_last_good_catalog(client, catalog_file, app, caplog):
    """A hand edit that breaks the file never takes the site down; the problems are logged."""
    before = client.get("/sites").get_data(as_text=True)
    catalog_file.write_text(catalog_file.read_text("utf-8") + "\n  - id: [broken\n", "utf-8")
    _touch_later(catalog_file)
    with caplog.at_level(logging.ERROR):
        r = client.get("/sites")
    assert r.status_code == 200
    assert _without_nonces(r.get_data(as_text=True)) == _without_nonces(before)
    assert "broken" in caplog.text and "syntax" in caplog.text.lower()
    assert app.extensions["catalog_source"].problems


def test_cli_check_reports_ok(runner):
    result = runner.invoke(args=["catalog", "check"])
    assert result.exit_code == 0, result.output
    assert "OK" in result.output


def test_cli_check_lists_every_problem_and_fails(runner, tmp_path, catalog_file):
    bad = tmp_path / "bad.yaml"
    bad.write_text(catalog_file.read_text("utf-8").replace('"09:00-11:30"', '"11:30-09:00"').replace(
        "score: 6", "score: 60"), "utf-8")
    result = runner.invoke(args=["catalog", "check", str(bad)])
    assert result.exit_code == 1
    assert "closes before it opens" in result.output
    assert "score" in result.output
    zh = runner.invoke(args=["catalog", "check", str(bad), "--lang", "zh"])
    assert "关门时间早于开门时间" in zh.output
