"""oEmbed: a CMS that takes only an oEmbed URL gets our iframe; discovery links in page heads; 404/501 as the
spec asks."""
import html
import re

import pytest

TOUR = "http://localhost/tours/industrial-heritage"


def test_tour_url_gives_a_rich_iframe_in_its_language(client):
    """Pasting a tour page's URL into a CMS shows the tour's embed, titled in the page's language."""
    r = client.get("/oembed", query_string={"url": TOUR + "?lang=en&c=hotel-a", "format": "json"})
    data = r.get_json()
    assert r.status_code == 200 and r.headers["Access-Control-Allow-Origin"] == "*"
    assert data["version"] == "1.0" and data["type"] == "rich"
    assert data["provider_name"] == "Wusheng Industrial Trails" and data["provider_url"] == "http://localhost/"
    assert data["title"].startswith("Industrial heritage")
    src = html.unescape(re.search(r'src="([^"]+)"', data["html"]).group(1))
    assert src == "http://localhost/embed/tours/industrial-heritage?lang=en&c=hotel-a"
    assert (data["width"], data["height"]) == (640, 480)
    assert f'width="{data["width"]}"' in data["html"] and f'height="{data["height"]}"' in data["html"]
    assert data["thumbnail_url"].startswith("http://localhost/promote/maps/tours/industrial-heritage.png")
    zh = client.get("/oembed", query_string={"url": TOUR}).get_json()
    assert zh["provider_name"] == "武胜工业游" and zh["title"].startswith("工业遗产游")


@pytest.mark.parametrize("maxwidth,maxheight,expected", [("400", "", (400, 480)), ("", "300", (640, 300)),
                                                         ("320", "240", (320, 240)), ("2000", "2000", (640, 480))])
def test_maxwidth_and_maxheight_are_honoured(client, maxwidth, maxheight, expected):
    data = client.get("/oembed", query_string={"url": TOUR, "maxwidth": maxwidth, "maxheight": maxheight}).get_json()
    assert (data["width"], data["height"]) == expected
    assert f'width="{expected[0]}" height="{expected[1]}"' in data["html"]


@pytest.mark.parametrize("url,embed", [
    ("http://localhost/sites/baozhen-fortress", "/embed/sites/baozhen-fortress"),
    ("http://localhost/", "/embed/map"),
    ("http://localhost/sites?theme=silk&lang=en", "/embed/map?lang=en&theme=silk"),
    ("http://localhost/embed/map?list=0&zoom=11", "/embed/map?zoom=11&list=0"),
])
def test_sites_the_map_and_embeds_themselves_resolve(client, url, embed):
    data = client.get("/oembed", query_string={"url": url}).get_json()
    assert html.unescape(re.search(r'src="([^"]+)"', data["html"]).group(1)) == "http://localhost" + embed


@pytest.mark.parametrize("url", ["http://evil.example/tours/industrial-heritage", "http://localhost/tours/nope",
                                 "http://localhost/admin/", "javascript:alert(1)", "http://localhost/embed/map?zoom=99",
                                 "http://localhost/promote", "//localhost/tours/industrial-heritage"])
def test_urls_that_are_not_ours_or_not_embeddable_are_404(client, url):
    r = client.get("/oembed", query_string={"url": url})
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "not_found"


def test_xml_is_501_and_bad_sizes_are_400(client):
    assert client.get("/oembed", query_string={"url": TOUR, "format": "xml"}).status_code == 501
    assert client.get("/oembed", query_string={"url": TOUR, "maxwidth": "-5"}).status_code == 400
    assert client.get("/oembed").status_code == 400


def test_answers_revalidate_with_304(client):
    first = client.get("/oembed", query_string={"url": TOUR})
    again = client.get("/oembed", query_string={"url": TOUR}, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("page", ["/tours/industrial-heritage", "/sites/baozhen-fortress", "/",
                                  "/embed/tours/industrial-heritage?lang=en", "/embed/map"])
def test_discovery_links_in_page_heads(client, page):
    """CMSs find the provider from the page itself: <link rel="alternate" type="application/json+oembed">."""
    body = client.get(page).get_data(as_text=True)
    head = body[: body.index("</head>")]
    link = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', head)
    assert link, page
    endpoint = html.unescape(link.group(1))
    assert endpoint.startswith("http://localhost/oembed?url=")
    assert client.get(endpoint.replace("http://localhost", "")).status_code == 200


def test_a_real_oembed_consumer_reads_it(app):
    """micawber, an oEmbed consumer library, fetches our provider over HTTP and gets the iframe."""
    micawber = pytest.importorskip("micawber")
    from tests.browser.conftest import serve

    with serve(app) as base:
        provider = micawber.Provider(base + "/oembed")
        data = provider.request(base + "/tours/industrial-heritage?lang=en", maxwidth=500)
    assert data["type"] == "rich" and data["width"] == 500
    assert "/embed/tours/industrial-heritage?lang=en" in data["html"]
