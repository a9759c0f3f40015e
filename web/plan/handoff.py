"""Hand-off of a planned day to phone navigation apps, per stop, per leg and for the whole day.

Inside WeChat's in-app browser (its user agent says ``MicroMessenger``) other apps' URL schemes are
blocked and Apple Maps links do nothing, so only the AMap and Baidu *web* pages are offered there (they
show the place or the route in the page itself), with a note on opening the plan in the phone's browser.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import request

from exports.stops import DayStops, Stop
from geo.navigation import AMAP_MAX_VIA, NavLink, amap_route, marker_links, route_links

from web.platform.i18n import current_lang

WEB_ONLY_APPS = ("amap", "baidu")  # what works inside WeChat


def in_wechat() -> bool:
    return "micromessenger" in request.headers.get("User-Agent", "").lower()


@dataclass(frozen=True)
class HandOff:
    mode: str
    wechat: bool

    def _keep(self, links: list[NavLink]) -> list[NavLink]:
        return [link for link in links if link is not None and (not self.wechat or link.app in WEB_ONLY_APPS)]

    def _place(self, stop: Stop) -> tuple:
        return stop.location, stop.name.get(current_lang())

    def stop(self, stop: Stop) -> list[NavLink]:
        return self._keep(marker_links(stop.location, stop.name.get(current_lang()), native=not self.wechat))

    def leg(self, before: Stop, stop: Stop) -> list[NavLink]:
        return self._keep(route_links(self._place(before), self._place(stop), self.mode, native=not self.wechat))

    def day(self, day: DayStops) -> tuple[list[NavLink], bool]:
        """A whole-day link where an app's web URI takes the day's stops; and whether the day has too many
        for AMap (then the per-leg links are the way)."""
        stops = _distinct(day.stops)
        via = tuple(self._place(s) for s in stops[1:-1])
        if len(stops) < 2:
            return [], False
        link = amap_route(self._place(stops[0]), self._place(stops[-1]), via, self.mode, native=not self.wechat)
        return self._keep([link]), link is None


def _distinct(stops: tuple[Stop, ...]) -> list[Stop]:
    """Consecutive stops at the same place count once (a lunch taken where you already are)."""
    out: list[Stop] = []
    for s in stops:
        if not out or (out[-1].lat, out[-1].lon) != (s.lat, s.lon):
            out.append(s)
    return out


def for_request(mode: str) -> HandOff:
    return HandOff(mode, in_wechat())


__all__ = ["AMAP_MAX_VIA", "HandOff", "for_request", "in_wechat"]
