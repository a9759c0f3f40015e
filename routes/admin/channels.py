"""Channel counts for bureau staff (editor role): table, chart and CSV of what each campaign brought."""
from __future__ import annotations

from flask import Response, render_template, request
from flask_babel import gettext as _

from web.admin import channel_report as report
from web.platform import clock
from web.share import channels
from storage.shared import StoreError
from web.platform.auth import requires

from . import bp


def _labels() -> dict[str, str]:
    return {"embed": _("Embed views"), "link": _("Link visits"), "qr": _("QR code visits"),
            "embed-link": _("From embeds"), "flyer": _("Flyer downloads")}


def _rows():
    channels.counter().flush()  # this process's latest counts; other processes write theirs within seconds
    period, errors = report.period(request.args, clock.today())
    return period, errors, channels.rows(period.first, period.last, period.campaign)


def _store_down():
    """The counts database (PostgreSQL on several machines) does not answer: say so; nothing is lost."""
    return render_template("errors/error.html", code=503, title=_("The counts cannot be read right now"),
                           message=_("The database of counts does not answer. Counting goes on: counts wait and "
                                     "are written when it is back. Try again in a minute.")), 503, {"Retry-After": "60"}


@bp.get("/channels")
@requires("editor")
def channel_counts():
    try:
        period, errors, rows = _rows()
        campaigns = channels.campaigns()
    except StoreError:
        return _store_down()
    labels = _labels()
    messages = {"date": _("Enter dates as YYYY-MM-DD."), "range": _("Choose up to a year, the first day first.")}
    return render_template(
        "admin/channels.html", rows=channels.table(rows), totals=report.totals(rows), period=period,
        campaigns=campaigns, labels=labels, channel_names=channels.CHANNELS,
        errors={k: messages[v] for k, v in errors.items()},
        chart=report.chart_svg(rows, period, title=_("Counts per day"), labels=labels)), 400 if errors else 200


@bp.get("/channels.csv")
@requires("editor")
def channel_counts_csv():
    try:
        period, _errors, rows = _rows()
    except StoreError:
        return _store_down()
    name = f"channel-counts-{period.first.isoformat()}-{period.last.isoformat()}.csv"
    return Response(report.csv_text(rows), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
