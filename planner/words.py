"""Words for the planner's codes: the English msgids live beside the codes, the Chinese in the Babel catalog
(translations/zh_Hans, filled from translations/zh_Hans/fill/*.json like every interface string), read with the
standard library's gettext from the compiled catalog the web app builds at start-up. No Flask here: the API
needs both languages in one response, outside any request's locale.
"""
from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

from catalog.hant import TRADITIONAL, to_hant

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
LOCALES = {"zh": "zh_Hans", "zh-Hant": "zh_Hant", "en": "en"}


def N_(msgid: str) -> str:
    """Marks a msgid for extraction (scripts/translations.py passes ``-k N_``); translated when shown."""
    return msgid


@lru_cache(maxsize=4)
def _catalog(lang: str) -> gettext.NullTranslations:
    return gettext.translation("messages", localedir=str(TRANSLATIONS), languages=[LOCALES.get(lang, lang)],
                               fallback=True)


def say(msgid: str, lang: str, params: dict | None = None) -> str:
    """``msgid`` in ``lang`` ("zh" or "en"), with its %(name)s placeholders filled."""
    if lang.startswith("en"):
        return msgid % params if params else msgid
    traditional = lang == "zh-Hant" or TRADITIONAL.get()
    text = _catalog("zh-Hant" if traditional else "zh").gettext(msgid)
    text = text % params if params else text
    return to_hant(text) if traditional else text  # the names filled in are Simplified in the plan's reasons


def reload() -> None:
    """Forget the loaded catalogs (after the .mo files were rebuilt)."""
    _catalog.cache_clear()


def say_n(singular: str, plural: str, n: int, lang: str) -> str:
    """The plural form of a msgid pair for ``n``, with %(num)d filled (as Flask-Babel's ngettext does)."""
    if lang.startswith("en"):
        return (singular if n == 1 else plural) % {"num": n}
    traditional = lang == "zh-Hant" or TRADITIONAL.get()
    text = _catalog("zh-Hant" if traditional else "zh").ngettext(singular, plural, n) % {"num": n}
    return to_hant(text) if traditional else text
