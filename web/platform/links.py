"""Campaign tags: ``?c=<campaign>`` on links, QR codes and embeds says which promotion brought a visitor.

A tag is a short lowercase slug (``spring-fair-2026``): safe in any URL, file name, CSV cell or SQL row, and
short enough to keep QR codes small. ``m=`` names the medium a link was printed in (``qr``, or ``embed`` for the
"open full page" link of an embed); a plain link has none. Absolute URLs use SITE_URL when it is set (QR codes
and snippets must name the public host, not the one a staff member happens to use).
"""
from __future__ import annotations

import re
from urllib.parse import urlencode

from flask import current_app, request

CAMPAIGN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")
MEDIA = ("qr", "embed")  # values of ?m=; absent = a plain link


def valid_campaign(value: object) -> str | None:
    """The tag if ``value`` is one (1-40 of a-z, 0-9 and inner hyphens), else None."""
    return value if isinstance(value, str) and CAMPAIGN.match(value) else None


def base_url() -> str:
    """``https://host`` of the public site, without a trailing slash."""
    configured = str(current_app.config.get("SITE_URL") or "").rstrip("/")
    return configured or request.host_url.rstrip("/")


def absolute(path: str) -> str:
    return base_url() + path


def with_query(path: str, params: dict[str, str]) -> str:
    """``path`` with ``params`` (empty values dropped, order kept) appended to its query."""
    query = urlencode([(k, v) for k, v in params.items() if v not in (None, "")])
    if not query:
        return path
    return f"{path}{'&' if '?' in path else '?'}{query}"


def tagged(path: str, campaign: str, medium: str = "") -> str:
    """``path`` carrying a campaign tag (and the medium it was printed in)."""
    return with_query(path, {"c": campaign, "m": medium})
