"""The domain cores stay free of web frameworks, so they can be reused and tested alone."""
import subprocess
import sys

import pytest

from tests.conftest import ROOT

CORES = ["catalog", "geo", "planner", "promote", "exports", "accounts", "storage"]


@pytest.mark.parametrize("package", CORES)
def test_core_imports_neither_flask_nor_folium(package):
    code = (
        "import importlib, pkgutil, sys\n"
        f"pkg = importlib.import_module('{package}')\n"
        "for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('flask', 'folium', 'werkzeug', 'branca'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{package} pulls in {out.stdout.strip()}"
