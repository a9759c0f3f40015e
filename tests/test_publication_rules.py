"""Which sites and tours visitors see is decided on the model, the same for every page, the API and embeds."""
from dataclasses import replace

from catalog.source import read_catalog
from catalog.model import Status
from tests.conftest import ROOT


def test_draft_and_archived_items_are_not_public():
    catalog = read_catalog(ROOT / "sites.yaml").catalog
    site, tour = catalog.published_sites[0], catalog.published_tours[0]
    assert catalog.public_site(site.id) is site and catalog.public_tour(tour.id) is tour
    for status in (Status.DRAFT, Status.ARCHIVED):
        hidden = replace(catalog, sites=tuple(replace(s, status=status) if s.id == site.id else s for s in catalog.sites),
                         tours=tuple(replace(t, status=status) if t.id == tour.id else t for t in catalog.tours))
        assert hidden.public_site(site.id) is None and hidden.public_tour(tour.id) is None
        assert not hidden.tour(tour.id).published and hidden.site(site.id).archived == (status is Status.ARCHIVED)
    assert catalog.public_site("no-such-site") is None and catalog.public_tour("no-such-tour") is None


def test_a_draft_tour_is_not_found_on_any_public_surface(client, catalog_file):
    text = catalog_file.read_text("utf-8")
    tour_id = read_catalog(catalog_file).catalog.published_tours[0].id
    start = text.index(f"id: {tour_id}", text.index("\ntours:"))
    status_at = text.index("status: published", start)
    catalog_file.write_text(text[:status_at] + "status: draft" + text[status_at + len("status: published"):], "utf-8")
    for path in (f"/tours/{tour_id}", f"/api/v1/tours/{tour_id}", f"/embed/tours/{tour_id}",
                 f"/promote/qr/tours/{tour_id}.svg"):
        assert client.get(path).status_code == 404, path
