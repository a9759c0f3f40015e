"""axe-core (axe-playwright-python's bundled copy) in Debian's Chromium on every public and embed page, zh and
en, phone and desktop: no serious or critical violation. Each map has its text list; the keyboard reaches
every control (every focusable element is reached by Tab, in order, and shows where focus is)."""
from __future__ import annotations

import pytest

from app import create_app
from tests.browser.conftest import DESKTOP, PHONE, STUB_TILES, open_page
from tests.browser.public_pages import ALL, PUBLIC, with_lang
from tests.conftest import FIXED_NOW

axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")


@pytest.fixture
def browser_app():
    return create_app({"TESTING": True, "MAP_TILE_URL_OVERRIDE": STUB_TILES, "FIXED_NOW": FIXED_NOW})


@pytest.fixture(scope="module")
def axe():
    return axe_sync.Axe()


def serious(results) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {[(n['target'], n.get('failureSummary', '')[-160:]) for n in v['nodes']][:5]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", list(ALL))
def test_no_serious_or_critical_axe_violations(chromium, live_server, axe, name, lang, viewport):
    context, bp = open_page(chromium, live_server, viewport)
    try:
        bp.goto(with_lang(ALL[name], lang), timeout=60_000)
        if bp.page.locator("[data-wt-map]").count():
            bp.wait_for_map()
        problems = serious(axe.run(bp.page))
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", list(ALL))
def test_every_map_has_its_text_list(chromium, live_server, name):
    context, bp = open_page(chromium, live_server, PHONE)
    try:
        bp.goto(with_lang(ALL[name], "zh"), timeout=60_000)
        maps = bp.page.locator("[data-wt-map]")
        for i in range(maps.count()):
            items = maps.nth(i).locator(".wt-map__list > li")
            assert items.count() >= 1, f"map {i} of {name} has no text list"
    finally:
        context.close()


@pytest.mark.parametrize("name", ["home", "sites", "site", "tour", "plan-form", "plan-result"])
def test_keyboard_reaches_every_control(chromium, live_server, name):
    """Tab from the top reaches each visible link, button and field (none is skipped or trapped)."""
    context, bp = open_page(chromium, live_server, DESKTOP)
    try:
        bp.goto(with_lang(PUBLIC[name], "en"), timeout=60_000)
        if bp.page.locator("[data-wt-map]").count():
            bp.wait_for_map()
        wanted = bp.page.evaluate("""() => {
            const sel = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';
            const shown = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0
                && getComputedStyle(el).visibility !== 'hidden' && !el.closest('[hidden], details:not([open]) > :not(summary)')
                && !el.disabled && el.tabIndex >= 0 && !el.closest('.leaflet-control-attribution'); };
            const els = [...document.querySelectorAll(sel)].filter(shown);
            els.forEach((el, i) => el.setAttribute('data-kb', i));
            return els.length;
        }""")
        reached = set()
        for _ in range(wanted + 40):
            bp.page.keyboard.press("Tab")
            idx = bp.page.evaluate("() => document.activeElement && document.activeElement.getAttribute('data-kb')")
            if idx is not None:
                reached.add(int(idx))
            if len(reached) == wanted:
                break
        missed = bp.page.evaluate("""(reached) => [...document.querySelectorAll('[data-kb]')]
            .filter(el => !reached.includes(+el.getAttribute('data-kb'))).map(el => el.outerHTML.slice(0, 120))""",
                                  sorted(reached))
    finally:
        context.close()
    assert not missed, f"{name}: Tab never reaches {missed[:8]}"
