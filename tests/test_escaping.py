"""Hostile catalog text in every text field is shown as text: escaped in HTML, absent from scripts."""
import re

import pytest

from app import create_app
from catalog.source import read_catalog
from tests.conftest import FIXED_NOW, ROOT
from tests.hostile import PAYLOADS, hostile_catalog

SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S | re.I)


@pytest.fixture
def hostile_client(tmp_path):
    ids = hostile_catalog(ROOT / "sites.yaml", tmp_path / "sites.yaml")
    app = create_app({"TESTING": True, "CATALOG_PATH": str(tmp_path / "sites.yaml"), "FIXED_NOW": FIXED_NOW})
    catalog = read_catalog(tmp_path / "sites.yaml").catalog
    pages = ["/", "/sites", *(f"/sites/{i}" for i in ids), *(f"/tours/{t.id}" for t in catalog.published_tours)]
    return app.test_client(), pages


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_payload_survives_unescaped(hostile_client, lang):
    client, pages = hostile_client
    for path in pages:
        html = client.get(path, query_string={"lang": lang}).get_data(as_text=True)
        for payload in PAYLOADS:
            if "<" in payload or '"' in payload:
                assert payload not in html, (path, payload)


def test_no_catalog_text_inside_any_script(hostile_client):
    """Map scripts carry geometry only; popups are built from the escaped list with textContent."""
    client, pages = hostile_client
    markers = ("__xss", "中文", " en1", "线路")
    for path in pages:
        for script in SCRIPT.findall(client.get(path).get_data(as_text=True)):
            assert not any(m in script for m in markers), (path, script[:200])
