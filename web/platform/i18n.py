"""Languages: Simplified Chinese first, English second, and Traditional Chinese (zh-Hant).

Chosen by ``?lang=``, then the remembered choice (a ``lang`` cookie), then Accept-Language.
Interface strings go through Flask-Babel; catalog fields carry their own zh/en text.

zh-Hant is Chinese in another script, not another language: ``current_lang()`` stays "zh" (so every
"zh" branch holds), ``current_script()`` is "Hant", Babel uses translations/zh_Hant (converted from zh_Hans
with OpenCC by ``scripts/translations.py build``) and catalog text is read through ``catalog.hant``
(converted when the catalog is loaded). ``lang_code()`` is the code for URLs: zh, zh-Hant or en.
"""
from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, Response, g, request
from flask_babel import Babel

from catalog.hant import TRADITIONAL

from .security import cookie_secure

LANGS = {"zh": "zh_Hans", "en": "en"}  # our short code -> Babel locale
HTML_LANG = {"zh": "zh-Hans", "en": "en"}
HANT = "zh-Hant"
_HANT_TAGS = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")
COOKIE = "lang"
TRANSLATIONS = Path(__file__).resolve().parent.parent.parent / "translations"


def normalise(value: str | None) -> str | None:
    """'zh', 'zh-CN', 'zh_Hans', 'en-GB', ... -> 'zh' / 'en'; anything else -> None."""
    if not value:
        return None
    v = value.strip().lower().replace("_", "-")
    if v.startswith("zh"):
        return "zh"
    if v.startswith("en"):
        return "en"
    return None


def code(value: str | None) -> str | None:
    """Like ``normalise``, but keeps Traditional apart: 'zh-Hant', 'zh-TW', 'zh-HK' -> 'zh-Hant'."""
    lang = normalise(value)
    if lang == "zh" and value.strip().lower().replace("_", "-").startswith(_HANT_TAGS):
        return HANT
    return lang


def lang_code() -> str:
    """This request's language as written in URLs and cookies: 'zh', 'zh-Hant' or 'en'."""
    if "lang_code" not in g:
        g.lang_code = _requested()
        g.lang = "zh" if g.lang_code == HANT else g.lang_code
    return g.lang_code


def _requested() -> str:
    return code(request.args.get("lang")) or code(request.cookies.get(COOKIE)) or _from_accept_language() or "zh"


def current_lang() -> str:
    if "lang" not in g:
        lang_code()
    return g.lang


def current_script() -> str:
    return "Hant" if lang_code() == HANT else ("Latn" if current_lang() == "en" else "Hans")


def _from_accept_language() -> str | None:
    for value, _quality in request.accept_languages:  # best first
        if code(value):
            return code(value)
    return None


def language_from_url_only(default: str = "zh") -> str:
    """This response's language comes from ``?lang=`` alone (no cookie, no Accept-Language), is not remembered
    and adds no ``Vary``: one URL, one response, so proxies and CDNs can cache it (embeds)."""
    g.lang_code = code(request.args.get("lang")) or default
    g.lang = "zh" if g.lang_code == HANT else g.lang_code
    TRADITIONAL.set(g.lang_code == HANT)
    g.remember_lang = False
    g.lang_from_url = True
    return g.lang


def remembers_language() -> bool:
    """Pages that must not set cookies (embeds) turn this off."""
    return g.get("remember_lang", True)


def check_compiled(directory: Path = TRANSLATIONS) -> None:
    """The app reads compiled catalogs (messages.mo) and never writes into the source tree: the build step
    (`make translations`) compiles them. Missing ones stop the start with what to run; older ones are read, with
    a warning in the log."""
    pos = sorted(directory.glob("*/LC_MESSAGES/messages.po"))
    missing = [po.with_suffix(".mo") for po in pos if not po.with_suffix(".mo").exists()]
    if missing or not pos:
        raise RuntimeError("Translations are not compiled (missing: " + ", ".join(str(m) for m in missing or [directory])
                           + "). Run `make translations` (or `python scripts/translations.py compile`), then start again.")
    stale = [po for po in pos if po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime]
    if stale:
        logging.getLogger(__name__).warning("Compiled translations are older than %s: run `make translations`.",
                                            ", ".join(str(p) for p in stale))


def init_app(app: Flask) -> None:
    check_compiled()
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "zh_Hans")
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Asia/Shanghai")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS)
    Babel(app, locale_selector=lambda: "zh_Hant" if lang_code() == HANT else LANGS[current_lang()])
    app.jinja_env.globals.update(current_lang=current_lang, lang_code=lang_code,
                                 html_lang=lambda: HANT if lang_code() == HANT else HTML_LANG[current_lang()])

    @app.before_request
    def _script() -> None:
        # Set on every request (threads are reused): catalog text reads Traditional only on zh-Hant pages.
        # Read without recording the choice in g: responses that never ask for a language add no Vary.
        TRADITIONAL.set(_requested() == HANT)

    @app.teardown_request
    def _script_off(_exc: BaseException | None) -> None:
        TRADITIONAL.set(False)  # code run outside a request (CLI, tests, the next request's setup) reads zh

    @app.after_request
    def _remember(response: Response) -> Response:
        if g.get("lang_from_url"):
            return response
        chosen = code(request.args.get("lang"))
        if chosen and remembers_language() and request.cookies.get(COOKIE) != chosen:
            response.set_cookie(COOKIE, chosen, max_age=365 * 86400, samesite="Lax", httponly=True,
                                secure=cookie_secure())
        if "lang" in g and not chosen:
            # The language came from the cookie or Accept-Language (even when neither was sent: then it is the
            # default): say so, or a shared cache would give one visitor's language to the next.
            response.vary.add("Accept-Language")
            response.vary.add("Cookie")
        return response
