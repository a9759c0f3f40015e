"""Bytes and requests it takes to show the home map (``/``) and a site page, against plain folium.

Each page is opened in headless Debian Chromium at phone size (360x740), in a fresh context (empty
cache), and left until the map is drawn and the network is idle; every response is recorded (URL,
host, raw body bytes, and gzip -6 bytes of the body, so the figures do not depend on our dev server
not compressing).
Tiles are answered with a stub and left out of the totals.

Baseline, measured in the same run: a plain ``folium.Map`` of the same markers with folium's
default CDN assets (``plain_folium.py``, built in a subprocess because the app repoints folium's
class-level asset lists), with and without ``MarkerCluster``. Its CDN requests are answered from
the same file of the same release on npm (``cdn_mirror.py``); a URL with no exact file is counted
as a request, named as "unmeasured", and its bytes left out (in plain folium's favour).

"gzip" totals add each body's gzip -6 size, or its raw size where gzip does not shrink it (images,
fonts), as a compressing server would send it. Goal (issue 2): our bytes at most half of plain
folium's, zero third-party hosts.

Photos (issue 16) are counted apart: the app runs on a copy of the catalog where the measured site and every
tour have one photo (a 2000 x 1333 JPEG made here, stored through the app's upload path), and whatever the
page loads from ``/photos/`` is reported in its own columns, never in the totals compared with plain folium
(which has no photos).

    python -m benchmarks.page_weight [--site ID] [--json FILE]
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks.cdn_mirror import NpmMirror, content_type
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, STUB_TILE_PATH, STUB_TILES, TILE_PNG, \
    BrowserPage, serve

ROOT = Path(__file__).resolve().parent.parent
TILE_PATH = re.compile(r"/\d+/\d+/\d+\.png$")  # {z}/{x}/{y}.png on any tile server (plain folium: OSM's)
LESSONS_PLAIN_KB = (626, 149)  # shared/reference/lessons.md: a plain folium.Map's CDN assets, raw / gzip


@dataclass
class Response:
    url: str
    host: str
    status: int
    raw: int
    gzip6: int

    @property
    def wire(self) -> int:
        return min(self.raw, self.gzip6)


@dataclass
class PageLoad:
    """What one page load asked for: measured responses, tiles (not counted), unmeasured requests."""

    url: str
    responses: list[Response] = field(default_factory=list)
    tiles: int = 0
    unmeasured: dict[str, str] = field(default_factory=dict)  # url -> why
    failed: list[str] = field(default_factory=list)  # our own requests that failed
    photos: list[Response] = field(default_factory=list)  # /photos/...: reported apart, not in the totals

    @property
    def origin(self) -> str:
        p = urlsplit(self.url)
        return f"{p.scheme}://{p.netloc}"

    @property
    def requests(self) -> int:
        return len(self.responses) + len(self.unmeasured) + len(self.failed)

    @property
    def raw(self) -> int:
        return sum(r.raw for r in self.responses)

    @property
    def gzip(self) -> int:
        return sum(r.wire for r in self.responses)

    @property
    def photo_bytes(self) -> int:
        return sum(r.raw for r in self.photos)  # JPEG and WebP do not shrink with gzip

    @property
    def third_party_hosts(self) -> list[str]:
        own = urlsplit(self.url).netloc
        urls = [r.url for r in self.responses] + list(self.unmeasured) + self.failed
        return sorted({urlsplit(u).netloc for u in urls} - {own})

    def summary(self) -> dict:
        return {"url": self.url, "requests": self.requests, "raw_bytes": self.raw, "gzip_bytes": self.gzip,
                "third_party_hosts": self.third_party_hosts, "tiles_excluded": self.tiles,
                "unmeasured": self.unmeasured, "failed": self.failed, "photo_requests": len(self.photos),
                "photo_bytes": self.photo_bytes,
                "responses": [asdict(r) for r in self.responses]}


def is_tile(url: str, origin: str) -> bool:
    """Our stub tiles, or {z}/{x}/{y}.png from another host (plain folium's OpenStreetMap tiles)."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" == origin:
        return parts.path.startswith(STUB_TILE_PATH)
    return bool(TILE_PATH.search(parts.path))


def load_page(browser, url: str, mirror: NpmMirror) -> PageLoad:
    """Open ``url`` in a fresh context; record every response until the map is drawn and the network idle."""
    load = PageLoad(url)
    tiles: set[str] = set()

    def route(r):
        req_url = r.request.url
        if is_tile(req_url, load.origin):
            tiles.add(req_url)
            return r.fulfill(status=200, content_type="image/png", body=TILE_PNG)
        if req_url.startswith(load.origin + "/"):
            return r.continue_()
        body = mirror.body_for(req_url)
        if body is None:
            load.unmeasured[req_url] = mirror.misses[req_url]
            return r.abort("blockedbyclient")
        # CDNs send CORS headers; fonts from another origin need them.
        return r.fulfill(status=200, body=body, content_type=content_type(urlsplit(req_url).path),
                         headers={"Access-Control-Allow-Origin": "*"})

    context = browser.new_context(viewport=PHONE, service_workers="block")
    try:
        context.route("**/*", route)
        page = context.new_page()
        page.set_default_timeout(20_000)
        finished = []
        page.on("requestfinished", lambda req: finished.append(req))
        # Leaflet cancels the tiles of a zoom level it leaves: not a failure, and tiles are not counted.
        page.on("requestfailed", lambda req: None if req.url in load.unmeasured or is_tile(req.url, load.origin)
                else load.failed.append(req.url))
        page.goto(url, wait_until="load")
        BrowserPage(page, load.origin).wait_for_map()
        page.wait_for_load_state("networkidle")
        for req in finished:
            if is_tile(req.url, load.origin) or req.url.startswith("data:"):
                continue
            resp = req.response()
            body = resp.body() if resp is not None else b""
            measured = Response(req.url, urlsplit(req.url).netloc, resp.status if resp else 0,
                                len(body), len(gzip.compress(body, compresslevel=6, mtime=0)))
            own_photo = req.url.startswith(load.origin + "/photos/")
            (load.photos if own_photo else load.responses).append(measured)
        load.tiles = len(tiles)
    finally:
        context.close()
    return load


def build_plain_pages(out: Path, site: str | None) -> dict:
    """plain_folium.py in its own process, so folium keeps its default CDN lists."""
    cmd = [sys.executable, "-m", "benchmarks.plain_folium", str(out)] + (["--site", site] if site else [])
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def plain_site_server(folder: Path):
    from werkzeug.middleware.shared_data import SharedDataMiddleware

    def not_found(environ, start_response):
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    return serve(SharedDataMiddleware(not_found, {"/": str(folder)}))


def measure(site: str | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    from app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        plain = build_plain_pages(Path(tmp), site)
        app = create_app({"MAP_TILE_URL_OVERRIDE": STUB_TILES, **catalog_with_photos(Path(tmp), plain["site"])})
        mirror = NpmMirror()
        pages = {"home": ("/", "home"), "site": (f"/sites/{plain['site']}", "site")}
        results: dict[str, dict[str, PageLoad]] = {}
        with serve(app) as ours, plain_site_server(Path(tmp)) as theirs, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                for name, (path, plain_name) in pages.items():
                    results[name] = {
                        "ours": load_page(browser, ours + path, mirror),
                        "plain_folium": load_page(browser, f"{theirs}/{plain_name}.html", mirror),
                        "plain_folium_cluster": load_page(browser, f"{theirs}/{plain_name}-cluster.html", mirror),
                    }
            finally:
                browser.close()
    return {"site": plain["site"], "markers": plain["markers"], "pages": results,
            "npm_sources": dict(sorted(mirror.sources.items()))}


def synthetic_photo(width: int = 2000, height: int = 1333) -> bytes:
    """A JPEG with the detail of a real photo (smooth shapes plus grain), so its sizes weigh like one."""
    import io

    import numpy as np
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(16)
    coarse = Image.fromarray(rng.integers(0, 255, (height // 40, width // 40, 3), dtype=np.uint8))
    img = coarse.resize((width, height), Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(3))
    grain = rng.normal(0, 9, (height, width, 3))
    pixels = np.clip(np.asarray(img, dtype=float) + grain, 0, 255).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "JPEG", quality=90)
    return out.getvalue()


def catalog_with_photos(folder: Path, site: str) -> dict:
    """Settings for an app whose catalog copy gives ``site`` and every tour one photo (stored like an upload)."""
    from catalog.loader import make_yaml
    from storage.photos import PhotoStore

    photos = folder / "photos"
    stored = PhotoStore(photos).add(synthetic_photo())
    yaml = make_yaml()
    doc = yaml.load((ROOT / "sites.yaml").read_text(encoding="utf-8"))
    for item in [s for s in doc["sites"] if s["id"] == site] + list(doc["tours"]):
        item["photos"] = [{"file": stored.file, "caption": {"zh": "测试照片", "en": "Test photo"}}]
    path = folder / "sites.yaml"
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(doc, fh)
    return {"CATALOG_PATH": str(path), "PHOTOS_PATH": str(photos), "INSTANCE_PATH": str(folder / "instance")}


def ratios(loads: dict[str, PageLoad]) -> dict:
    ours = loads["ours"]
    return {base: {"raw": ours.raw / loads[base].raw, "gzip": ours.gzip / loads[base].gzip,
                   "requests": ours.requests / loads[base].requests}
            for base in ("plain_folium", "plain_folium_cluster")}


def cdn_assets(load: PageLoad) -> tuple[int, int, int]:
    """Plain folium's CDN scripts and styles (no fonts, images or HTML): count, raw, gzip bytes."""
    assets = [r for r in load.responses if r.host != urlsplit(load.url).netloc and r.url.endswith((".js", ".css"))]
    return len(assets), sum(r.raw for r in assets), sum(r.wire for r in assets)


def kb(n: int) -> str:
    return f"{n / 1000:.1f}"


def report(result: dict) -> dict:
    """Print the tables; return the JSON-ready figures."""
    out = {"site": result["site"], "markers": result["markers"], "pages": {}, "npm_sources": result["npm_sources"]}
    print(f"Page weight, tiles excluded (site page: /sites/{result['site']}); KB = 1000 bytes")
    print(f"{'page':6} {'variant':22} {'requests':>8} {'raw KB':>9} {'gzip KB':>8}  third-party hosts")
    for page, loads in result["pages"].items():
        for variant, load in loads.items():
            hosts = ", ".join(load.third_party_hosts) or "none"
            print(f"{page:6} {variant:22} {load.requests:8d} {kb(load.raw):>9} {kb(load.gzip):>8}  "
                  f"{len(load.third_party_hosts)}: {hosts}")
        r = ratios(loads)
        for base, v in r.items():
            print(f"{page:6}   ours / {base:22} raw {v['raw']:.2f}  gzip {v['gzip']:.2f}  requests {v['requests']:.2f}")
        # Judged against the lighter plain page (no cluster), raw and gzip alike.
        ok = max(r["plain_folium"]["raw"], r["plain_folium"]["gzip"]) <= 0.5 and not loads["ours"].third_party_hosts
        print(f"{page:6}   goal (<= 0.5 of plain folium's bytes, 0 third-party hosts): {'met' if ok else 'MISSED'}")
        ours = loads["ours"]
        print(f"{page:6}   photos, apart from the totals above: {len(ours.photos)} requests, {kb(ours.photo_bytes)} KB "
              f"({', '.join(urlsplit(r.url).path.rsplit('/', 1)[-1] for r in ours.photos) or 'none'})")
        out["pages"][page] = {"ratios": r, "goal_met": ok, **{k: v.summary() for k, v in loads.items()}}
    unmeasured = sorted({u for loads in result["pages"].values() for load in loads.values() for u in load.unmeasured})
    for url in unmeasured:
        why = next(load.unmeasured[url] for loads in result["pages"].values() for load in loads.values()
                   if url in load.unmeasured)
        print(f"unmeasured (counted as a request, bytes left out): {url} ({why})")
    n, raw, gz = cdn_assets(result["pages"]["home"]["plain_folium"])
    print(f"cross-check: plain folium's {n} measured CDN scripts and styles: {kb(raw)} KB raw, {kb(gz)} KB gzip "
          f"(lessons.md: about {LESSONS_PLAIN_KB[0]} KB / {LESSONS_PLAIN_KB[1]} KB for all of them)")
    out["crosscheck"] = {"cdn_assets": n, "raw_bytes": raw, "gzip_bytes": gz, "unmeasured": unmeasured,
                         "lessons_kb": LESSONS_PLAIN_KB}
    return out


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", help="site page to measure (default: the first published site)")
    ap.add_argument("--json", type=Path, help="also write every figure and response to this file")
    args = ap.parse_args(argv)
    figures = report(measure(args.site))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    return figures


if __name__ == "__main__":
    main()
