"""The bureau's view of channel counts: a date range and campaign from the query, the table, a server-made SVG
bar chart (no chart library, no CDN) and the CSV export."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup, escape

from web.share.channels import CHANNELS, Row

DEFAULT_DAYS = 30
MAX_DAYS = 366
COLOURS = {"embed": "#b5121b", "link": "#c9a227", "qr": "#2a1d17", "embed-link": "#e0432f", "flyer": "#6b5a50"}


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    campaign: str | None  # None = all


def period(args, today: date) -> tuple[Period, dict[str, str]]:
    """The requested period (default: the last 30 days) and any errors, by field."""
    errors: dict[str, str] = {}
    last, first = today, today - timedelta(days=DEFAULT_DAYS - 1)
    try:
        if args.get("to"):
            last = date.fromisoformat(args["to"].strip())
        if args.get("from"):
            first = date.fromisoformat(args["from"].strip())
        elif args.get("to"):
            first = last - timedelta(days=DEFAULT_DAYS - 1)
    except ValueError:
        errors["from"] = "date"
        last, first = today, today - timedelta(days=DEFAULT_DAYS - 1)
    if first > last or (last - first).days >= MAX_DAYS:
        errors["from"] = "range"
        last, first = today, today - timedelta(days=DEFAULT_DAYS - 1)
    campaign = args.get("campaign")
    return Period(first, last, campaign if campaign not in (None, "*") else None), errors


def totals(rows: list[Row]) -> dict[str, dict[str, int]]:
    """campaign -> channel -> count over the period (the table's summary)."""
    out: dict[str, dict[str, int]] = {}
    for r in rows:
        out.setdefault(r.campaign, {}).setdefault(r.channel, 0)
        out[r.campaign][r.channel] += r.count
    return dict(sorted(out.items(), key=lambda kv: -sum(kv[1].values())))


def chart_svg(rows: list[Row], p: Period, *, title: str, labels: dict[str, str], width: int = 720,
              height: int = 220) -> Markup:
    """Stacked daily bars per channel, with a legend; every text escaped."""
    days = [(p.first + timedelta(days=i)).isoformat() for i in range((p.last - p.first).days + 1)]
    per_day = {d: {c: 0 for c in CHANNELS} for d in days}
    for r in rows:
        if r.day in per_day and r.channel in CHANNELS:
            per_day[r.day][r.channel] += r.count
    top = max([sum(v.values()) for v in per_day.values()] + [1])
    left, bottom, plot_h = 36, height - 40, height - 70
    step = (width - left - 10) / max(len(days), 1)
    bar = max(1.0, step * 0.72)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
             f'xmlns="http://www.w3.org/2000/svg">', f"<title>{escape(title)}</title>"]
    for frac in (0, 0.5, 1):
        y = bottom - plot_h * frac
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" class="chart__grid"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="chart__axis">'
                     f'{round(top * frac)}</text>')
    for i, day in enumerate(days):
        x, y = left + i * step + (step - bar) / 2, bottom
        for channel in CHANNELS:
            n = per_day[day][channel]
            if n:
                h = plot_h * n / top
                y -= h
                parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                             f'fill="{COLOURS[channel]}"><title>{escape(day)} · {escape(labels[channel])}: {n}'
                             f'</title></rect>')
        if i in (0, len(days) - 1) or (len(days) > 10 and i % max(1, len(days) // 5) == 0):
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{bottom + 14}" text-anchor="middle" class="chart__axis">'
                         f'{escape(day[5:])}</text>')
    lx = left
    for channel in CHANNELS:
        parts.append(f'<rect x="{lx}" y="{height - 14}" width="10" height="10" fill="{COLOURS[channel]}"/>'
                     f'<text x="{lx + 14}" y="{height - 5}" class="chart__legend">{escape(labels[channel])}</text>')
        lx += 24 + 7 * len(labels[channel]) + (6 * sum(1 for ch in labels[channel] if ord(ch) > 0x2e80))
    parts.append("</svg>")
    return Markup("".join(parts))


def csv_text(rows: list[Row]) -> str:
    """day, campaign, channel, count: one row per count (campaign tags are slugs, so no cell starts a formula)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["day", "campaign", "channel", "count"])
    for r in rows:
        campaign = r.campaign if r.campaign[:1] not in ("=", "+", "-", "@") else "'" + r.campaign
        writer.writerow([r.day, campaign, r.channel, r.count])
    return out.getvalue()
