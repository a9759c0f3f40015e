"""Vendored Leaflet and plugins: checksums, licences, and folium pointed at them instead of CDNs."""
from __future__ import annotations

import re

import folium
import pytest
from folium.plugins import FastMarkerCluster, MarkerCluster

from web.maps import leaflet_assets

URL = re.compile(r"https?://", re.I)


def test_every_vendored_file_matches_the_manifest():
    """Each file listed in static/vendor/MANIFEST.txt exists and has the recorded sha256."""
    entries = leaflet_assets.read_manifest()
    assert entries
    for e in entries:
        path = leaflet_assets.VENDOR_DIR / e.file
        assert path.is_file(), e.file
        assert leaflet_assets.sha256_of(path) == e.sha256, f"{e.file} differs from the manifest"


def test_no_unlisted_files_in_vendor():
    """Nothing sits in static/vendor/ that the manifest (and so scripts/vendor.sh) does not account for."""
    listed = {e.file for e in leaflet_assets.read_manifest()}
    present = {p.relative_to(leaflet_assets.VENDOR_DIR).as_posix() for p in leaflet_assets.VENDOR_DIR.rglob("*") if p.is_file()}
    assert present - {"MANIFEST.txt"} == listed


def test_each_package_ships_its_licence_and_matches_folium_versions():
    """Leaflet 1.9.3 and markercluster 1.1.0 (what folium 0.20.0 asks for), each with its licence file."""
    by_pkg: dict[str, set[str]] = {}
    for e in leaflet_assets.read_manifest():
        by_pkg.setdefault(f"{e.package}@{e.version}", set()).add(e.file)
    assert set(by_pkg) == {"leaflet@1.9.3", "leaflet.markercluster@1.1.0"}
    for pkg, files in by_pkg.items():
        assert any(re.search(r"/(LICEN[CS]E|MIT-LICENCE)", f) for f in files), pkg
    assert leaflet_assets.LEAFLET_JS in {f"vendor/{f}" for f in by_pkg["leaflet@1.9.3"]}


def test_vendor_script_pins_the_same_versions():
    """scripts/vendor.sh re-creates exactly the packages and versions in the manifest."""
    script = (leaflet_assets.STATIC_DIR.parent / "scripts" / "vendor.sh").read_text()
    for e in leaflet_assets.read_manifest():
        assert f'"{e.package}|{e.version}|sha512-' in script


def test_folium_points_at_our_copies_and_drops_the_rest():
    """After configure_folium, a plain folium map page names no CDN, jQuery, Bootstrap or Font Awesome."""
    leaflet_assets.configure_folium("/static")
    m = folium.Map(location=(30.3, 106.3), tiles=None)
    MarkerCluster().add_to(m)
    FastMarkerCluster([[30.3, 106.3]], callback="function (r) { return L.marker(r); }").add_to(m)
    html = m.get_root().render()
    assert not URL.search(html), URL.findall(html)
    for unwanted in ("jquery", "bootstrap", "fontawesome", "awesome-markers", "glyphicons"):
        assert unwanted not in html.lower()
    assert "/static/vendor/leaflet-1.9.3/leaflet.js" in html
    assert "/static/vendor/leaflet.markercluster-1.1.0/leaflet.markercluster.js" in html


def test_add_js_link_on_one_class_does_not_leak_into_another():
    """The lists are fresh objects per class: changing MarkerCluster's leaves Map's alone."""
    leaflet_assets.configure_folium("/static")
    before = list(folium.Map.default_js)
    MarkerCluster().add_js_link("extra", "/static/extra.js")
    try:
        assert folium.Map.default_js == before
    finally:
        leaflet_assets.configure_folium("/static")
    assert ("extra", "/static/extra.js") not in MarkerCluster.default_js


def test_static_file_for_refuses_unknown_assets():
    """A folium plugin we have not vendored fails loudly instead of naming a CDN."""
    leaflet_assets.configure_folium("/static")
    assert leaflet_assets.static_file_for("/static/vendor/leaflet-1.9.3/leaflet.js") == "vendor/leaflet-1.9.3/leaflet.js"
    with pytest.raises(ValueError):
        leaflet_assets.static_file_for("https://cdn.example.net/npm/leaflet@1.9.3/dist/leaflet.js")
    with pytest.raises(ValueError):
        leaflet_assets.static_file_for("/static/vendor/nothing-here.js")
