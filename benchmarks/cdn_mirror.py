"""Stand-ins for the CDN files a plain folium page loads: the same file of the same release, from npm.

folium's CDN hosts are unreachable from this machine, so ``page_weight.py`` answers each CDN request
with the file it names, taken from that package version's npm tarball (``npm pack``, cached under
``benchmarks/.cache/npm/``). ``body_for(url)`` gives the bytes, or ``None`` with a reason in
``misses[url]`` when the URL cannot be mapped to an exact file; such requests are reported as
"unmeasured" and their bytes left out, which can only flatter the plain page.

Known gaps (reported as unmeasured, with the reasons in ``GAPS``): Bootstrap 3.0.0's glyphicons
stylesheet and folium's ``leaflet.awesome.rotate.min.css``.
"""
from __future__ import annotations

import json
import re
import subprocess
import tarfile
import tempfile
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache" / "npm"

# Leaflet.awesome-markers 2.0.2 is on npm only as drmonty-leaflet-awesome-markers@2.0.2
# (the upstream package `leaflet.awesome-markers` skips from 2.0.0 to 2.0.4); its layout differs from the CDN's.
_AWESOME = "drmonty-leaflet-awesome-markers@2.0.2"
_AWESOME_FILES = {"leaflet.awesome-markers.js": "js/leaflet.awesome-markers.js",
                  "leaflet.awesome-markers.min.js": "js/leaflet.awesome-markers.min.js",
                  "leaflet.awesome-markers.css": "css/leaflet.awesome-markers.css"}

# Rules match each CDN's path layout on whatever host folium names: the hosts come from folium's own
# defaults at run time, so this repository never spells out a third-party asset host.
_ANY_HOST = r"https://[^/?#]+"

# (pattern, function of the match giving (npm spec, path inside the package)).
RULES = [
    # npm-mirroring CDNs: /npm/<package>@<version>/<path>
    (re.compile(_ANY_HOST + r"/npm/(?P<pkg>(?:@[^/@]+/)?[^/@]+)@(?P<ver>[^/]+)/(?P<path>[^?#]+)"),
     lambda m: (f"{m['pkg']}@{m['ver']}", m["path"])),
    # jQuery's own CDN: /jquery-<version>.min.js
    (re.compile(_ANY_HOST + r"/jquery-(?P<ver>\d+\.\d+\.\d+)\.min\.js"),
     lambda m: (f"jquery@{m['ver']}", "dist/jquery.min.js")),
    # library CDNs laid out as /ajax/libs/<library>/<version>/<path>
    (re.compile(_ANY_HOST + r"/ajax/libs/leaflet\.markercluster/(?P<ver>[^/]+)/(?P<path>[^?#]+)"),
     lambda m: (f"leaflet.markercluster@{m['ver']}", f"dist/{m['path']}")),
    (re.compile(_ANY_HOST + r"/ajax/libs/Leaflet\.awesome-markers/2\.0\.2/(?P<path>[^?#]+)"),
     lambda m: (_AWESOME, _AWESOME_FILES.get(m["path"]) or "css/" + m["path"])),  # images/ sit beside the CSS
]

GAPS = {
    "bootstrap-glyphicons.css": "Bootstrap 3.0.0 is not on npm (its releases there start at 3.1.1)",
    "leaflet.awesome.rotate.min.css": "not in the folium 0.20.0 wheel; its sdist has only the unminified "
                                      "leaflet.awesome.rotate.css (39,887 bytes), which the CDN minifies on the fly",
}

CONTENT_TYPES = {".js": "application/javascript", ".css": "text/css", ".png": "image/png",
                 ".svg": "image/svg+xml", ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf",
                 ".eot": "application/vnd.ms-fontobject"}


def npm_file(url: str) -> tuple[str, str] | None:
    """The (npm spec, path in the package) that ``url`` serves, or None when no rule maps it."""
    for pattern, target in RULES:
        m = pattern.fullmatch(url.split("?", 1)[0].split("#", 1)[0])
        if m:
            return target(m)
    return None


def content_type(path: str) -> str:
    return CONTENT_TYPES.get(Path(path).suffix.lower(), "application/octet-stream")


class NpmMirror:
    def __init__(self, cache: Path = CACHE):
        self.cache = cache
        self.misses: dict[str, str] = {}  # url -> why it is unmeasured
        self.sources: dict[str, str] = {}  # url -> "spec:path" it was answered from
        self._tarballs: dict[str, Path | None] = {}

    def body_for(self, url: str) -> bytes | None:
        target = npm_file(url)
        if target is None:
            name = url.split("?", 1)[0].rsplit("/", 1)[-1]
            self.misses[url] = GAPS.get(name, "no rule maps it to a file of that release on npm")
            return None
        spec, path = target
        tarball = self._tarball(spec)
        if tarball is None:
            self.misses[url] = f"npm pack {spec} failed"
            return None
        with tarfile.open(tarball) as tar:
            try:
                member = tar.extractfile(f"package/{path}")
            except KeyError:
                member = None
            if member is None:
                self.misses[url] = f"{spec} has no {path}"
                return None
            self.sources[url] = f"{spec}:{path}"
            return member.read()

    def _tarball(self, spec: str) -> Path | None:
        if spec not in self._tarballs:
            self._tarballs[spec] = self._fetch(spec)
        return self._tarballs[spec]

    def _fetch(self, spec: str) -> Path | None:
        target = self.cache / (spec.lstrip("@").replace("/", "-").replace("@", "-") + ".tgz")
        if target.exists():
            return target
        self.cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self.cache) as tmp:
            try:
                out = subprocess.run(["npm", "pack", spec, "--json", "--pack-destination", tmp],
                                     capture_output=True, text=True, timeout=300, check=True, cwd=tmp)
                filename = json.loads(out.stdout)[0]["filename"]
            except (OSError, subprocess.SubprocessError, ValueError, LookupError):
                return None
            (Path(tmp) / Path(filename).name).replace(target)
        return target
