"""Our copies of Leaflet and its plugins, and the folium wiring that uses them instead of CDNs.

``static/vendor/`` holds pinned npm releases (see ``scripts/vendor.sh`` and ``MANIFEST.txt``).
``configure_folium()`` reassigns folium's class-level asset lists once, so nothing folium renders
in this process names a CDN, and drops what our maps never use (jQuery, Bootstrap, Font Awesome,
awesome-markers, glyphicons). Page tags are built with ``url_for('static', ...)`` at render time, so
the app works under a URL prefix.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape

STATIC_DIR = Path(__file__).resolve().parent.parent.parent / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
MANIFEST = VENDOR_DIR / "MANIFEST.txt"

LEAFLET = "vendor/leaflet-1.9.3"
MARKERCLUSTER = "vendor/leaflet.markercluster-1.1.0"

LEAFLET_JS = f"{LEAFLET}/leaflet.js"
LEAFLET_CSS = f"{LEAFLET}/leaflet.css"
CLUSTER_JS = f"{MARKERCLUSTER}/leaflet.markercluster.js"
CLUSTER_CSS = f"{MARKERCLUSTER}/MarkerCluster.css"
CLUSTER_DEFAULT_CSS = f"{MARKERCLUSTER}/MarkerCluster.Default.css"
MAP_JS = "js/map.js"
MAP_CSS = "css/map.css"

# Our own files change without a version in their path: their URL carries a content hash instead.


@dataclass(frozen=True)
class ManifestEntry:
    package: str
    version: str
    file: str  # relative to static/vendor/
    sha256: str


def read_manifest(path: Path = MANIFEST) -> list[ManifestEntry]:
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        package, version, file, sha = line.split("\t")
        entries.append(ManifestEntry(package, version, file, sha))
    return entries


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _folium_lists(static_url_path: str) -> dict[str, tuple[list, list]]:
    base = static_url_path.rstrip("/")
    return {
        "Map": ([("leaflet", f"{base}/{LEAFLET_JS}")], [("leaflet_css", f"{base}/{LEAFLET_CSS}")]),
        "MarkerCluster": (
            [("markerclusterjs", f"{base}/{CLUSTER_JS}")],
            [("markerclustercss", f"{base}/{CLUSTER_CSS}"), ("markerclusterdefaultcss", f"{base}/{CLUSTER_DEFAULT_CSS}")],
        ),
    }


_configured_base: str | None = None


def configure_folium(static_url_path: str = "/static") -> None:
    """Point folium's Map and MarkerCluster (and FastMarkerCluster, which inherits) at our copies.

    New list objects are assigned, so a later ``add_js_link`` on one class cannot leak a CDN URL
    into the others through a shared list. Idempotent.
    """
    global _configured_base
    import folium
    from folium.plugins import FastMarkerCluster, MarkerCluster

    lists = _folium_lists(static_url_path)
    folium.Map.default_js, folium.Map.default_css = (list(x) for x in lists["Map"])
    MarkerCluster.default_js, MarkerCluster.default_css = (list(x) for x in lists["MarkerCluster"])
    # FastMarkerCluster inherits MarkerCluster's lists; make sure no subclass shadows them.
    for cls in (FastMarkerCluster,):
        for attr in ("default_js", "default_css"):
            if attr in vars(cls):
                delattr(cls, attr)
    _configured_base = static_url_path.rstrip("/")


def static_file_for(url: str) -> str:
    """The static filename behind a URL that ``configure_folium`` gave folium; ValueError otherwise."""
    if _configured_base is None:
        raise RuntimeError("web.maps.leaflet_assets.configure_folium() has not run")
    prefix = _configured_base + "/"
    if url.startswith(prefix):
        name = url[len(prefix):]
        if (STATIC_DIR / name).is_file():
            return name
    raise ValueError(f"folium asked for an asset we do not serve ourselves: {url}")


@lru_cache(maxsize=None)
def _content_hash(filename: str) -> str:
    return sha256_of(STATIC_DIR / filename)[:10]


def asset_url(filename: str) -> str:
    """``url_for('static', ...)`` for an asset. Vendored files have their version in the path; our own
    files get ``?v=<content hash>``. Either way the URL changes when the file does, so browsers may keep
    it for a year (``cache_max_age``) instead of re-checking it on every page over a weak signal."""
    from flask import url_for

    if filename.startswith("vendor/"):
        return url_for("static", filename=filename)
    return url_for("static", filename=filename, v=_content_hash(filename))


def cache_max_age(filename: str | None) -> int:
    """Seconds a browser may keep a static file: a year when its URL is versioned, an hour otherwise."""
    from flask import request

    if filename and (filename.startswith("vendor/") or request.args.get("v")):
        return 365 * 86400
    return 3600


def tags(css: tuple[str, ...], js: tuple[str, ...]) -> Markup:
    """``<link>`` and deferred ``<script src>`` tags for static files (needs an app context)."""
    out = [f'<link rel="stylesheet" href="{escape(asset_url(f))}">' for f in css]
    out += [f'<script defer src="{escape(asset_url(f))}"></script>' for f in js]
    return Markup("\n".join(out))
