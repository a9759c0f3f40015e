"""Every admin page, opened in Chinese by a logged-in admin in Debian's Chromium, speaks Chinese: no English
interface text, no YAML paths or field codes (``visit_minutes``, ``name.zh``, ``sites[2].hours``), no raw audit
actions (``login_failed``). Then the same pages at 360 px and 1280 px: nothing wider than the screen, no label
broken one character per line, no cut-off opening-hours box, no example hours in a closed day.

What the page shows as data is not interface text: text marked ``translate="no"`` (user names, addresses,
web addresses, the catalog's own source titles) and the map tiles' attribution are skipped. Allowed Latin words:
brand and product names, units, file formats, and upper-case abbreviations (HTTPS, QR, CDN).
"""
from __future__ import annotations

import re

import pytest

from tests.admin_helpers import PASSWORD, make_user
from tests.browser.conftest import DESKTOP, PHONE, open_page, staff_app

USERS = ("wangli", "zhaomin")  # test data: account names are Latin by design (accounts.users.NAME)
ALLOWED = {
    # brands, products and standards
    "openstreetmap", "leaflet", "nominatim", "nginx", "gunicorn", "sqlite", "osrm", "debian", "truetype",
    "cookie", "excel", "wgs", "gcj", "bd",
    # units and file formats
    "a-z", "km", "m", "csv", "geojson", "yaml", "json", "xlsx", "pdf", "png", "ttc",
    # what an operator types into a setting (settings page help)
    "none", "auto", "always", "off", "gzip", "br", "osm", "amap", "tianditu", "tk", "http", "https",
    *USERS,
}
ACTIONS = ("login", "login_failed", "login_throttled", "logout", "user_role", "user_disable", "user_enable")
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b|\b[a-z_]+\.(?:zh|en|[a-z_]{3,})\b|\w+\[\d+\]")
URL = re.compile(r"(?:https?://|(?<![\w.])/)[^\s，。；、）)]*")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*")

VISIBLE_TEXT = """() => {
  // The language switch names the other language in that language; the tiles' attribution is the provider's.
  const skip = el => el.closest('[translate="no"], .lang-switch, .leaflet-control-attribution, script, style, textarea, template');
  const shown = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
                      && getComputedStyle(el).visibility !== 'hidden';
  const out = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (el && !skip(el) && shown(el) && n.textContent.trim()) out.push(n.textContent.trim());
  }
  for (const el of document.querySelectorAll('[placeholder], [aria-label], [title], option, [data-label]')) {
    if (skip(el)) continue;
    for (const a of ['placeholder', 'aria-label', 'title']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
    if (el.tagName === 'OPTION') out.push(el.textContent.trim());
  }
  return out;
}"""


def foreign_words(texts: list[str]) -> list[str]:
    """Latin words that are not allowed, field codes and raw action names found in ``texts``."""
    bad = []
    for text in texts:
        plain = URL.sub(" ", text)  # web addresses and paths are data
        for code in CODE.findall(plain):
            bad.append(f"code {code!r} in {text[:80]!r}")
        for word in WORD.findall(CODE.sub(" ", plain)):
            w = word.lower().strip("'’-")
            if w in ACTIONS or (w not in ALLOWED and not (word.isupper() and 2 <= len(word) <= 6)):
                bad.append(f"{word!r} in {text[:80]!r}")
    return bad


@pytest.fixture
def browser_app(catalog_copy, tmp_path):
    app = staff_app(catalog_copy, tmp_path)
    make_user(app, USERS[0], "admin")
    make_user(app, USERS[1], "editor")
    return app


def _log_in(bp, name, password=PASSWORD):
    bp.goto("/admin/login?lang=zh")
    bp.page.fill("#name", name)
    bp.page.fill("#password", password)
    with bp.page.expect_navigation(wait_until="domcontentloaded"):
        bp.page.click("button[type=submit]")


def _pages(app) -> dict[str, str]:
    catalog = app.extensions["catalog_source"].catalog
    site = next(s for s in catalog.sites if s.tour_slots)
    return {"site list": "/admin/", "site form": f"/admin/sites/{site.id}", "new site": "/admin/sites/new",
            "tours": "/admin/tours", "tour form": f"/admin/tours/{catalog.tours[0].id}", "new tour": "/admin/tours/new",
            "users": "/admin/users", "audit log": "/admin/audit", "settings": "/admin/settings",
            "import and export": "/admin/data", "channels": "/admin/channels", "history": "/admin/revisions"}


def _assert_chinese(bp, name):
    bad = foreign_words(bp.page.evaluate(VISIBLE_TEXT))
    assert not bad, f"{name} ({bp.page.url}) shows in zh: " + "; ".join(dict.fromkeys(bad))


def test_every_admin_page_speaks_chinese(chromium, live_server, browser_app, catalog_copy):
    """A failed login, a login, a save with a mistake and a good save (so the audit log and the history have
    entries), then every admin page in zh, the form with its problems, the preview and the broken-file page."""
    context, bp = open_page(chromium, live_server, DESKTOP, locale="zh-CN")
    try:
        _log_in(bp, USERS[0], "wrong password")
        _log_in(bp, USERS[0])
        pages = _pages(browser_app)

        # A mistake in the hours: the form comes back with the problem at its field, in Chinese.
        bp.goto(pages["site form"])
        bp.page.fill("#f-hours-mon-0", "17:00-09:00")
        with bp.page.expect_navigation(wait_until="domcontentloaded"):
            bp.page.click("button[name=do][value=save]")
        assert bp.page.locator(".field__error").count() >= 1
        _assert_chinese(bp, "site form with a problem")
        # Fixed and saved: the audit log and history get a summary in words.
        bp.page.fill("#f-hours-mon-0", "09:00-11:30")
        bp.page.fill("#f-visit_minutes", "77")
        with bp.page.expect_navigation(wait_until="domcontentloaded"):
            bp.page.click("button[name=do][value=save]")
        assert bp.page.locator(".flash").count() == 1

        for name, path in pages.items():
            bp.goto(path)
            _assert_chinese(bp, name)
        bp.goto("/admin/audit")
        body = bp.page.inner_text("main")
        assert "登录失败" in body and "常规参观时长" in body, body[:2000]

        bp.goto(pages["site form"])
        with context.expect_page() as popup:
            bp.page.click("button[formaction*=preview]")
        preview = popup.value
        preview.wait_for_load_state()
        # The preview is the public page with the catalog's own texts (sources, how a position was found: one
        # language only); its interface words are checked: the banner, headings, row and term labels.
        labels = preview.eval_on_selector_all(".preview-banner, main h1, main h2, main th, main dt",
                                              "els => els.map(e => e.innerText)")
        assert any("预览" in t for t in labels)
        bad = foreign_words(labels)
        assert not bad, "preview shows in zh: " + "; ".join(dict.fromkeys(bad))

        # Someone breaks the file by hand: the problems name the site and the field in words.
        text = catalog_copy.read_text("utf-8")
        catalog_copy.write_text(text.replace('"09:00-11:30"', '"17:00-09:00"', 1).replace(
            "visit_minutes: 77", "visit_minutes: lots", 1), "utf-8")
        bp.goto(pages["site form"])
        assert "开放时间" in bp.page.inner_text("main") and "常规参观时长" in bp.page.inner_text("main")
        _assert_chinese(bp, "broken catalog page")
        bp.goto("/admin/")
        _assert_chinese(bp, "site list with a broken file")
        catalog_copy.write_text(text.replace("sites:", "sites: [", 1), "utf-8")
        bp.goto(pages["site form"])
        _assert_chinese(bp, "broken catalog page (not YAML)")
        bp.assert_no_third_party_requests()
    finally:
        context.close()


LAYOUT = r"""() => {
  const out = {wide: [], broken: [], cut: [], fake_hours: []};
  const W = document.documentElement.clientWidth;
  for (const el of document.querySelectorAll('main *')) {
    if (el.closest('.leaflet-container, .chart-card, .checks__list')) continue;
    const r = el.getBoundingClientRect();
    if (r.width && r.right > W + 1) out.wide.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right));
  }
  // A label, legend, check box text or table header whose text runs one character per line.
  for (const el of document.querySelectorAll('main label, main legend, main th, main h1, main h2, main button, main .button')) {
    const head = el.closest('thead');  // a table shown as cards keeps its header for screen readers only
    if (head && head.getBoundingClientRect().width <= 1) continue;
    const tops = new Set(), walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let chars = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent.replace(/\s+/g, '');
      if (!text) continue;
      chars += text.length;
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const r of range.getClientRects()) if (r.width) tops.add(Math.round(r.top));
    }
    if (chars >= 2 && tops.size >= 2 && tops.size >= chars * 0.6) out.broken.push(el.textContent.trim());
  }
  for (const el of document.querySelectorAll('.window-input input')) {
    if (el.value && el.scrollWidth > el.clientWidth + 1) out.cut.push(el.id + '=' + el.value);
  }
  for (const row of document.querySelectorAll('.hours-day')) {
    const inputs = [...row.querySelectorAll('input')];
    if (!inputs.some(i => i.value.trim()) && inputs.some(i => /\\d/.test(i.placeholder))) out.fake_hours.push(row.querySelector('th').textContent.trim());
  }
  return out;
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_every_admin_page_fits_the_screen(chromium, live_server, browser_app, viewport):
    """At phone and desktop width, in zh: no page scrolls sideways, no label is broken one character per line,
    no opening-hours box cuts off its window, closed days show no example hours, and the sources are a list
    that a search box filters."""
    context, bp = open_page(chromium, live_server, viewport, locale="zh-CN")
    try:
        _log_in(bp, USERS[0])
        for name, path in _pages(browser_app).items():
            bp.goto(path)
            found = bp.page.evaluate(LAYOUT)
            assert found == {"wide": [], "broken": [], "cut": [], "fake_hours": []}, (name, viewport, found)
        bp.goto(_pages(browser_app)["site form"])
        closed = bp.page.locator(".hours-day.is-closed")
        assert closed.count() >= 1 and closed.first.locator(".hours-day__closed").is_visible()
        sources = bp.page.locator(".checks--searchable .check")
        total = sources.count()
        bp.page.fill(".checks__filter", "钓鱼城")
        shown = bp.page.locator(".checks--searchable .check:visible").count()
        assert 0 < shown < total
        bp.assert_no_console_errors()
    finally:
        context.close()


def test_use_this_fills_precision_and_radius(chromium, live_server, browser_app):
    """The position picker's answers carry a precision and a radius, and "use this" fills both: a county is an
    estimate good to 15 km, a surveyed landmark stays surveyed within 100 m. A surveyed position with a 15 km
    radius is refused at the radius field, saying to choose "estimate"."""
    context, bp = open_page(chromium, live_server, DESKTOP, locale="zh-CN")
    try:
        _log_in(bp, USERS[1])
        bp.goto(_pages(browser_app)["site form"])
        for query, precision, radius in (("合川", "estimate", "15000"), ("钓鱼城", "surveyed", "100")):
            bp.page.fill("#geocode-q", query)
            bp.page.click("#geocode-go")
            bp.page.locator("#geocode-results button").first.click()
            bp.page.wait_for_function("r => document.getElementById('f-location-radius_m').value === r", arg=radius)
            assert bp.page.input_value("#f-location-precision") == precision
            assert "米" in bp.page.inner_text("#geocode-results")
        bp.page.select_option("#f-location-precision", "surveyed")
        bp.page.fill("#f-location-radius_m", "15000")
        with bp.page.expect_navigation(wait_until="domcontentloaded"):
            bp.page.click("button[name=do][value=save]")
        error = bp.page.inner_text("#f-location-radius_m-error")
        assert "实测" in error and "估算" in error and "100" in error
        assert bp.page_errors == []  # (the refused save is a 422 in the console, as it should be)
    finally:
        context.close()
