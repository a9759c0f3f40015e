"""One cache entry per response: what in a URL may change a cached response, and what may not.

Shared caches (the recipe's nginx, a CDN) key a response by its URL. A made-up parameter (``?x=<random>``), a
fresh campaign tag on a page, or another spelling of the same value (``%65n`` for ``en``) would each make a new
key, so anyone could force a fresh render per request. Against that:

* Each cached URL family (``GROUPS``) names the parameters its responses read. A request carrying any other
  parameter, a parameter twice, or a value spelled other than the canonical way gets a ``301`` to the canonical
  URL, marked ``no-store``: cheap (nothing is rendered) and never stored, so the cache keeps only canonical
  answers. ``c`` (campaign) and ``m`` (medium) on pages are accepted but read by the browser only (the counting
  image, static/js/beacon.js): they are not part of the page, nor of its cache key.
* The recipe's nginx (deploy/nginx/wusheng.conf.j2) keys each family by exactly these parameters, in a fixed
  order (``nginx_key``), so ``?c=<anything>`` or ``?x=<anything>`` on a page hits the same entry. Other URLs keep
  the whole query in their key.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, quote_plus, urlencode

from flask import Flask, Response, redirect, request

from .i18n import language_from_url_only


@dataclass(frozen=True)
class Group:
    name: str
    endpoints: tuple[str, ...]
    params: tuple[str, ...]  # what the server reads: part of the cache key
    browser_params: tuple[str, ...] = ()  # accepted, read only by the page's script: not part of the key
    nginx_path: str = ""  # a regex over nginx's $uri matching exactly these endpoints' URLs


PAGE_PARAMS = ("lang", "basemap", "category", "theme", "q", "date")
GROUPS = (
    Group("page", ("public.home", "public.sites", "public.site", "public.tour"), PAGE_PARAMS, ("c", "m"),
          nginx_path=r"^/(sites(/[^/]+)?|tours/[^/]+)?$"),
    Group("embed", ("embed.map_all", "embed.tour", "embed.site"),
          ("lang", "basemap", "zoom", "scroll", "list", "theme", "category", "c", "preview"),
          nginx_path=r"^/embed/(map|tours/[^/]+|sites/[^/]+)$"),
    Group("file", ("promote.flyer", "promote.tour_image", "promote.site_image", "promote.qr_code"),
          ("lang", "c", "w", "h", "qr", "size", "theme", "category"),
          nginx_path=r"^/promote/(flyers/[^/]+\.pdf|maps/(tours|sites)/[^/]+\.png|qr/((tours|sites)/[^/]+|map)\.(svg|png))$"),
)
_BY_ENDPOINT = {e: g for g in GROUPS for e in g.endpoints}
_SAFE = "!$'()*,/:;?@"  # how the app's own links encode values (Werkzeug's url_for)


def group_of(endpoint: str | None) -> Group | None:
    return _BY_ENDPOINT.get(endpoint or "")


def nginx_key(group: Group) -> str:
    """The query part of nginx's cache key for ``group``: its parameters' raw values in a fixed order."""
    return "&".join(f"{p}=$arg_{p}" for p in group.params)


def _spellings(value: str) -> tuple[str, str, str]:
    """The accepted spellings of a value: as the app's links write it, as a browser's form sends it, and as it
    is (a client that sends it unencoded). Three at most, so spellings cannot multiply cache entries."""
    return quote(value, safe=_SAFE), quote_plus(value, safe="*-._"), value


def canonical_query(raw: str, group: Group) -> str | None:
    """None when ``raw`` is already canonical for ``group``; else the canonical query ('' = none)."""
    allowed = set(group.params) | set(group.browser_params)
    seen: dict[str, str] = {}
    canonical = True
    for part in raw.split("&") if raw else ():
        name, _, value = part.partition("=")
        decoded = parse_qsl(part, keep_blank_values=True)
        key, text = decoded[0] if decoded else ("", "")
        if key not in allowed or key in seen or name != key or value not in _spellings(text):
            canonical = False
        if key in allowed and key not in seen:
            seen[key] = text
    return None if canonical else urlencode(list(seen.items()), safe=_SAFE)


def server_path() -> str:
    """This request's path and query without the parameters only the browser reads (a page's campaign tag):
    for URLs a page prints about itself, so the page stays the same for every tag."""
    group = group_of(request.endpoint)
    dropped = set(group.browser_params) if group else set()
    kept = [(k, v) for k, v in request.args.items(multi=True) if k not in dropped]
    return request.path + (f"?{urlencode(kept, safe=_SAFE)}" if kept else "")


def init_app(app: Flask) -> None:
    @app.before_request
    def _canonical_url():
        group = group_of(request.endpoint)
        if group is None or request.method not in ("GET", "HEAD"):
            return None
        raw = request.query_string.decode("latin-1")
        query = canonical_query(raw, group)
        if query is None:
            return None
        language_from_url_only()  # a redirect remembers no language choice: no cookie, no Vary
        response: Response = redirect(request.path + (f"?{query}" if query else ""), 301)
        response.headers["Cache-Control"] = "no-store"  # never stored under the canonical URL's key
        return response
