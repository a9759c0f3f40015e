"""Basemaps from configuration: each knows its datum, tile URL template, subdomains, zoom and attribution.

* ``amap``      高德 AutoNavi road map, GCJ-02; shows ``AMAP_REVIEW_NUMBER`` when set. The default: its tiles
                load quickly in mainland China and need no key.
* ``tianditu``  天地图 vector + Chinese annotation layers, CGCS2000 (= WGS-84 within centimetres);
                needs ``TIANDITU_KEY``; shows ``TIANDITU_REVIEW_NUMBER`` (审图号) when set. The default
                instead of AMap once a key is set (the state basemap, with its review number).
* ``osm``       OpenStreetMap, WGS-84: stays available (``?basemap=osm``, or ``MAP_BASEMAP=osm``).

Markers are converted into the chosen basemap's datum (``web.maps.map_component``). ``tile_hosts`` lists the
origins the enabled basemaps load tiles from, for the CSP ``img-src``. ``MAP_TILE_URL_OVERRIDE``
(tests) sends every tile request of every basemap to one template, e.g. a local stub.
"""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, replace
from typing import Mapping
from urllib.parse import urlsplit

from config import MAP_SETTINGS

log = logging.getLogger(__name__)

SETTINGS = MAP_SETTINGS  # declared in config.py with every other setting

KNOWN = ("osm", "tianditu", "amap")
_REPORTED: set[str] = set()
_KEY_RE = re.compile(r"^[A-Za-z0-9]{8,64}$")


@dataclass(frozen=True)
class Basemap:
    name: str
    datum: str  # "wgs84" or "gcj02": markers are converted into this
    url: str  # Leaflet URL template ({s} {z} {x} {y})
    subdomains: str  # characters substituted for {s}; "" when the template has none
    max_zoom: int
    attribution: str  # plain text; HTML-escaped before it reaches Leaflet
    overlays: tuple[str, ...] = ()  # further tile templates drawn on top (same subdomains), e.g. labels

    def templates(self) -> tuple[str, ...]:
        return (self.url, *self.overlays)

    def hosts(self) -> tuple[str, ...]:
        """Origins this basemap loads tiles from ({s} expanded); empty for same-origin templates."""
        out: list[str] = []
        for template in self.templates():
            subs = self.subdomains if "{s}" in template else " "
            for s in subs:
                parts = urlsplit(template.replace("{s}", s.strip()))
                if parts.scheme in ("http", "https") and parts.netloc:
                    origin = f"{parts.scheme}://{parts.netloc}"
                    if origin not in out:
                        out.append(origin)
        return tuple(out)


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        items = value.split(",")
    else:
        items = list(value or ())
    return [str(x).strip().lower() for x in items if str(x).strip()]


def _review(text: str) -> str:
    return f" 审图号：{text}" if text else ""


def _build(name: str, config: Mapping) -> Basemap | None:
    if name == "osm":
        b = Basemap("osm", "wgs84", str(config.get("MAP_OSM_TILE_URL") or "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
                    "", 19, "© OpenStreetMap contributors")
    elif name == "tianditu":
        key = str(config.get("TIANDITU_KEY") or "")
        if not key:
            return None
        if not _KEY_RE.match(key):
            raise ValueError("TIANDITU_KEY must be letters and digits only")
        wmts = ("https://t{s}.tianditu.gov.cn/%s_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
                "&LAYER=%s&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=" + key)
        b = Basemap("tianditu", "wgs84", wmts % ("vec", "vec"), "01234567", 18,
                    "天地图 国家地理信息公共服务平台" + _review(str(config.get("TIANDITU_REVIEW_NUMBER") or "")),
                    overlays=(wmts % ("cva", "cva"),))
    elif name == "amap":
        b = Basemap("amap", "gcj02",
                    "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
                    "1234", 18, "© 高德地图 AutoNavi" + _review(str(config.get("AMAP_REVIEW_NUMBER") or "")))
    else:
        raise ValueError(f"unknown basemap {name!r}; known: {', '.join(KNOWN)}")
    override = str(config.get("MAP_TILE_URL_OVERRIDE") or "")
    if override:
        sep = "&" if "?" in override else "?"
        b = replace(b, url=override, subdomains="",
                    overlays=tuple(f"{override}{sep}overlay={i}" for i, _ in enumerate(b.overlays)))
    return b


def default_name(config: Mapping) -> str:
    """The configured default basemap; unset: Tianditu when it has a key, else AMap, else the first of
    ``MAP_BASEMAPS`` (an operator who lists only osm gets osm)."""
    name = str(config.get("MAP_BASEMAP") or "").strip().lower()
    if name:
        return name
    listed = _names(config.get("MAP_BASEMAPS", "osm"))
    for choice in ("tianditu", "amap"):
        if choice in listed and (choice != "tianditu" or config.get("TIANDITU_KEY")):
            return choice
    return listed[0] if listed else "amap"


def enabled_basemaps(config: Mapping) -> dict[str, Basemap]:
    """The basemaps a request may use, in configured order. Tianditu without a key is left out."""
    out: dict[str, Basemap] = {}
    for name in _names(config.get("MAP_BASEMAPS", "osm")):
        b = _build(name, config)
        if b is None:
            if name not in _REPORTED:  # once per process, not once per request
                _REPORTED.add(name)
                log.info("basemap %s has no key configured; leaving it out", name)
            continue
        out[name] = b
    default = default_name(config)
    if default not in out:
        b = _build(default, config)
        if b is None:
            raise ValueError(f"default basemap {default!r} is not usable (missing key?)")
        out = {default: b, **out}
    return out


def choose_basemap(config: Mapping, requested: str | None = None) -> Basemap:
    """The requested basemap when it is enabled, else the default."""
    enabled = enabled_basemaps(config)
    if requested and requested.strip().lower() in enabled:
        return enabled[requested.strip().lower()]
    return enabled[default_name(config)]


def tile_hosts(config: Mapping) -> tuple[str, ...]:
    """Origins of every enabled basemap's tiles, for the CSP img-src."""
    hosts: list[str] = []
    for b in enabled_basemaps(config).values():
        hosts += [h for h in b.hosts() if h not in hosts]
    return tuple(hosts)


def load_settings(config: dict) -> None:
    """Fill in these settings (environment ``WUSHENG_<NAME>`` first, then the default) where unset."""
    for s in SETTINGS:
        if s.name not in config:
            config[s.name] = os.environ.get(f"WUSHENG_{s.name}", s.default)
