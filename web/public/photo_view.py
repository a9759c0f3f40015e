"""Photos as pages show them: URLs per size, the box they fill before loading, and the theme illustration
that stands in until a site or tour has a photo of its own."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from flask import Flask, current_app, url_for

from catalog.model import Catalog, LocalizedText, Site, Tour
from storage.photos import PhotoStore, StoredPhoto

from web.platform.live_catalog import get_catalog

ILLUSTRATIONS = ("hotpot", "silk", "beer", "heritage", "nature")
ILLUSTRATION_SIZE = (640, 400)  # the SVGs' viewBox: cards reserve this aspect ratio
# Catalog theme ids and site categories -> illustration, most specific first.
THEME_ART = {"silk": "silk", "beer": "beer", "hotpot": "hotpot", "industrial-heritage": "heritage",
             "history-culture": "heritage", "nature-scenery": "nature", "rural-tourism": "nature"}
CATEGORY_ART = {"silk": "silk", "brewery": "beer", "heritage": "heritage", "museum": "heritage",
                "food_factory": "hotpot", "restaurant": "hotpot", "tasting": "hotpot", "showroom": "hotpot"}


@dataclass(frozen=True)
class PhotoView:
    file: str
    caption: LocalizedText
    credit: str
    licence: str
    stored: StoredPhoto

    @property
    def width(self) -> int:
        return self.stored.width

    @property
    def height(self) -> int:
        return self.stored.height

    @property
    def colour(self) -> str:
        return self.stored.colour

    def url(self, width: int | None = None, ext: str = "jpg", external: bool = False) -> str:
        """The smallest stored size at least ``width`` wide (the largest when none is)."""
        widths = self.stored.widths
        chosen = min((w for w in widths if w >= (width or 0)), default=widths[-1])
        return url_for("photos.photo", file=self.file, width=chosen, ext=ext, _external=external)

    def srcset(self, ext: str) -> str:
        return ", ".join(f"{url_for('photos.photo', file=self.file, width=w, ext=ext)} {w}w"
                         for w in self.stored.widths)


def photos_folder(app: Flask | None = None) -> Path:
    app = app or current_app
    return Path(app.config.get("PHOTOS_PATH") or Path(app.instance_path) / "photos")


def photo_store() -> PhotoStore:
    return PhotoStore(photos_folder())


_known: dict[tuple[str, str], StoredPhoto] = {}  # stored photos never change: remember the ones found


def stored(file: str) -> StoredPhoto | None:
    key = (str(photos_folder()), file)
    if key not in _known:
        meta = photo_store().meta(file)
        if meta is None:  # not (yet) here: a public instance whose copy of the folder lags; look again next time
            return None
        _known[key] = meta
    return _known[key]


def photos_of(item: Site | Tour | None) -> list[PhotoView]:
    """The item's photos that exist on disk, cover first."""
    out = []
    for p in getattr(item, "photos", ()) or ():
        meta = stored(p.file)
        if meta is not None:
            out.append(PhotoView(p.file, p.caption, p.credit, p.licence, meta))
    return out


def shown_photos(item: Site | Tour | None) -> list[PhotoView]:
    """What a page shows: the item's photos; for a tour without its own, its stops' covers in stop order."""
    own = photos_of(item)
    if own or not isinstance(item, Tour):
        return own
    catalog, seen, out = get_catalog(), set(), []
    for stop in item.stops:
        site = catalog.site(stop.site)
        cover = cover_of(site) if site is not None and site.photos and site.id not in seen else None
        seen.add(stop.site)
        if cover is not None:
            out.append(cover)
    return out


def cover_of(item: Site | Tour | None) -> PhotoView | None:
    found = photos_of(item) if isinstance(item, Site) else shown_photos(item)
    return found[0] if found else None


def site_cover(site_id: str | None) -> PhotoView | None:
    """The cover of a catalog site by id (plans and sheets carry ids), or None."""
    site = get_catalog().site(site_id) if site_id else None
    return cover_of(site) if site is not None and site.photos else None


def print_photo(item: Site | Tour) -> str:
    """File path of the largest JPEG of the item's cover (a tour without one: its first stop's), or ""."""
    cover = cover_of(item)
    return str(photo_store().path(cover.file, f"{cover.stored.widths[-1]}.jpg")) if cover else ""


def popup_photo(site: Site) -> str:
    """URL of the cover at its smallest size, or "" (most sites: no url_for per site on large catalogs)."""
    cover = cover_of(site) if site.photos else None
    return cover.url(320) if cover else ""


def _art_for_site(site: Site) -> str | None:
    for theme in sorted(site.themes, key=lambda t: list(THEME_ART).index(t) if t in THEME_ART else 99):
        if theme in THEME_ART:
            return THEME_ART[theme]
    return CATEGORY_ART.get(site.category.value)


def illustration_name(item: Site | Tour, catalog: Catalog | None = None) -> str:
    if isinstance(item, Tour):
        if item.theme in THEME_ART:
            return THEME_ART[item.theme]
        catalog = catalog or get_catalog()
        for stop in item.stops:
            site = catalog.site(stop.site)
            if site is not None and _art_for_site(site):
                return _art_for_site(site) or "hotpot"
        return "hotpot"
    return _art_for_site(item) or "hotpot"


def with_thumbs(entries: list, sites: list[Site]) -> list:
    """The list's entries (one per site, same order) with a picture each, so a long list never looks empty."""
    art = url_for("static", filename="img/themes/NAME.svg")  # one url_for, not one per site
    return [replace(e, thumb=e.photo or art.replace("NAME", illustration_name(s)), thumb_art=not e.photo)
            for e, s in zip(entries, sites)]


def illustration_url(item: Site | Tour, ext: str = "svg", external: bool = False) -> str:
    """The theme illustration: SVG for pages; PNG (1200 x 750) for link previews, which do not read SVG."""
    return url_for("static", filename=f"img/themes/{illustration_name(item)}.{ext}", _external=external)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(photos_of=shown_photos, cover_of=cover_of, site_cover=site_cover,
                                 illustration_url=illustration_url,
                                 illustration_size=ILLUSTRATION_SIZE)
