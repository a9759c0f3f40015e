"""Staff read words, not codes: every field of the site and tour forms and every audit action has a label in
both languages, problems say which site and which field in words, and save summaries name fields in words."""
import re

import pytest

from accounts import audit
from catalog.problems import Problem
from tests.admin_helpers import CSRF, form_values
from web.admin import staff_words as L
from web.admin import site_form, tour_form

CODE = re.compile(r"[a-z]+_[a-z]+|\w+\.\w+|\w+\[\d+\]")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_form_field_and_action_has_a_label(app, lang):
    site = site_form.fields_from_values({"tour_slots": [{"days": ["mon"]}], "hours": {"mon": ["09:00-17:00"]}})
    tour = tour_form.fields_from_values({"stops": [{"site": "x"}]})
    with app.test_request_context(f"/?lang={lang}"):
        for path in [*site, *tour]:
            label = L.field_label(path)
            assert label and not CODE.search(label), (path, label)
            if lang == "zh":
                assert not re.search(r"[A-Za-z]", label), (path, label)
        for action in audit.ACTIONS:
            assert L.action_label(action) != action


def test_problems_name_the_site_and_field_in_words(app):
    doc = {"sites": [{"id": "a", "name": {"zh": "甲馆", "en": "Hall A"}}, {"id": "b", "name": {"zh": "安泰丝绸", "en": "Antai"}}]}
    problem = Problem("sites[1].hours.mon[0]", "closes_before_opens", {}, 12)
    with app.test_request_context("/?lang=zh"):
        assert L.problem_text(problem, L.names_in(doc)) == "第 12 行，第 2 个地点「安泰丝绸」的开放时间 周一 第 1 段：关门时间早于开门时间"
        assert L.where("tours[0].stops[2].site") == "第 1 个线路的第 3 站的地点"
        assert L.where("") == "整个文件"
    with app.test_request_context("/?lang=en"):
        assert L.problem_text(problem, L.names_in(doc)) == (
            "Line 12, site 2 “Antai”, opening hours Monday window 1: closes before it opens")


def test_a_save_is_summarised_in_words(app, editor, catalog_file):
    """The audit log and the history say "地点「…」：常规参观时长", never "visit_minutes"."""
    from tests.admin_helpers import site_ids

    site_id = site_ids(catalog_file)[0]
    form = form_values(editor.get(f"/admin/sites/{site_id}?lang=zh").get_data(as_text=True))
    form["visit_minutes"] = "123"
    assert editor.post(f"/admin/sites/{site_id}", data=form).status_code == 303
    with app.app_context():
        from web.platform.db import get_db

        detail = audit.recent(get_db(), action="save")[0].detail
    assert "常规参观时长" in detail and "visit_minutes" not in detail


def test_form_problems_elsewhere_in_the_catalog_name_their_place(app, editor, catalog_file):
    """A problem the form cannot place at a field is listed by site name and field name, not by YAML path."""
    from tests.admin_helpers import site_ids

    site_id = site_ids(catalog_file)[0]
    form = form_values(editor.get(f"/admin/sites/{site_id}?lang=zh").get_data(as_text=True))
    form["location.precision"] = "surveyed"
    form["location.radius_m"] = "15000"
    page = editor.post(f"/admin/sites/{site_id}?lang=zh", data=form)
    body = page.get_data(as_text=True)
    assert page.status_code == 422 and "实测位置的误差不超过 100 米" in body
    assert "radius_m" not in re.sub(r'(name|id|for|aria-describedby)="[^"]*"', "", body)
    assert CSRF.search(body)
