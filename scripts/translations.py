"""Keep translations/zh_Hans in step with the code.

  python scripts/translations.py build           extract messages, then translate from every fill/*.json,
                                                 then compile
  python scripts/translations.py compile         compile every messages.po into the messages.mo the app reads
                                                 (`make translations`; fails on any catalog error)
  python scripts/translations.py update          extract messages, merge into the .po files
  python scripts/translations.py missing         list msgids with no Chinese translation (exit 1 if any)
  python scripts/translations.py fill FILE.json  set translations from {"msgid": "译文", ...}
                                                 (plural msgids: {"msgid": ["单数", "复数"]})

Translations live in translations/zh_Hans/fill/<feature>.json (one file per feature, so parallel work
merges cleanly); the .po file is rebuilt from them with `build`. Add new strings to your feature's file.
`build` also writes translations/zh_Hant (Traditional Chinese) from zh_Hans with OpenCC: never edit it by hand.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "translations" / "zh_Hans" / "LC_MESSAGES" / "messages.po"
FILL = ROOT / "translations" / "zh_Hans" / "fill"
POT = ROOT / "translations" / "messages.pot"
HANT = ROOT / "translations" / "zh_Hant" / "LC_MESSAGES" / "messages.po"
TRANSLATIONS = ROOT / "translations"


class CompileError(Exception):
    """A messages.po that cannot become a working messages.mo."""


def po_files(directory: Path = TRANSLATIONS) -> list[Path]:
    return sorted(directory.glob("*/LC_MESSAGES/messages.po"))


def out_of_date(directory: Path = TRANSLATIONS) -> list[Path]:
    """The messages.po files whose messages.mo is missing or older."""
    return [po for po in po_files(directory)
            if not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime]


def compile_all(directory: Path = TRANSLATIONS) -> list[Path]:
    """Compile every messages.po into its messages.mo (atomically: workers may be reading the old one).
    Raises CompileError on a catalog error (a placeholder that differs from the msgid's, say) or when there is
    nothing to compile."""
    files = po_files(directory)
    if not files:
        raise CompileError(f"no */LC_MESSAGES/messages.po under {directory}")
    for po in files:
        with po.open("rb") as fh:
            catalog = read_po(fh)
        errors = [f"{msg.id!r}: {err}" for msg, errs in catalog.check() for err in errs]
        if errors:
            raise CompileError(f"{po}: {len(errors)} error(s): " + "; ".join(errors[:5]))
        fd, tmp = tempfile.mkstemp(dir=po.parent, suffix=".mo.tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                write_mo(out, catalog)
            os.chmod(tmp, 0o644)  # readable by the server's user, like the rest of the checkout
            os.replace(tmp, po.with_suffix(".mo"))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return files


def update() -> None:
    py = sys.executable
    subprocess.run([py, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l", "-k", "N_", "-k", "Setting:3", "-k",
                    "lazy_gettext", "--no-location", "--sort-output", "-o", str(POT),
                    "--ignore-dirs=.venv node_modules tests benchmarks", "."], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([py, "-m", "babel.messages.frontend", "update", "-i", str(POT), "-d", "translations",
                    "--no-fuzzy-matching", "--ignore-obsolete"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def traditional() -> None:
    """translations/zh_Hant/LC_MESSAGES/messages.po: every zh_Hans translation converted with OpenCC."""
    sys.path.insert(0, str(ROOT))
    from babel import Locale

    from catalog.hant import to_hant

    with PO.open("rb") as fh:
        catalog = read_po(fh)
    catalog.locale = Locale.parse("zh_Hant")
    for m in catalog:
        if m.id and m.string:
            m.string = tuple(to_hant(x) for x in m.string) if isinstance(m.string, (list, tuple)) else to_hant(m.string)
    HANT.parent.mkdir(parents=True, exist_ok=True)
    with HANT.open("wb") as fh:
        write_po(fh, catalog, width=120)


def missing() -> list[str]:
    with PO.open("rb") as fh:
        catalog = read_po(fh)
    out = []
    for m in catalog:
        if not m.id:
            continue
        values = m.string if isinstance(m.string, (list, tuple)) else [m.string]
        if not all(values) or m.fuzzy:
            out.append(m.id if isinstance(m.id, str) else m.id[0])
    return out


def fill(path: str) -> None:
    table = json.loads(Path(path).read_text("utf-8"))
    with PO.open("rb") as fh:
        catalog = read_po(fh)
    for m in catalog:
        key = m.id if isinstance(m.id, str) else m.id[0]
        if key in table:
            value = table[key]
            m.string = tuple(value) if isinstance(m.id, tuple) and isinstance(value, list) else (
                (value,) * 2 if isinstance(m.id, tuple) else value)
            m.flags.discard("fuzzy")
    with PO.open("wb") as fh:
        write_po(fh, catalog, width=120)


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "missing"
    if cmd == "compile":
        try:
            done = compile_all()
        except (CompileError, OSError) as exc:
            sys.exit(f"Translations not compiled: {exc}")
        print(f"compiled {len(done)} catalogs: " + ", ".join(str(p.relative_to(ROOT).with_suffix(".mo")) for p in done))
        sys.exit(0)
    if cmd == "build":
        update()
        for path in sorted(FILL.glob("*.json")):
            fill(str(path))
        traditional()
        compile_all()
    elif cmd == "update":
        update()
    elif cmd == "fill":
        fill(sys.argv[2])
    left = missing()
    for msgid in left:
        print(msgid)
    print(f"{len(left)} untranslated", file=sys.stderr)
    sys.exit(1 if left and cmd == "missing" else 0)
