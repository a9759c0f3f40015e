"""No request can skip the page cache at will: a made-up parameter, a campaign tag on a page or another
spelling of a value gets a cheap, unstored redirect to the one canonical URL, whose response caches keep; the
recipe's nginx keys each cached URL family by exactly the parameters the app reads."""
import re

import pytest

from web.platform import canonical_query as cq


@pytest.mark.parametrize("url,target", [
    ("/sites?x=1", "/sites"),
    ("/sites?theme=industrial-heritage&utm_source=spam", "/sites?theme=industrial-heritage"),
    ("/?lang=%65n", "/?lang=en"),
    ("/sites?q=a&q=b", "/sites?q=a"),
    ("/tours/industrial-heritage?Lang=en", "/tours/industrial-heritage"),
    ("/embed/map?nonsense=2", "/embed/map"),
    ("/promote/qr/map.svg?c=expo&z=1", "/promote/qr/map.svg?c=expo"),
])
def test_unknown_or_misspelt_parameters_redirect_to_the_canonical_url(client, url, target):
    r = client.get(url)
    assert r.status_code == 301
    assert r.headers["Location"] == target
    assert r.headers["Cache-Control"] == "no-store"  # a shared cache never keeps it under the page's key
    assert len(r.data) < 1000  # nothing rendered


@pytest.mark.parametrize("url", ["/", "/sites?theme=industrial-heritage&q=a+b", "/sites?q=a%2Cb", "/sites?q=a,b",
                                 "/tours/industrial-heritage?c=expo&m=qr", "/embed/map?lang=en&c=expo",
                                 "/promote/qr/map.png?size=200"])
def test_canonical_urls_and_form_submissions_are_answered(client, url):
    assert client.get(url).status_code == 200


def test_a_page_is_the_same_whatever_campaign_tag_it_was_opened_with(client):
    def page(url):
        return re.sub(r'nonce="[^"]+"', "", client.get(url).get_data(as_text=True))  # a fresh one per response

    pages = {page(f"/sites?theme=industrial-heritage&c=tag-{i}&m=qr") for i in range(3)}
    pages.add(page("/sites?theme=industrial-heritage"))
    assert len(pages) == 1


def test_language_links_drop_the_campaign_tag(client):
    page = client.get("/tours/industrial-heritage?c=expo&m=qr").get_data(as_text=True)
    assert re.search(r'href="/tours/industrial-heritage\?lang=en"', page)
    assert "c=expo" not in page


def test_the_nginx_paths_match_exactly_their_endpoints(app):
    """Every rule of the app falls in the nginx family of its endpoint and in no other, so the nginx key drops
    parameters only where the app redirects them."""
    sample = {"tour_id": "t1", "site_id": "s1", "kind": "tours", "ident": "x", "fmt": "png"}
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods:
                continue
            try:
                path = url_for(rule.endpoint, **{k: sample.get(k, "v1") for k in rule.arguments})
            except Exception:  # noqa: BLE001  (converters with fixed values: covered by the sample)
                continue
            path = path.split("?", 1)[0]
            matched = [g.name for g in cq.GROUPS if re.search(g.nginx_path, path)]
            expected = [g.name for g in cq.GROUPS if rule.endpoint in g.endpoints]
            assert matched == expected, (rule.rule, path)


def test_nginx_key_names_every_parameter_the_server_reads():
    page = next(g for g in cq.GROUPS if g.name == "page")
    names = [part.split("=")[0] for part in cq.nginx_key(page).split("&")]
    assert {"lang", "theme", "category", "q", "date", "basemap"} <= set(names)
    assert "c" not in names and "m" not in names
