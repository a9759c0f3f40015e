"""Repeat visits on a weak signal: versioned assets are cached for a year, pages are compressed."""
import re


def test_pages_are_gzipped_for_browsers_that_ask(client):
    r = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert r.headers.get("Content-Encoding") == "gzip"
    plain = client.get("/")
    assert len(r.data) * 3 < len(plain.data)


def test_versioned_assets_are_cached_long_and_unversioned_briefly(client):
    html = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]+)"', html).group(1)
    assert "max-age=31536000" in client.get(css).headers["Cache-Control"]
    vendor = re.search(r'src="(/static/vendor/[^"]+\.js)"', html).group(1)
    assert "max-age=31536000" in client.get(vendor).headers["Cache-Control"]
    assert "max-age=3600" in client.get("/static/img/favicon.svg").headers["Cache-Control"]
