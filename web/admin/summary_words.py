"""A stored save summary shown in the interface language. Summaries are kept as written when saved: in the
saver's language, and (older ones) with YAML paths ("Site “X”: name.en, hours.mon[0]"). Shown, the field list
is read back into paths (a path as such, or a label in any of the interface languages) and said again in the
reader's language; whatever cannot be read back is shown as stored."""
from __future__ import annotations

import re
from functools import lru_cache

from flask_babel import force_locale
from flask_babel import gettext as _

from web.admin import staff_words
from web.platform import labels

LOCALES = ("zh_Hans", "zh_Hant", "en")
PATH = re.compile(r"^[a-z_]+(?:\.[a-z_]+|\[\d+\])*$")
# The summaries that carry a field list, as msgids (the same calls as the routes that save).
TEMPLATES = (
    lambda **kw: _("Site “%(name)s”: %(fields)s", **kw),
    lambda **kw: _("Tour “%(name)s”: %(fields)s", **kw),
    lambda **kw: _("Site “%(name)s”: %(fields)s restored from revision #%(rev)d", **kw),
)
REV = 918273645  # stands for the revision number while a template becomes a pattern


def _candidate_paths() -> list[str]:
    out = []
    for key in staff_words.FIELD:
        out += [key, f"{key}.zh", f"{key}.en"]
    for day in (*labels.WEEKDAY, "holiday"):
        out += [f"hours.{day}", *(f"hours.{day}[{i}]" for i in range(8))]
    for row, count in (("tour_slots", 8), ("stops", 20)):
        subs = [k.split(".", 1)[1] for k in staff_words.FIELD if k.startswith(row + ".")]
        out += [f"{row}[{i}].{s}" for i in range(count) for s in [*subs, "note.zh", "note.en"]]
    return out


@lru_cache(maxsize=1)
def _known() -> tuple[dict[str, str], tuple[str, ...], tuple[tuple[re.Pattern, int], ...]]:
    """(label in any language -> path, list separators, (summary pattern, template index))."""
    words: dict[str, str] = {}
    seps: list[str] = []
    patterns = []
    paths = _candidate_paths()
    for locale in LOCALES:
        with force_locale(locale):
            for p in reversed(paths):  # the first path with a label wins ("name" before "name.zh" ...)
                words[staff_words.field_label(p)] = p
            seps.append(_(", "))
            for i, t in enumerate(TEMPLATES):
                text = t(name="\x00", fields="\x01", rev=REV)
                pat = re.escape(text).replace("\x00", "(?P<name>.*)").replace("\x01", "(?P<fields>.*)")
                patterns.append((re.compile("^" + pat.replace(str(REV), r"(?P<rev>\d+)") + "$", re.S), i))
    return words, tuple(dict.fromkeys(seps)), tuple(patterns)


def _paths(text: str, words: dict[str, str], seps: tuple[str, ...]) -> list[str] | None:
    """The field list as paths, or None when some part is not a field we know."""
    pieces = re.split("|".join(re.escape(s) for s in seps), text)
    out, i = [], 0
    while i < len(pieces):
        for j in range(len(pieces), i, -1):  # longest first: a label may hold a separator ("slot 2, times")
            whole = next((s.join(pieces[i:j]) for s in seps if s.join(pieces[i:j]) in words), None)
            if whole is not None:
                out.append(words[whole])
                break
            if j == i + 1 and PATH.match(pieces[i]) and pieces[i].split(".")[0].split("[")[0] in staff_words.FIELD:
                out.append(pieces[i])
                break
        else:
            return None
        i = j
    return out


def shown(summary: str) -> str:
    words, seps, patterns = _known()
    for pattern, index in patterns:
        m = pattern.match(summary)
        if not m:
            continue
        paths = _paths(m.group("fields"), words, seps)
        if paths is None:
            return summary
        rev = int(m.group("rev")) if "rev" in pattern.groupindex else 0
        return TEMPLATES[index](name=m.group("name"), fields=staff_words.field_list(paths), rev=rev)
    return summary
