"""The benchmark helpers that need no browser or network: CDN URL -> npm file mapping, the runner's list.

No timing is asserted anywhere: benchmarks print figures, they do not pass or fail on speed.
"""
import pytest

from benchmarks.__main__ import BENCHMARKS, main
from benchmarks.cdn_mirror import GAPS, NpmMirror, npm_file

# folium 0.20.0's default CDN URLs (Map and MarkerCluster), and what plain pages fetch through them.
MAPPED = {
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": ("leaflet@1.9.3", "dist/leaflet.js"),
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/images/marker-icon.png":
        ("leaflet@1.9.3", "dist/images/marker-icon.png"),
    "https://code.jquery.com/jquery-3.7.1.min.js": ("jquery@3.7.1", "dist/jquery.min.js"),
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css":
        ("bootstrap@5.2.2", "dist/css/bootstrap.min.css"),
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/webfonts/fa-solid-900.woff2":
        ("@fortawesome/fontawesome-free@6.2.0", "webfonts/fa-solid-900.woff2"),
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css":
        ("drmonty-leaflet-awesome-markers@2.0.2", "css/leaflet.awesome-markers.css"),
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/images/markers-soft.png":
        ("drmonty-leaflet-awesome-markers@2.0.2", "css/images/markers-soft.png"),
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css":
        ("leaflet.markercluster@1.1.0", "dist/MarkerCluster.Default.css"),
}
UNMAPPED = [
    "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css",
    "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css",
]


@pytest.mark.parametrize("url", sorted(MAPPED))
def test_cdn_urls_map_to_the_same_file_of_the_same_release(url):
    assert npm_file(url) == MAPPED[url]


@pytest.mark.parametrize("url", UNMAPPED)
def test_urls_without_an_exact_npm_file_are_unmeasured_with_a_reason(url, tmp_path):
    mirror = NpmMirror(cache=tmp_path)
    assert npm_file(url) is None
    assert mirror.body_for(url) is None
    assert mirror.misses[url] == GAPS[url.rsplit("/", 1)[-1]]


def test_runner_lists_the_optw_benchmark_but_leaves_it_out_of_the_default_run(capsys):
    assert BENCHMARKS["optw"] is False and BENCHMARKS["page_weight"] and BENCHMARKS["page_latency"]
    assert main(["--list"]) == 0
    assert "page_latency" in capsys.readouterr().out
