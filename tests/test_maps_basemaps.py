"""Basemaps from configuration: datums, templates, hosts for the CSP, keys and review numbers."""
from __future__ import annotations

import pytest

from config import Setting
from web.maps import basemaps

ALL = {"MAP_BASEMAPS": "osm,amap,tianditu", "TIANDITU_KEY": "0123456789abcdef0123456789abcdef"}


def test_each_basemap_knows_its_datum_zoom_and_attribution():
    """OSM and Tianditu are WGS-84 (CGCS2000); AMap is GCJ-02; each has a template and an attribution."""
    enabled = basemaps.enabled_basemaps(ALL)
    assert list(enabled) == ["osm", "amap", "tianditu"]
    assert {n: b.datum for n, b in enabled.items()} == {"osm": "wgs84", "amap": "gcj02", "tianditu": "wgs84"}
    for b in enabled.values():
        assert "{z}" in b.url and "{x}" in b.url and "{y}" in b.url
        assert b.attribution and 17 <= b.max_zoom <= 19
    assert "OpenStreetMap" in enabled["osm"].attribution
    assert "高德" in enabled["amap"].attribution and enabled["amap"].subdomains == "1234"
    assert "天地图" in enabled["tianditu"].attribution


def test_tianditu_uses_vector_and_annotation_layers_with_the_key():
    """Tianditu draws vec_w with the cva_w labels on top, over t0-t7, carrying the tk key."""
    t = basemaps.enabled_basemaps(ALL)["tianditu"]
    assert "/vec_w/" in t.url and "LAYER=vec" in t.url
    assert len(t.overlays) == 1 and "/cva_w/" in t.overlays[0]
    assert all(x.endswith("tk=" + ALL["TIANDITU_KEY"]) for x in t.templates())
    assert t.subdomains == "01234567"
    assert t.hosts() == tuple(f"https://t{i}.tianditu.gov.cn" for i in range(8))


def test_tianditu_without_key_is_left_out_and_bad_keys_refused():
    """No key: Tianditu is not offered (and cannot be the default). A key with URL syntax is refused."""
    assert "tianditu" not in basemaps.enabled_basemaps({"MAP_BASEMAPS": "osm,tianditu"})
    with pytest.raises(ValueError):
        basemaps.enabled_basemaps({"MAP_BASEMAPS": "osm", "MAP_BASEMAP": "tianditu"})
    with pytest.raises(ValueError):
        basemaps.enabled_basemaps({"MAP_BASEMAPS": "tianditu", "TIANDITU_KEY": "abc&x=1\"><script>"})


def test_review_numbers_appear_in_the_attribution():
    """The 审图号 from config is shown with its basemap."""
    enabled = basemaps.enabled_basemaps({**ALL, "TIANDITU_REVIEW_NUMBER": "GS(2024)0001号", "AMAP_REVIEW_NUMBER": "GS(2023)0002号"})
    assert enabled["tianditu"].attribution.endswith("审图号：GS(2024)0001号")
    assert enabled["amap"].attribution.endswith("审图号：GS(2023)0002号")
    assert "审图号" not in basemaps.enabled_basemaps(ALL)["amap"].attribution


def test_request_chooses_among_enabled_only():
    """?basemap= picks an enabled basemap; anything else falls back to the default."""
    config = {"MAP_BASEMAPS": "osm,amap", "MAP_BASEMAP": "amap"}
    assert basemaps.choose_basemap(config, None).name == "amap"
    assert basemaps.choose_basemap(config, "OSM").name == "osm"
    assert basemaps.choose_basemap(config, "tianditu").name == "amap"
    assert basemaps.choose_basemap(config, "<script>").name == "amap"


def test_default_is_always_enabled_and_unknown_names_refused():
    """The default basemap is usable even when not listed; a typo in config stops the app at start."""
    assert list(basemaps.enabled_basemaps({"MAP_BASEMAPS": "amap", "MAP_BASEMAP": "osm"})) == ["osm", "amap"]
    with pytest.raises(ValueError):
        basemaps.enabled_basemaps({"MAP_BASEMAPS": "osm,google"})


def test_tile_hosts_for_the_csp():
    """The CSP img-src gets exactly the enabled basemaps' tile origins."""
    assert basemaps.tile_hosts({"MAP_BASEMAPS": "osm"}) == ("https://tile.openstreetmap.org",)
    hosts = basemaps.tile_hosts(ALL)
    assert "https://webrd01.is.autonavi.com" in hosts and "https://webrd04.is.autonavi.com" in hosts
    assert "https://t7.tianditu.gov.cn" in hosts
    assert len(hosts) == 1 + 4 + 8


def test_url_override_sends_every_layer_to_the_stub():
    """MAP_TILE_URL_OVERRIDE (tests) replaces every template, keeps each datum, and needs no extra host."""
    config = {**ALL, "MAP_TILE_URL_OVERRIDE": "/__stub_tiles__/{z}/{x}/{y}.png"}
    for b in basemaps.enabled_basemaps(config).values():
        assert all(t.startswith("/__stub_tiles__/") for t in b.templates())
        assert b.hosts() == ()
    assert basemaps.enabled_basemaps(config)["amap"].datum == "gcj02"
    assert basemaps.tile_hosts(config) == ()


def test_osm_url_can_point_at_a_mirror():
    """A tile cache or mirror replaces tile.openstreetmap.org (its origin then goes into the CSP)."""
    config = {"MAP_BASEMAPS": "osm", "MAP_OSM_TILE_URL": "https://tiles.example.cn/osm/{z}/{x}/{y}.png"}
    assert basemaps.tile_hosts(config) == ("https://tiles.example.cn",)


def test_settings_are_documented_and_loaded_from_the_environment(monkeypatch):
    """Every map setting has help text; WUSHENG_<NAME> overrides the default; explicit config wins."""
    for s in basemaps.SETTINGS:
        assert isinstance(s, Setting) and s.help.strip()
    monkeypatch.setenv("WUSHENG_MAP_BASEMAP", "amap")
    config: dict = {"TIANDITU_KEY": "abcdef012345"}
    basemaps.load_settings(config)
    assert config["MAP_BASEMAP"] == "amap"
    assert config["TIANDITU_KEY"] == "abcdef012345"
    assert config["MAP_BASEMAPS"] == "osm,amap,tianditu"


def test_default_basemap_suits_mainland_visitors():
    """Unset, the default is AMap (loads in mainland China, no key); Tianditu once a key is set; a setting
    picks any enabled one, and an operator who lists only OSM gets OSM."""
    assert basemaps.choose_basemap({"MAP_BASEMAPS": "osm,amap,tianditu"}).name == "amap"
    assert basemaps.choose_basemap(ALL).name == "tianditu"
    assert basemaps.choose_basemap({**ALL, "MAP_BASEMAP": "osm"}).name == "osm"
    assert basemaps.choose_basemap({"MAP_BASEMAPS": "osm"}).name == "osm"
    assert basemaps.choose_basemap({"MAP_BASEMAPS": "osm,amap"}, "osm").name == "osm"  # OSM stays available


def test_app_default_map_is_amap(client):
    html = client.get("/sites/antai-silk-museum").get_data(as_text=True)
    assert "autonavi.com" in html and "高德地图" in html
