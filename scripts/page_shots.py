"""Screenshots and document heights of every public page, at 360 px and 1280 px, in each language.

    python scripts/page_shots.py [OUT_DIR] [--langs zh,en,zh-Hant] [--no-shots]

Serves the app with stub tiles on a free port, opens each page in Debian's headless Chromium, prints the
document height at 360 px (how far a phone visitor scrolls) and saves full-page PNGs into OUT_DIR.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, STUB_TILES, open_page, serve  # noqa: E402
from tests.browser.public_pages import ALL as PAGES, with_lang  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?", default="/tmp/page_shots")
    ap.add_argument("--langs", default="zh,en")
    ap.add_argument("--no-shots", action="store_true")
    ap.add_argument("--only", default="", help="comma-separated page names")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    from app import create_app

    app = create_app({"TESTING": True, "MAP_TILE_URL_OVERRIDE": STUB_TILES, "FIXED_NOW": "2026-12-01T09:00:00+08:00"})
    pages = {k: v for k, v in PAGES.items() if not args.only or k in args.only.split(",")}
    langs = args.langs.split(",")
    with serve(app) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        print(f"{'page':<14}" + "".join(f"{lang + ' 360px':>14}" for lang in langs))
        for name, path in pages.items():
            row = f"{name:<14}"
            for lang in langs:
                for label, vp in (("360", PHONE), ("1280", DESKTOP)):
                    if args.no_shots and label == "1280":
                        continue
                    context, bp = open_page(browser, base, vp)
                    try:
                        bp.goto(with_lang(path, lang), timeout=90_000)
                        bp.page.wait_for_timeout(300)
                        if label == "360":
                            height = bp.page.evaluate("document.documentElement.scrollHeight")
                            width = bp.page.evaluate("document.documentElement.scrollWidth")
                            row += f"{height:>9}" + (f" w{width}" if width > 360 else "     ")
                        if not args.no_shots:
                            bp.page.screenshot(path=str(out / f"{name}-{lang}-{label}.png"), full_page=True)
                    finally:
                        context.close()
            print(row, flush=True)
        browser.close()


if __name__ == "__main__":
    main()
