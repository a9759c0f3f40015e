"""Translations are compiled by the build step (`make translations`), loudly; the app only reads them."""
import shutil
import subprocess
import sys

import pytest

from app import create_app
from scripts.translations import CompileError, compile_all
from tests.conftest import ROOT
from web.platform.i18n import check_compiled


def _copy_po(tmp_path):
    target = tmp_path / "zh_Hans" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(ROOT / "translations" / "zh_Hans" / "LC_MESSAGES" / "messages.po", target)
    return target / "messages.po"


def test_starting_the_app_writes_nothing_into_the_source_tree(catalog_file, tmp_path):
    folder = ROOT / "translations"
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*")}
    create_app({"TESTING": True, "CATALOG_PATH": str(catalog_file), "INSTANCE_PATH": str(tmp_path / "i")})
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*")} == before


def test_missing_compiled_translations_stop_the_start_and_say_what_to_run(tmp_path):
    _copy_po(tmp_path)
    with pytest.raises(RuntimeError, match="make translations"):
        check_compiled(tmp_path)
    compile_all(tmp_path)
    check_compiled(tmp_path)  # compiled: starts
    assert (tmp_path / "zh_Hans" / "LC_MESSAGES" / "messages.mo").stat().st_size > 1000


def test_a_broken_catalog_fails_the_build(tmp_path):
    po = _copy_po(tmp_path)
    po.write_text(po.read_text("utf-8") + '\n#, python-format\nmsgid "%(n)d bicycles"\nmsgstr "%(count)d 辆自行车"\n',
                  "utf-8")
    with pytest.raises(CompileError, match="bicycles"):
        compile_all(tmp_path)
    assert not (po.with_suffix(".mo")).exists()
    run = subprocess.run([sys.executable, "scripts/translations.py", "compile"], cwd=ROOT, capture_output=True,
                         text=True)
    assert run.returncode == 0 and "compiled 2 catalogs" in run.stdout  # the real ones compile
