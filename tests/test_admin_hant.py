"""Traditional Chinese the bureau can correct: each bilingual text in the site and tour editors has a
Traditional box showing the automatic conversion; a different wording typed there is what zh-Hant visitors
read, and an empty box (or the conversion itself) leaves the conversion in charge."""
import html
import re

import pytest

from catalog.hant import to_hant
from catalog.source import read_catalog
from tests.admin_helpers import form_values

OWN = "武勝絲綢館（局方自訂名稱）"  # no OpenCC output would produce this from any Simplified name


def _site(catalog_file):
    return read_catalog(catalog_file).catalog.published_sites[0]


def _save(editor, path, form):
    r = editor.post(path, data=form)
    assert r.status_code == 303, re.findall(r'field__error[^>]*>([^<]+)', r.get_data(as_text=True))


def test_the_traditional_box_shows_the_conversion_and_starts_closed(editor, catalog_file):
    site = _site(catalog_file)
    page = editor.get(f"/admin/sites/{site.id}").get_data(as_text=True)
    box = re.search(r'<input id="f-name-zh_hant"[^>]*>', page).group(0)
    assert f'placeholder="{html.escape(to_hant(site.name.zh))}"' in box and 'value=""' in box
    details = page[:page.index('id="f-name-zh_hant"')].rsplit("<details", 1)[1]
    assert "繁體（自动转换，可修改）" in details and not details.startswith(" open") and "open>" not in details


def test_an_override_shows_to_zh_hant_visitors_only_and_survives_the_next_save(editor, catalog_file):
    site = _site(catalog_file)
    form = form_values(editor.get(f"/admin/sites/{site.id}").get_data(as_text=True))
    form["name.zh_hant"] = OWN
    _save(editor, f"/admin/sites/{site.id}", form)
    assert f"zh_hant: {OWN}" in catalog_file.read_text("utf-8")
    assert OWN in editor.get(f"/sites/{site.id}?lang=zh-Hant").get_data(as_text=True)
    simplified = editor.get(f"/sites/{site.id}?lang=zh").get_data(as_text=True)
    assert OWN not in simplified and site.name.zh in simplified

    again = form_values(editor.get(f"/admin/sites/{site.id}").get_data(as_text=True))
    assert again["name.zh_hant"] == OWN  # shown in its box (open), and kept by a save of something else
    again["visit_minutes"] = str(int(again["visit_minutes"] or 60) + 5)
    _save(editor, f"/admin/sites/{site.id}", again)
    assert OWN in editor.get(f"/sites/{site.id}?lang=zh-Hant").get_data(as_text=True)

    again = form_values(editor.get(f"/admin/sites/{site.id}").get_data(as_text=True))
    again["name.zh_hant"] = ""  # emptied: the automatic conversion again
    _save(editor, f"/admin/sites/{site.id}", again)
    page = editor.get(f"/sites/{site.id}?lang=zh-Hant").get_data(as_text=True)
    assert OWN not in page and to_hant(site.name.zh) in page
    assert "zh_hant" not in catalog_file.read_text("utf-8")


@pytest.mark.parametrize("typed", ["", "conversion"])
def test_an_empty_box_or_the_conversion_itself_saves_nothing(editor, catalog_file, typed):
    """Saving with the box empty, or holding exactly the automatic conversion, leaves the file as it was:
    the conversion stays in charge (and follows later changes to the Simplified text)."""
    site = _site(catalog_file)
    before = catalog_file.read_bytes()
    form = form_values(editor.get(f"/admin/sites/{site.id}").get_data(as_text=True))
    for key in ("name", "address", "description"):
        form[f"{key}.zh_hant"] = to_hant(form[f"{key}.zh"]) if typed else ""
    _save(editor, f"/admin/sites/{site.id}", form)
    assert catalog_file.read_bytes() == before
    assert to_hant(site.name.zh) in editor.get(f"/sites/{site.id}?lang=zh-Hant").get_data(as_text=True)


def test_a_tour_summary_override_shows_on_the_tour_page(editor, catalog_file):
    tour = read_catalog(catalog_file).catalog.published_tours[0]
    form = form_values(editor.get(f"/admin/tours/{tour.id}").get_data(as_text=True))
    assert "summary.zh_hant" in form
    form["summary.zh_hant"] = OWN
    _save(editor, f"/admin/tours/{tour.id}", form)
    assert OWN in editor.get(f"/tours/{tour.id}?lang=zh-Hant").get_data(as_text=True)
    assert OWN not in editor.get(f"/tours/{tour.id}?lang=zh").get_data(as_text=True)
