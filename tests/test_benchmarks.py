"""The benchmark helpers that need no browser or network: CDN URL -> npm file mapping, the runner's list.

No timing is asserted anywhere: benchmarks print figures, they do not pass or fail on speed.
"""
import json
import subprocess
import sys
from urllib.parse import urljoin

import pytest

from benchmarks.__main__ import BENCHMARKS, main
from benchmarks.cdn_mirror import GAPS, NpmMirror, npm_file

# folium 0.20.0's default assets (Map and MarkerCluster) by folium's own name, and what plain pages fetch through
# them (a path relative to that asset): the npm release and file each maps to.
MAPPED = {
    ("leaflet", ""): ("leaflet@1.9.3", "dist/leaflet.js"),
    ("leaflet_css", "images/marker-icon.png"): ("leaflet@1.9.3", "dist/images/marker-icon.png"),
    ("jquery", ""): ("jquery@3.7.1", "dist/jquery.min.js"),
    ("bootstrap_css", ""): ("bootstrap@5.2.2", "dist/css/bootstrap.min.css"),
    ("awesome_markers_font_css", "../webfonts/fa-solid-900.woff2"):
        ("@fortawesome/fontawesome-free@6.2.0", "webfonts/fa-solid-900.woff2"),
    ("awesome_markers_css", ""): ("drmonty-leaflet-awesome-markers@2.0.2", "css/leaflet.awesome-markers.css"),
    ("awesome_markers_css", "images/markers-soft.png"):
        ("drmonty-leaflet-awesome-markers@2.0.2", "css/images/markers-soft.png"),
    ("markerclusterdefaultcss", ""): ("leaflet.markercluster@1.1.0", "dist/MarkerCluster.Default.css"),
}
UNMAPPED = ["glyphicons_css", "awesome_rotate_css"]


@pytest.fixture(scope="module")
def folium_urls() -> dict[str, str]:
    """folium's own asset URLs, read in a fresh process: creating the app repoints them at our copies in this one."""
    code = ("import json, folium; from folium.plugins import MarkerCluster; print(json.dumps(dict("
            "folium.Map.default_js + folium.Map.default_css + MarkerCluster.default_js + MarkerCluster.default_css)))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


@pytest.mark.parametrize("asset", sorted(MAPPED))
def test_cdn_urls_map_to_the_same_file_of_the_same_release(asset, folium_urls):
    name, relative = asset
    url = urljoin(folium_urls[name], relative) if relative else folium_urls[name]
    assert npm_file(url) == MAPPED[asset]


@pytest.mark.parametrize("name", UNMAPPED)
def test_urls_without_an_exact_npm_file_are_unmeasured_with_a_reason(name, folium_urls, tmp_path):
    url = folium_urls[name]
    mirror = NpmMirror(cache=tmp_path)
    assert npm_file(url) is None
    assert mirror.body_for(url) is None
    assert mirror.misses[url] == GAPS[url.rsplit("/", 1)[-1]]


def test_runner_lists_the_optw_benchmark_but_leaves_it_out_of_the_default_run(capsys):
    assert BENCHMARKS["optw"] is False and BENCHMARKS["page_weight"] and BENCHMARKS["page_latency"]
    assert main(["--list"]) == 0
    assert "page_latency" in capsys.readouterr().out
