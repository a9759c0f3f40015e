"""Every interface string has a Chinese translation (Chinese is the default language)."""
import subprocess
import sys

from tests.conftest import ROOT


def test_no_interface_string_lacks_chinese(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
                    "-k", "lazy_gettext", "-k", "Setting:3", "-o", str(pot), "--ignore-dirs=.venv node_modules tests benchmarks", "."],
                   cwd=ROOT, check=True, capture_output=True)
    from babel.messages.pofile import read_po

    with pot.open("rb") as fh:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    po = ROOT / "translations" / "zh_Hans" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as fh:
        have = {}
        for m in read_po(fh):
            if m.id and not m.fuzzy:
                key = m.id if isinstance(m.id, str) else m.id[0]
                have[key] = all(m.string) if isinstance(m.string, (list, tuple)) else bool(m.string)
    missing = sorted(k for k in wanted if not have.get(k))
    assert not missing, "untranslated (run scripts/translations.py update, then fill): " + "; ".join(missing[:20])
