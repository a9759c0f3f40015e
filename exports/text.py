"""Words shared by the exports: a stop's title and its notes, in the visitor's language."""
from __future__ import annotations

import re

from catalog.model import fmt_minutes

from .stops import Stop

LABELS = {
    "start": ("Start", "出发"), "end": ("Back", "返回"), "lunch": ("Lunch", "午餐"),
    "arrive": ("arrive", "到达"), "visit": ("visit", "参观"), "leave": ("leave", "离开"),
    "wait": ("wait {min} min", "等候 {min} 分钟"), "meal": ("lunch", "用餐"), "book": ("Book ahead", "需提前预约"), "phone": ("Phone", "电话"),
    "estimate": ("Position estimated, up to {km} km off", "位置为估算，可能相差 {km} 公里"),
    "leg": ("{min} min, {km} km from the previous stop", "距上一站 {min} 分钟，{km} 公里"),
    "leg_approx": ("about {min} min, {km} km from the previous stop (estimated positions)",
                   "距上一站约 {min} 分钟，{km} 公里（位置为估算）"),
}


_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text without the characters XML 1.0 cannot carry at all (control codes, lone surrogates)."""
    return _NOT_XML.sub("", text)


def label(key: str, lang: str, **params) -> str:
    en, zh = LABELS[key]
    return (en if lang.startswith("en") else zh).format(**params)


def hhmm(minutes: int | None) -> str:
    return "" if minutes is None else fmt_minutes(minutes % 1440)


def title(stop: Stop, lang: str) -> str:
    name = stop.name.get(lang)
    if stop.kind == "visit":
        return f"{stop.number}. {name}"
    return f"{label(stop.kind, lang)}: {name}" if stop.kind != "lunch" or stop.site else name


def notes(stop: Stop, lang: str) -> list[str]:
    """Times, the leg, booking and position notes: one line each."""
    out = []
    if stop.kind in ("visit", "lunch"):
        times = f"{label('arrive', lang)} {hhmm(stop.arrive)}"
        if stop.wait:
            times += f" · {label('wait', lang, min=stop.wait)}"
        what = label("visit" if stop.kind == "visit" else "meal", lang)
        times += f" · {what} {hhmm(stop.start)}–{hhmm(stop.end)} · {label('leave', lang)} {hhmm(stop.leave)}"
        out.append(times)
    if stop.leg is not None and stop.leg.minutes:
        out.append(label("leg_approx" if stop.leg.approx else "leg", lang, min=stop.leg.minutes,
                         km=f"{stop.leg.km:.1f}"))
    if stop.address:
        out.append(stop.address.get(lang))
    if stop.booking:
        out.append(label("book", lang) + (f": {stop.booking_contact}" if stop.booking_contact else ""))
        if stop.booking_notes:
            out.append(stop.booking_notes.get(lang))
    if stop.phone:
        out.append(f"{label('phone', lang)}: {stop.phone}")
    if stop.estimate_m:
        out.append(label("estimate", lang, km=f"{stop.estimate_m / 1000:g}"))
    return out
