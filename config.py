"""Every setting, with its default and a line of help. Override with WUSHENG_<NAME> environment variables."""
from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("SECRET_KEY", None, "Signs sessions and CSRF tokens. Set a long random value in production; "
            "without one, a random key is made once and kept in INSTANCE_PATH/secret_key, so every worker "
            "process shares it."),
    Setting("CATALOG_PATH", str(ROOT / "sites.yaml"), "The YAML catalog of sites, tours and start points."),
    Setting("CATALOG_URL", "", "Public instances on other machines: the admin instance's catalog feed, e.g. "
            "http://10.0.0.5:8010/internal/catalog. Set, the catalog comes from there (checked every "
            "CATALOG_POLL_SECONDS, switched only to a valid catalog) and the last good copy is kept in "
            "INSTANCE_PATH/catalog-copy.yaml, so the instance starts and serves while the admin is down; "
            "CATALOG_PATH is not read. Empty = read CATALOG_PATH (one machine)."),
    Setting("CATALOG_FEED_TOKEN", "", "Shared secret between the admin instance and the public instances for "
            "the catalog feed (/internal/catalog): the admin serves the feed only to requests that carry it, "
            "and the public instances send it. Empty on the admin = no feed (404)."),
    Setting("CATALOG_POLL_SECONDS", 0.5, "With CATALOG_URL: how often each public instance (one of its workers "
            "at a time) asks the admin whether the catalog changed (a 304 of a few milliseconds when not), so a "
            "save shows everywhere within about this time and the time to read the new catalog."),
    Setting("COMPRESS_ALGORITHM", "gzip", "Response compression (Flask-Compress): gzip suits every phone browser; "
            "'br' or a list such as ['br', 'gzip'] also works."),
    Setting("HTTPS", "auto", "auto: Secure cookies and HSTS when a request arrives over HTTPS (behind a proxy, with "
            "PROXY_FIX); always: as if every request did; off: never (a plain-HTTP intranet)."),
    Setting("HSTS_SECONDS", 31536000, "Strict-Transport-Security max-age sent over HTTPS; 0 sends none."),
    Setting("SITE_URL", "", "Public base URL (https://trails.example.cn) used in QR codes, feeds and oEmbed; "
            "empty = the request's own host."),
    # -- promotion: embeds, oEmbed, QR codes, flyers, map images, channel counts (/promote) -----------------
    Setting("EMBED_ORIGINS", "*", "Sites allowed to show the embeds (/embed/...) in an iframe: '*' = any site, or "
            "origins separated by commas (https://partner.example.com, https://*.example.org). Sent as CSP "
            "frame-ancestors; our own pages (the /promote preview) may always frame them. Every other page is "
            "never frameable."),
    Setting("EMBED_MAX_AGE", 300, "Seconds browsers, proxies and CDNs may reuse an embed, oEmbed answer, QR code or "
            "map image before asking again; the question is then a cheap 304 (ETag and Last-Modified follow the "
            "catalog version)."),
    Setting("CHANNEL_COUNTING", True, "Count embed views, visits through a campaign link or QR code, and flyer "
            "downloads, per campaign and day (no address, cookie or user agent is stored). Off = nothing counted."),
    Setting("CHANNEL_FLUSH_SECONDS", 10.0, "Counts wait in memory and are written to the database together, at most "
            "this often (a crash loses at most this many seconds of counts; a locked or read-only database just "
            "keeps them for the next try)."),
    Setting("CHANNEL_MAX_CAMPAIGNS_PER_DAY", 500, "Distinct campaign tags counted per day and process; further new "
            "tags count under '(other)', so made-up tags cannot fill the database."),
    Setting("PROMOTE_CJK_FONT", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "Font with Chinese glyphs "
            "(TrueType or a .ttc collection: Debian's fonts-wqy-microhei, which `make run` installs) embedded in "
            "flyers and drawn in map images. While it is missing, flyers and map images are refused with a message "
            "(503, and a notice on /promote) instead of printing boxes; it is checked on every request, so "
            "installing it needs no restart."),
    Setting("PROMOTE_CJK_FONT_INDEX", 0, "Which font of the collection PROMOTE_CJK_FONT to use (0 = WenQuanYi Micro "
            "Hei)."),
    Setting("PROMOTE_CACHE_SIZE", 48, "Flyers, map images and QR codes kept per process (they are rebuilt when the "
            "catalog changes)."),
    Setting("HEAVY_RENDER_SLOTS", 0, "Map images, flyers and large QR codes made at once by all the worker processes "
            "and instances sharing one INSTANCE_PATH; 0 = half the CPU cores (at least 1). Made files are kept in "
            "INSTANCE_PATH/renders for every process to serve."),
    Setting("HEAVY_RENDER_WAIT_SECONDS", 0.0, "How long a request for a file not made yet waits for a free slot "
            "(HEAVY_RENDER_SLOTS) before it is answered 503 with Retry-After. A waiting request holds a worker that "
            "pages need: 0 answers at once."),
    Setting("HEAVY_RENDER_NICE", 10, "CPU niceness (1-19) of the child process that makes a map image, flyer or "
            "large QR code, so pages get the cores first while it runs; 0 = make it in the worker itself."),
    Setting("PLAN_MUST_MAX", 8, "Most must-visit places one trip may name (more is refused with a message): "
            "finding which of many must-visits cannot fit together takes seconds (12: about 1 s, 18: 17 s), 8 a "
            "tenth of a second. 0 = no limit."),
    Setting("PLAN_SLOTS", 0, "Plans computed at once by all the worker processes and instances sharing one "
            "INSTANCE_PATH (plans already made are served from the plan cache without one); 0 = one per CPU core the "
            "instance may use."),
    Setting("PLAN_QUEUE", 0, "Plans that may wait for a slot at once (each holds a worker while it waits); any more "
            "are answered 503 \"busy, try again\" at once; 0 = twice PLAN_SLOTS."),
    Setting("PLAN_WAIT_SECONDS", 0.5, "How long a waiting plan (PLAN_QUEUE) waits for a free slot before it is "
            "answered 503 with Retry-After."),
    Setting("PLAN_NICE", 5, "CPU niceness (1-19) of the thread that computes plans in each worker, so pages get the "
            "cores first while plans run; 0 = plan in the request's own thread at normal priority."),
    Setting("PLAN_CACHE_SIZE", 64, "Planned trips kept per process (by catalog version, request and minute), so a "
            "plan's exports, QR code and day sheet right after the page cost no second solve."),
    Setting("PLAN_EXACT_SECONDS", 2.0, "Safety limit of the exact optimiser per web request (a day trip is proven in "
            "well under it); past it, the seeded search below decides."),
    Setting("PLAN_EXACT_MULTI_DAY_MAX", 10, "Trips of several days that PLAN_EXACT_DAYS does not take (it is off, or "
            "the trip is too large for it) use the branch-and-bound optimiser up to this many candidate sites, the "
            "seeded search beyond (proofs take seconds there; the search is within a few percent)."),
    Setting("PLAN_EXACT_DAYS", True, "Trips of 2-3 days over at most 20 candidates get a proven best plan from the "
            "set-combination solver (median 23 ms, up to about 0.1 s for 3 days). Off: the seeded search below, "
            "about as fast, within about 1 percent of the best on average."),
    Setting("ROUTING_URL", "", "Base URL of a road-routing service for travel times (an OSRM-compatible /table/v1 "
            "API, or Valhalla: see ROUTING_ENGINE and deploy/router.py); empty = the road model's estimates. When it "
            "fails, plans use the estimates and say so."),
    Setting("ROUTING_ENGINE", "osrm", "The API ROUTING_URL speaks: \"osrm\" (/table/v1) or \"valhalla\" "
            "(/sources_to_targets, the router deploy/router.py builds and starts)."),
    Setting("ROUTING_TIMEOUT_SECONDS", 1.5, "Time-out of one request to the routing service: with the service down or "
            "stuck, a plan falls back to the road model within 2 s."),
    Setting("PLAN_SEARCH_ITERATIONS", 400, "Fixed work of the seeded search: the same request gives the same plan "
            "(about 30 ms for a 2-day trip on 17 sites)."),
    Setting("PLAN_EXPLAIN_DISPLACE_MAX", 10, "For this many of the best sites left out, the page names what each would "
            "push out of the plan (about 0.1 ms a site with the compiled search); the others say there is no room as "
            "planned. A cap for very large catalogs."),
    Setting("API_CORS_ORIGINS", "*", "Origins allowed to read the API's GET endpoints from a browser, comma-separated; "
            "* = any. POST /api/v1/plan is never cross-origin."),
    Setting("API_MAX_BODY_BYTES", 16384, "Largest request body the API reads; larger bodies get 413."),
    Setting("API_PLAN_RATE_PER_MINUTE", 120, "POST /api/v1/plan requests per client address and minute, counted "
            "for all the worker processes and instances sharing one INSTANCE_PATH (INSTANCE_PATH/limits.sqlite3), "
            "or one DATABASE_URL (instances on several machines); 429 beyond, with Retry-After; 0 = no limit (load "
            "tests). The recipe's nginx limits the API, the planner and login per address too (deploy/README.md)."),
    # -- the admin: accounts, sessions, storage ---------------------------------------------------------------
    Setting("INSTANCE_PATH", "", "Folder for the embedded database and catalog revisions; empty = ./instance "
            "beside app.py. Created on first use; back it up with sites.yaml."),
    Setting("DATABASE_PATH", "", "The SQLite file (users, sessions, login throttling, revisions, audit log); "
            "empty = INSTANCE_PATH/wusheng.sqlite3."),
    Setting("DATABASE_URL", "", "PostgreSQL for what several machines write: channel counts and the API's "
            "rate limit (e.g. postgresql://wusheng:PASSWORD@10.0.0.6/wusheng). Set it on every instance, admin "
            "included (its channel report reads the counts there). Empty = the SQLite file (DATABASE_PATH) and "
            "INSTANCE_PATH/limits.sqlite3 (one machine). Users, sessions and revisions stay in SQLite on the admin."),
    Setting("REVISIONS_PATH", "", "Folder holding the full YAML of every saved catalog revision; "
            "empty = INSTANCE_PATH/revisions."),
    Setting("PHOTOS_PATH", "", "Folder of uploaded photos (each resized once, under its content hash); empty = "
            "INSTANCE_PATH/photos. Public instances serve /photos/ from it: give them the admin instance's folder "
            "(shared or synced). Back it up with sites.yaml."),
    Setting("SESSION_COOKIE_SECURE", False, "Send the admin session cookie only over HTTPS. Turn on when served "
            "over HTTPS; leave off on a plain-HTTP intranet (the browser would drop the cookie)."),
    Setting("SESSION_IDLE_MINUTES", 30, "An admin session ends after this many minutes without a request."),
    Setting("SESSION_ABSOLUTE_HOURS", 12, "An admin session ends this many hours after login, active or not."),
    Setting("PASSWORD_MIN_LENGTH", 12, "Shortest password `flask users` accepts (common passwords are refused "
            "whatever their length)."),
    Setting("LOGIN_ADDRESS_FREE_FAILURES", 5, "Failed logins from one address before it must wait "
            "(1 s, doubling to at most an hour); a successful login from it clears the count."),
    Setting("LOGIN_ACCOUNT_FREE_FAILURES", 10, "Failed logins for one account, from any address, before it must "
            "wait (1 s, doubling to at most LOGIN_ACCOUNT_MAX_WAIT); addresses that logged in to it before are "
            "exempt, so an attacker cannot lock its owner out."),
    Setting("LOGIN_ACCOUNT_MAX_WAIT", 300, "Longest wait, in seconds, that failures can impose on one account."),
    Setting("PROXY_FIX_HOPS", 1, "With PROXY_FIX: how many reverse proxies are in front of the app, each adding "
            "the address it got to X-Forwarded-For (1: nginx alone; 2: a CDN or load balancer, then nginx). The "
            "client address is the one the farthest trusted proxy saw; more than the real number lets a client "
            "choose its own address (and escape the limits)."),
    Setting("PROXY_FIX", False, "Trust one reverse proxy's X-Forwarded-For/-Proto (for login throttling by "
            "address and Secure cookies). Only turn on behind a proxy that sets them."),
    # -- geocoding (admin only; never in public request handling) --------------------------------------------
    Setting("GEOCODER", "nominatim", "Online geocoding service behind the offline gazetteer: 'nominatim' or "
            "'none' (gazetteer only)."),
    Setting("GEOCODER_DOMAIN", "nominatim.openstreetmap.org", "Host (and :port) of the Nominatim service."),
    Setting("GEOCODER_SCHEME", "https", "http or https for the geocoding service."),
    Setting("GEOCODER_USER_AGENT", "wusheng-industrial-trails/1.0 (tourism bureau admin)", "User agent sent to "
            "the geocoding service (Nominatim refuses requests without one)."),
    Setting("GEOCODER_TIMEOUT", 2.0, "Seconds to wait for the geocoding service; the editor says "
            "\"unavailable\" instead of waiting longer."),
    Setting("GEOCODER_MIN_DELAY", 1.0, "Seconds between two requests to the geocoding service (Nominatim's "
            "policy: at most one a second)."),
    # -- serving: gunicorn (gunicorn.conf.py), the reverse proxy, HTTPS (docs/deploy.md) ----------------------
    Setting("BIND", "127.0.0.1:8000", "Address gunicorn listens on (`make serve`); several separated by commas. "
            "Keep it on loopback behind the reverse proxy."),
    Setting("WARM_UP", True, "Before gunicorn's workers start, make a few throwaway pages and plans in the master, "
            "so the first visitor of each worker does not wait for what every process does once."),
    Setting("WORKERS", 0, "gunicorn worker processes; 0 = 2 x CPU cores + 1 for pages, plus PLAN_SLOTS + PLAN_QUEUE "
            "for plans (cores: those the instance may use). Each is a separate process with its "
            "own copy of the catalog, re-read when the file changes."),
    Setting("ADMIN", True, "Serve the catalog admin (/admin) from this instance. Turn it off on the public "
            "instances behind the proxy, so only the admin instance can write the catalog."),
    Setting("PAGE_CACHE_SECONDS", 1, "How long a shared cache (the nginx proxy, a CDN) may answer a public page "
            "without asking the app (Cache-Control s-maxage; nginx also gets X-Accel-Expires so it keeps the page "
            "strictly less than this), so a saved edit shows within this time through the cache. 0 = not cached."),
)


# The basemaps' settings (web/maps/basemaps.py reads them): loaded and documented with the others.
MAP_SETTINGS: tuple[Setting, ...] = (
    Setting("MAP_BASEMAP", "", "Default basemap: amap, tianditu or osm; empty = tianditu when TIANDITU_KEY is set, "
            "else amap (both load well in mainland China)."),
    Setting("MAP_BASEMAPS", "osm,amap,tianditu",
            "Basemaps a request may choose with ?basemap=, comma-separated; tianditu is skipped without TIANDITU_KEY."),
    Setting("TIANDITU_KEY", "", "Tianditu (天地图) browser key, `tk`; required for the tianditu basemap."),
    Setting("TIANDITU_REVIEW_NUMBER", "", "审图号 shown in the Tianditu attribution, e.g. GS(2024)0000号."),
    Setting("AMAP_REVIEW_NUMBER", "", "审图号 shown in the AMap attribution."),
    Setting("MAP_OSM_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "OpenStreetMap tile template; point it at a tile cache or mirror for heavy use."),
    Setting("MAP_TILE_URL_OVERRIDE", "",
            "Tests only: send every basemap's tiles to this template (e.g. /__stub_tiles__/{z}/{x}/{y}.png)."),
)
SETTINGS += MAP_SETTINGS


def value(name: str) -> object:
    """A setting's value outside the app (gunicorn.conf.py): WUSHENG_<NAME> when set, else the default."""
    return _from_env(next(s for s in SETTINGS if s.name == name))


def _from_env(s: Setting) -> object:
    raw = os.environ.get(f"WUSHENG_{s.name}")
    return _coerce(raw, s.default) if raw is not None else s.default


def all_settings() -> tuple[Setting, ...]:
    """Every documented setting."""
    return SETTINGS


def _coerce(raw: str, default: object) -> object:
    if isinstance(default, bool):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, (list, tuple, dict)):
        return json.loads(raw)
    return raw


def load(app: Flask, test_config: dict | None) -> None:
    for s in SETTINGS:
        app.config[s.name] = _from_env(s)
    if test_config:
        app.config.update(test_config)
    if app.config.get("INSTANCE_PATH"):
        app.instance_path = str(Path(app.config["INSTANCE_PATH"]).resolve())
    app.config["INSTANCE_PATH"] = app.instance_path
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))


def _instance_secret(folder: Path) -> str:
    """One random key per instance folder, shared by all worker processes (CSRF tokens are signed with it)."""
    path = folder / "secret_key"
    try:
        return path.read_text("ascii").strip()
    except FileNotFoundError:
        pass
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".secret_key.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_hex(32))
        fh.flush()
        os.fsync(fh.fileno())
    try:
        os.link(tmp, path)  # fails if another process won the race: then everyone uses the winner's key
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)
    return path.read_text("ascii").strip()
