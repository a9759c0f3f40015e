"""The current time in Asia/Shanghai; tests and demos can pin it with the FIXED_NOW setting."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

TZ = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    fixed = current_app.config.get("FIXED_NOW")
    if fixed:
        value = datetime.fromisoformat(str(fixed))
        return value if value.tzinfo else value.replace(tzinfo=TZ)
    return datetime.now(TZ)


def today() -> date:
    return now().date()
