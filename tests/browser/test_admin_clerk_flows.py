"""The clerk's new tools in Debian's Chromium on a 360 px phone, in Chinese: import an Excel file, invite an editor
who sets a password through the link, confirm a fact in the 待核实 queue and see the visitor's flag go."""
import os
import re

import pytest

from catalog.source import read_catalog
from tests.admin_helpers import PASSWORD, make_user, xlsx_bytes
from tests.browser.conftest import DESKTOP, PHONE, open_page, staff_app

SHOTS = os.environ.get("WUSHENG_SCREENSHOTS", "")  # a folder to keep screenshots in, for people to look at


@pytest.fixture
def browser_app(catalog_copy, tmp_path):
    app = staff_app(catalog_copy, tmp_path)
    make_user(app, "boss", "admin")
    return app


@pytest.fixture
def viewport():
    return PHONE


def _log_in(bp, name, password=PASSWORD):
    bp.page.set_default_timeout(60_000)  # two shared cores: a busy machine must not fail the flow
    bp.goto("/admin/login?lang=zh")
    bp.page.fill("#name", name)
    bp.page.fill("#password", password)
    with bp.page.expect_navigation():
        bp.page.click("button[type=submit]")


def _fits(bp, name):
    """No sideways scrolling at this width, no English words in the page's main text; keep a screenshot."""
    width = bp.page.viewport_size["width"]
    assert bp.page.evaluate("document.documentElement.scrollWidth") <= width, name
    main = bp.page.inner_text("main")
    assert not re.search(r"\b(the|and|of|to verify|assumed|hours|Row)\b", main), name
    if SHOTS:
        bp.page.screenshot(path=os.path.join(SHOTS, f"{name}-{width}.png"), full_page=True)


def test_import_an_excel_file_on_a_phone(page, catalog_copy, tmp_path):
    site = read_catalog(catalog_copy).catalog.sites[0]
    upload = tmp_path / "地点.xlsx"
    upload.write_bytes(xlsx_bytes([["名称", "预约电话", "开放时间"], [site.name.zh, "0826-7654321", ""],
                              ["新的参观点", "", "早上九点"]]))
    _log_in(page, "boss")
    page.goto("/admin/data?lang=zh")
    _fits(page, "import")
    page.page.set_input_files("#file", str(upload))
    with page.page.expect_navigation():
        page.page.click("form[enctype] button[type=submit]")
    text = page.page.inner_text("main")
    assert "第 3 行「开放时间」列" in text and "更新" in text
    _fits(page, "import-preview")
    with page.page.expect_navigation():
        page.page.click("form[action$='/import/apply'] button")
    assert read_catalog(catalog_copy).catalog.site(site.id).booking.phone == "0826-7654321"
    page.assert_no_console_errors()


def test_invite_an_editor_who_sets_a_password(page, chromium, live_server):
    _log_in(page, "boss")
    page.goto("/admin/users?lang=zh")
    _fits(page, "users")
    with page.page.expect_navigation():
        page.page.click("text=添加或邀请账号")
    _fits(page, "user-new")
    page.page.fill("#name", "wangfang")
    with page.page.expect_navigation():
        page.page.click("form.account-form button[type=submit]")
    link = page.page.input_value("#one-time-link")
    _fits(page, "user-link")
    context, newcomer = open_page(chromium, live_server, PHONE)
    try:
        newcomer.goto(link + "?lang=zh")
        _fits(newcomer, "set-password")
        newcomer.page.fill("#password", "silk road by the jialing river")
        newcomer.page.fill("#password2", "silk road by the jialing river")
        with newcomer.page.expect_navigation():
            newcomer.page.click("button[type=submit]")
        _log_in(newcomer, "wangfang", "silk road by the jialing river")
        assert "/admin/" in newcomer.page.url and "wangfang" in newcomer.page.inner_text(".admin-nav")
        newcomer.goto(link + "?lang=zh")
        assert "该链接已失效" in newcomer.page.inner_text("main")
    finally:
        context.close()


def test_confirm_a_fact_and_the_visitor_flag_goes(page, catalog_copy, chromium, live_server):
    site = next(s for s in read_catalog(catalog_copy).catalog.sites if s.hours.assumed and s.published)
    _log_in(page, "boss")
    page.goto("/admin/?lang=zh")
    before = re.search(r"已核实 (\d+)/(\d+) 项", page.page.inner_text("main")).groups()
    page.goto("/admin/verify?lang=zh")
    _fits(page, "verify")
    card = page.page.locator(f"#site-{site.id} .verify-fact--assumed", has_text="开放时间").first
    card.locator("summary").click()
    card.locator("input[name=source]").fill("电话核实：景区办公室")
    with page.page.expect_navigation():
        card.locator("button[type=submit]").click()
    assert "已核实" in page.page.inner_text(".flash")
    page.goto("/admin/?lang=zh")
    after = re.search(r"已核实 (\d+)/(\d+) 项", page.page.inner_text("main")).groups()
    assert int(after[0]) == int(before[0]) + 1 and after[1] == before[1]
    context, visitor = open_page(chromium, live_server, DESKTOP)
    try:
        visitor.goto(f"/sites/{site.id}?lang=zh")
        assert "开放时间未核实" not in visitor.page.inner_text("main")
    finally:
        context.close()
