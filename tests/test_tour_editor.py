"""Curated tours in the admin: create one, reorder its stops, publish it; the public tour page follows."""
import re

from catalog.source import read_catalog
from tests.admin_helpers import form_values, login, make_user


def test_create_reorder_and_publish_a_tour(app, client, catalog_file):
    """A new draft tour is hidden; reordering stops by their numbers and publishing shows it in that order."""
    catalog = read_catalog(catalog_file).catalog
    a, b = catalog.published_sites[0], catalog.published_sites[1]
    make_user(app)
    login(client)
    form = form_values(client.get("/admin/tours/new").get_data(as_text=True))
    form.update({"id": "test-tour", "theme": catalog.themes[0].id, "start": catalog.start_points[0].id,
                 "name.zh": "测试线路", "name.en": "Test tour", "summary.zh": "概要", "summary.en": "Summary",
                 "stops[0].site": a.id, "stops[0].time": "9:30", "stops[1].site": b.id, "stops[1].time": "14:00"})
    r = client.post("/admin/tours/new", data=form)
    assert r.status_code == 303, re.findall(r'field__error[^>]*>([^<]+)', r.get_data(as_text=True))
    assert client.get("/tours/test-tour").status_code == 404  # a draft
    form = form_values(client.get("/admin/tours/test-tour").get_data(as_text=True))
    assert form["stops[0].time"] == "09:30"
    form["stops[0].order"], form["stops[1].order"] = "2", "1"  # swap the two stops
    form["status"] = "published"
    assert client.post("/admin/tours/test-tour", data=form).status_code == 303
    tour = read_catalog(catalog_file).catalog.tour("test-tour")
    assert [s.site for s in tour.stops] == [b.id, a.id] and tour.status.value == "published"
    page = client.get("/tours/test-tour?lang=en").get_data(as_text=True)
    assert page.index(b.name.en) < page.index(a.name.en)


def test_tour_with_unknown_site_is_refused_at_the_stop(app, client, catalog_file):
    """A stop pointing at a site that does not exist is reported at that stop's field."""
    tour = read_catalog(catalog_file).catalog.tours[0]
    make_user(app)
    login(client)
    form = form_values(client.get(f"/admin/tours/{tour.id}").get_data(as_text=True))
    blank = next(k for k, v in form.items() if k.endswith(".site") and not v)
    form[blank] = "no-such-site"
    r = client.post(f"/admin/tours/{tour.id}?lang=en", data=form)
    assert r.status_code == 422 and "refers to unknown site" in r.get_data(as_text=True)


def test_stale_tour_saves_merge_by_field(app, client, catalog_file):
    """Two editors on one tour: A changes the summary, B (from the older form) swaps the first two stops; both
    are kept. Then both change the English name: B must choose, and sees both names side by side."""
    tour = read_catalog(catalog_file).catalog.tours[0]
    assert len(tour.stops) >= 2
    make_user(app)
    make_user(app, "editor2")
    login(client)
    other = app.test_client()
    login(other, "editor2")
    path = f"/admin/tours/{tour.id}"
    a, b = (form_values(c.get(path).get_data(as_text=True)) for c in (client, other))
    a["summary.en"] = "Summary from A (boats from 09:30)"
    assert client.post(path, data=a).status_code == 303
    b["stops[0].order"], b["stops[1].order"] = "2", "1"
    assert other.post(path, data=b).status_code == 303
    saved = read_catalog(catalog_file).catalog.tour(tour.id)
    assert saved.summary.en == "Summary from A (boats from 09:30)"
    assert [s.site for s in saved.stops[:2]] == [tour.stops[1].site, tour.stops[0].site]
    a, b = (form_values(c.get(path).get_data(as_text=True)) for c in (client, other))
    a["name.en"], b["name.en"] = "Tour name from A", "Tour name from B"
    assert client.post(path, data=a).status_code == 303
    r = other.post(path + "?lang=en", data=b)
    html = r.get_data(as_text=True)
    assert r.status_code == 409 and re.findall(r'<tr data-field="([^"]+)"', html) == ["name.en"]
    assert "Tour name from A" in html and "Tour name from B" in html and " checked" not in html
    assert read_catalog(catalog_file).catalog.tour(tour.id).name.en == "Tour name from A"
