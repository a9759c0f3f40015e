"""Promotion: the snippet builder for bureau staff (/promote, editor role), and the public files it hands out:
QR codes, map images and flyers (they show only public catalog data, so partners, print shops and oEmbed
consumers fetch them without an account), and the counting image of web.channels. Thin: see web.promote_*."""
from __future__ import annotations

import base64

from flask import Blueprint, Response, request

from web import channels
from web.campaign import valid_campaign

bp = Blueprint("promote", __name__)

_GIF = base64.b64decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")  # 1x1 transparent


@bp.get("/count.gif")
def count():
    """One view of an embed or one campaign visit (web.channels): counted in memory, never cached."""
    channel = request.args.get("ch", "")
    if channel in ("embed", "link", "qr", "embed-link"):
        channels.count(valid_campaign(request.args.get("c")) or "", channel)
    response = Response(_GIF, mimetype="image/gif")
    response.headers["Cache-Control"] = "no-store"
    return response
