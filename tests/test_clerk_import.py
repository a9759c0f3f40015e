"""A clerk's table imports: Excel and CSV in every encoding Chinese office software writes, Chinese headers,
partial updates, the clear marker, errors named by row and column, new sites with only what a clerk knows."""
import io

import pytest

from catalog.source import read_catalog
from tests.admin_helpers import csrf_from, form_values, xlsx_bytes


def _upload(client, payload: bytes, filename: str, lang: str = "zh"):
    token = csrf_from(client, "/admin/data")
    return client.post(f"/admin/import?lang={lang}", data={"csrf_token": token, "format": "table",
                                                           "file": (io.BytesIO(payload), filename)},
                       content_type="multipart/form-data")


def _apply(client, preview_html: str):
    return client.post("/admin/import/apply", data=form_values(preview_html))


def _csv(rows: list[list[str]]) -> str:
    return "".join(",".join(r) + "\r\n" for r in rows)


def _site(catalog_file, index=0):
    return read_catalog(catalog_file).catalog.sites[index]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_each_encoding_updates_by_chinese_name(editor, catalog_file, encoding):
    """The same table saved as UTF-8, UTF-8 with BOM, GBK or GB18030 renames the booking phone of a site found
    by its Chinese name; the Chinese headers and cells arrive intact."""
    site = _site(catalog_file)
    data = _csv([["名称", "预约电话", "参观时长（分钟）"], [site.name.zh, "0826-6666666", "75"]]).encode(encoding)
    r = _upload(editor, data, "表格.csv")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "更新" in html and "预约电话" in html
    assert _apply(editor, html).status_code == 303
    after = _site(catalog_file)
    assert after.booking.phone == "0826-6666666" and after.visit_min == 75
    assert after.name == site.name and after.hours == site.hours  # nothing else touched


def test_xlsx_with_times_and_numbers_as_excel_stores_them(editor, catalog_file):
    """An .xlsx where Excel stored the score as a number and a cell as text imports like the CSV."""
    site = _site(catalog_file, 1)
    data = xlsx_bytes([["标识", "周一开放时间", "推荐分（1-10）", "票价（元）"], [site.id, "08:30-12:00，14:00-17:30", 7, "免费"]])
    r = _upload(editor, data, "sites.xlsx")
    assert _apply(editor, r.get_data(as_text=True)).status_code == 303
    after = _site(catalog_file, 1)
    assert [str(w) for w in after.hours.windows_for("mon")] == ["08:30–12:00", "14:00–17:30"]
    assert after.score == 7 and after.price.amount_cny == 0
    assert after.hours.windows_for("tue") == site.hours.windows_for("tue")


def test_empty_cells_leave_fields_and_the_clear_marker_empties_one(editor, catalog_file):
    """An empty cell changes nothing; （清空） removes that field and only that field."""
    site = next(s for s in read_catalog(catalog_file).catalog.sites if s.booking.notes)
    text = catalog_file.read_text("utf-8")
    data = _csv([["标识", "预约电话", "联系电话", "需要预约"], [site.id, "（清空）", "", ""]]).encode("utf-8")
    # A phone to clear first, so that the clear has something to remove.
    _apply(editor, _upload(editor, _csv([["标识", "预约电话"], [site.id, "123456"]]).encode(), "a.csv")
           .get_data(as_text=True))
    assert _site_by(catalog_file, site.id).booking.phone == "123456"
    _apply(editor, _upload(editor, data, "b.csv").get_data(as_text=True))
    after = _site_by(catalog_file, site.id)
    assert after.booking.phone == "" and after.booking.required == site.booking.required
    assert after.booking.notes == site.booking.notes and after.contact == site.contact
    assert catalog_file.read_text("utf-8") == text  # back to the file as it was, byte for byte


def _site_by(catalog_file, site_id):
    return read_catalog(catalog_file).catalog.site(site_id)


def test_a_required_field_cannot_be_cleared(editor, catalog_file):
    site = _site(catalog_file)
    html = _upload(editor, _csv([["标识", "名称"], [site.id, "(clear)"]]).encode(), "c.csv").get_data(as_text=True)
    assert "第 2 行「名称」列：不能清空" in html


@pytest.mark.parametrize("lang,expected", [
    ("zh", ["第 3 行「开放时间」列：应为时段，如 09:00-17:00", "第 4 行「纬度」列：应在 28 到 32 之间",
            "第 5 行：新增地点须填写「主题」"]),
    ("en", ["Row 3, column “Opening hours”: must be times like 09:00-17:00", "Row 4, column “Latitude”: must be between 28 and 32",
            "Row 5: a new site needs a theme"]),
])
def test_errors_name_the_row_and_column_of_the_file(editor, catalog_file, lang, expected):
    """Each bad cell is reported at its spreadsheet row (the header is row 1) and column header, in the chosen
    language; the good row still applies and the bad ones are skipped."""
    site, other, third = (_site(catalog_file, i) for i in range(3))
    data = _csv([["名称", "开放时间", "纬度", "经度", "主题"],
                 [site.name.zh, "09:00-17:00", "", "", ""],
                 [other.name.zh, "九点到五点", "", "", ""],
                 [third.name.zh, "", "45", "106.2", ""],
                 ["新地点", "", "30.3", "106.2", ""]]).encode("gbk")
    html = _upload(editor, data, "errors.csv", lang).get_data(as_text=True)
    for message in expected:
        assert message in html
    _apply(editor, html)
    assert _site(catalog_file).hours.windows_for("sat")[0].opens == 9 * 60
    assert _site(catalog_file, 1).hours == other.hours and _site(catalog_file, 2).location == third.location


def test_a_new_site_needs_only_name_address_and_theme(editor, catalog_file):
    """A row with a name, an address and a theme adds a draft site; everything the clerk did not give is an
    assumption listed for verification, and the site is placed as an estimate."""
    before = len(read_catalog(catalog_file).catalog.sites)
    data = xlsx_bytes([["名称", "地址", "主题"], ["武胜蚕桑示范园", "武胜县中心镇", "丝绸、乡村旅游"]])
    html = _upload(editor, data, "new.xlsx").get_data(as_text=True)
    assert "新建地点" in html
    assert _apply(editor, html).status_code == 303
    sites = read_catalog(catalog_file).catalog.sites
    assert len(sites) == before + 1
    new = sites[-1]
    assert new.name.zh == "武胜蚕桑示范园" and new.themes == ("silk", "rural-tourism")
    assert new.address.zh == "武胜县中心镇" and new.status.value == "draft"
    assert new.location.is_estimate and new.hours.assumed
    assert {"location", "hours", "booking", "price", "accessibility"} <= set(new.provenance.assumed)


def test_the_template_downloads_in_both_forms_with_chinese_headers(editor):
    from openpyxl import load_workbook

    xlsx = editor.get("/admin/import/template.xlsx?lang=zh")
    book = load_workbook(io.BytesIO(xlsx.data))
    header = [c.value for c in book.worksheets[0][1]]
    assert header[:3] == ["标识", "名称", "英文名称"] and "开放时间" in header
    assert any("（清空）" in str(c.value) for row in book.worksheets[1].iter_rows() for c in row)
    csv_body = editor.get("/admin/import/template.csv?lang=zh").data
    assert csv_body.startswith(b"\xef\xbb\xbf") and "名称".encode() in csv_body
    # The empty template is a valid (empty) import, and the import page documents the clear marker.
    page = editor.get("/admin/data?lang=zh").get_data(as_text=True)
    assert "（清空）" in page and "template.xlsx" in page


def test_english_headers_are_accepted(editor, catalog_file):
    site = _site(catalog_file)
    data = _csv([["Name (Chinese)", "Booking phone"], [site.name.zh, "0826-1234567"]]).encode()
    _apply(editor, _upload(editor, data, "en.csv", "en").get_data(as_text=True))
    assert _site(catalog_file).booking.phone == "0826-1234567"


def test_an_old_xls_or_garbage_gets_a_clear_message(editor):
    r = _upload(editor, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls")
    assert r.status_code == 422 and "另存为 .xlsx" in r.get_data(as_text=True)
    r = _upload(editor, b"PK\x03\x04not a zip", "bad.xlsx")
    assert r.status_code == 422 and "无法打开这个 Excel 文件" in r.get_data(as_text=True)
