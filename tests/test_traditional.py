"""Traditional Chinese (zh-Hant): interface and catalog text converted from Simplified with OpenCC when the
translations are built and the catalog is read; ?lang=zh-Hant, the switcher, the cookie and Accept-Language
choose it; the bureau's own zh_hant wording wins over the conversion."""
from __future__ import annotations

from markupsafe import escape

from catalog.source import read_catalog
from tests.conftest import ROOT

SITE = read_catalog(ROOT / "sites.yaml").catalog.site("antai-silk-museum")


def test_site_page_in_traditional_characters(client):
    html = client.get(f"/sites/{SITE.id}?lang=zh-Hant").get_data(as_text=True)
    assert '<html lang="zh-Hant">' in html
    assert '<h1 class="page-title">四川安泰繭絲綢集團·絲綢博覽館</h1>' in html  # the catalog's name, converted
    assert escape(SITE.short.zh_hant) in html and escape(SITE.short.zh) not in html
    assert "規劃行程" in html and "规划行程" not in html  # the interface ("Plan a trip")
    assert "武勝工業遊" in html


def test_conversion_happens_when_the_catalog_is_read():
    assert SITE.name.zh_hant == "四川安泰繭絲綢集團·絲綢博覽館"
    assert SITE.name.get("zh") == SITE.name.zh  # Simplified pages are untouched
    assert SITE.name.get("zh-Hant") == SITE.name.zh_hant


def test_choice_is_remembered_and_offered_in_the_switcher(client):
    html = client.get("/?lang=zh-Hant").get_data(as_text=True)
    assert 'hreflang="zh-Hans"' in html and 'hreflang="en"' in html  # the two other scripts/languages
    assert '<html lang="zh-Hant">' in client.get("/sites").get_data(as_text=True)
    client.get("/?lang=zh")
    assert '<html lang="zh-Hans">' in client.get("/sites").get_data(as_text=True)
    assert 'hreflang="zh-Hant"' in client.get("/").get_data(as_text=True)


def test_hong_kong_and_taiwan_browsers_get_traditional(client):
    for header in ("zh-HK,zh;q=0.9", "zh-TW", "zh-Hant-HK"):
        html = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
        assert '<html lang="zh-Hant">' in html, header
    assert '<html lang="zh-Hans">' in client.get("/", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)


def test_bureau_wording_overrides_the_conversion(client, catalog_file):
    text = catalog_file.read_text("utf-8")
    old = "name: {zh: 四川安泰茧丝绸集团·丝绸博览馆"
    assert old in text
    catalog_file.write_text(text.replace(old, "name: {zh_hant: 安泰絲綢博物館, zh: 四川安泰茧丝绸集团·丝绸博览馆", 1), "utf-8")
    html = client.get(f"/sites/{SITE.id}?lang=zh-Hant").get_data(as_text=True)
    assert "<h1 class=\"page-title\">安泰絲綢博物館</h1>" in html
    assert escape(SITE.name.zh) in client.get(f"/sites/{SITE.id}?lang=zh").get_data(as_text=True)


def test_embed_in_traditional(client):
    r = client.get("/embed/sites/antai-silk-museum?lang=zh-Hant")
    assert r.status_code == 200
    assert "絲綢博覽館" in r.get_data(as_text=True)
