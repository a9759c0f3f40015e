"""Plain folium pages of the same markers as our home map and a site page: the page-weight baseline.

Writes ``home.html``, ``home-cluster.html``, ``site.html`` and ``site-cluster.html`` to OUT: a
``folium.Map`` with folium's default CDN assets and OpenStreetMap tiles, one ``folium.Marker`` with
a popup (name and short description, in Chinese) per published site at the WGS-84 position our
OpenStreetMap maps draw it at; the ``-cluster`` pages put those markers in a ``MarkerCluster``.

Run it in its own process (``page_weight.py`` does): ``web.maps.leaflet_assets.configure_folium()`` repoints
folium's class-level asset lists for the whole process once the app exists, and this page must
keep folium's defaults. It imports only the catalog and geo cores, never the app.

    python -m benchmarks.plain_folium OUT [--catalog sites.yaml] [--site ID]
"""
from __future__ import annotations

import argparse
import html
import json
from pathlib import Path

import folium
from folium.plugins import MarkerCluster

from catalog.source import read_catalog
from geo.datum import location_in

ROOT = Path(__file__).resolve().parent.parent


def plain_map(sites, *, cluster: bool) -> folium.Map:
    points = [(location_in(s.location, "wgs84"), s) for s in sites]
    lats = [p[0][0] for p in points]
    lons = [p[0][1] for p in points]
    m = folium.Map(location=[sum(lats) / len(lats), sum(lons) / len(lons)], zoom_start=15)
    if len(points) > 1:
        m.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]])
    parent = MarkerCluster().add_to(m) if cluster else m
    for (lat, lon), site in points:
        popup = f"<b>{html.escape(site.name.get('zh'))}</b><br>{html.escape(site.short.get('zh'))}"
        folium.Marker([lat, lon], popup=folium.Popup(popup, max_width=300)).add_to(parent)
    return m


def write_pages(out: Path, catalog_path: Path, site_id: str | None) -> dict:
    """Write the four pages; return what they show (``{"site": id, "markers": {page: count}}``)."""
    catalog = read_catalog(catalog_path).catalog
    sites = list(catalog.published_sites)
    site = catalog.site(site_id) if site_id else sites[0]
    if site is None or not site.published:
        raise SystemExit(f"no published site {site_id!r} in {catalog_path}")
    out.mkdir(parents=True, exist_ok=True)
    shown = {"home": sites, "site": [site]}
    markers = {}
    for page, page_sites in shown.items():
        for cluster in (False, True):
            name = f"{page}-cluster" if cluster else page
            plain_map(page_sites, cluster=cluster).save(str(out / f"{name}.html"))
            markers[name] = len(page_sites)
    return {"site": site.id, "markers": markers}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--catalog", type=Path, default=ROOT / "sites.yaml")
    ap.add_argument("--site", help="site for the site page (default: the first published site)")
    args = ap.parse_args(argv)
    print(json.dumps(write_pages(args.out, args.catalog, args.site)))


if __name__ == "__main__":
    main()
