"""Every setting the code reads is documented (help text in the code, a row in docs/deploy.md), so an operator
can find it. The code is read as text: config lookups by a literal UPPER_CASE name, and environment variables."""
import re
import subprocess
import sys
from pathlib import Path

import config
from tests.conftest import ROOT

APP_CODE = ["app.py", "config.py", "wsgi.py", "gunicorn.conf.py", "accounts", "catalog", "exports", "geo", "planner",
            "routes", "storage", "web"]
# config["X"], config.get("X"), c["X"] (a config alias), _config("X", ...): a setting read by name
# (a subscript, not a list literal).
READ = re.compile(r"""(?<=[\w)\]])\[\s*["']([A-Z][A-Z0-9_]{2,})["']\s*\]|(?:\.get\(|_config\()\s*["']([A-Z][A-Z0-9_]{2,})["']""")
# Set by the code itself for Flask and its extensions (config["X"] = ..., setdefault): not operator settings.
WRITTEN = re.compile(r"""(?:config\[\s*["']([A-Z][A-Z0-9_]{2,})["']\s*\]\s*=(?!=)|setdefault\(\s*["']([A-Z][A-Z0-9_]{2,})["'])""")
ENVIRON = re.compile(r"""(?:environ\.get\(|environ\[|getenv\()\s*f?["']([A-Z][A-Z0-9_{}.]*)""")
TEST_HOOKS = {"FIXED_NOW": "tests freeze the clock with it", "TESTING": "Flask's test mode"}


def sources() -> list[Path]:
    out = []
    for name in APP_CODE:
        path = ROOT / name
        out += sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else []
    return out


def names(pattern: re.Pattern) -> dict[str, Path]:
    found = {}
    for path in sources():
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            for name in filter(None, match.groups()):
                found.setdefault(name, path.relative_to(ROOT))
    return found


def test_every_setting_has_help_and_a_unique_name():
    settings = config.all_settings()
    assert all(s.help.strip() for s in settings)
    assert len({s.name for s in settings}) == len(settings)


def test_the_code_reads_no_undocumented_setting():
    documented = {s.name for s in config.all_settings()}
    not_settings = set(names(WRITTEN)) | set(names(ENVIRON)) | set(TEST_HOOKS)  # environment: the test below
    undocumented = {name: str(path) for name, path in names(READ).items()
                    if name not in documented and name not in not_settings}
    assert undocumented == {}, ("settings read but not in config.SETTINGS (or a module's SETTINGS listed by "
                                f"config.all_settings()): {undocumented}")


def test_environment_variables_the_code_reads_are_documented():
    """WUSHENG_<NAME> of a documented setting, or named in docs/deploy.md."""
    doc = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    missing = {name: str(path) for name, path in names(ENVIRON).items()
               if not name.startswith("WUSHENG_") and name not in doc}
    assert missing == {}


def test_the_reference_in_docs_deploy_is_up_to_date():
    """docs/deploy.md's table is what scripts/settings_doc.py makes from the code today."""
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "settings_doc.py"), "--check"], capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stderr


def test_the_checks_see_a_setting_read_in_the_usual_ways():
    """The patterns above catch the spellings the code uses (so the tests above can fail)."""
    sample = 'app.config["NEW_ONE"]; current_app.config.get("OTHER", 1); c["THIRD"]; _config("FOURTH", 0)'
    assert [g for m in READ.finditer(sample) for g in m.groups() if g] == ["NEW_ONE", "OTHER", "THIRD", "FOURTH"]
    assert not READ.search('methods=["GET", "HEAD"]; __all__ = ["AMAP_MAX_VIA"]')  # lists are not lookups
    assert {g for m in WRITTEN.finditer('app.config["SET_HERE"] = 1; x.setdefault("DEFAULTED", 2)')
            for g in m.groups() if g} == {"SET_HERE", "DEFAULTED"}
    assert [m.group(1) for m in ENVIRON.finditer('os.environ.get("PLANNER_NO_NUMBA"); os.getenv("X_Y")')] == \
        ["PLANNER_NO_NUMBA", "X_Y"]
