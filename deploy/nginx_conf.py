"""Render the nginx configuration of deploy/README.md.

    python -m deploy.nginx_conf --public 127.0.0.1:8001 --public 127.0.0.1:8002 --admin 127.0.0.1:8010 \\
        > /etc/nginx/conf.d/wusheng.conf                    # the site, for Debian's nginx
    python -m deploy.nginx_conf ... --standalone /tmp/wusheng-nginx --listen 127.0.0.1:8080
        # a complete nginx.conf in that folder, run as yourself:
        # nginx -p /tmp/wusheng-nginx -c /tmp/wusheng-nginx/nginx.conf -e /tmp/wusheng-nginx/error.log
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

HERE = Path(__file__).resolve().parent
# Per client address (nginx limit_req rates and bursts), and heavy renders at once for the whole deployment.
# Generous for the planner: visitors behind one carrier-grade NAT share an address.
LIMITS = {"api": "2r/s", "api_burst": 60, "planner": "10r/s", "planner_burst": 50, "login": "10r/m",
          "login_burst": 5, "heavy": 4}
STATIC_DIR = HERE.parent / "static"
MIME_TYPES = "/etc/nginx/mime.types"  # Debian's nginx-common


def _env() -> Environment:
    # Plain text, not HTML: nothing is escaped; a missing value is an error, not an empty string.
    return Environment(loader=FileSystemLoader(HERE / "nginx"), undefined=StrictUndefined, keep_trailing_newline=True,
                       autoescape=False)


def site(public: list[str], admin: str, *, listen: str = "80", server_name: str = "_",
         static_dir: Path = STATIC_DIR, cache_dir: str = "/var/cache/nginx/wusheng",
         access_log: str = "/var/log/nginx/wusheng-access.log", limits: dict | None = None) -> str:
    """The http-context configuration: cache, upstreams and the server."""
    if not public:
        raise ValueError("at least one public instance is needed")
    from web.platform.canonical_query import GROUPS, nginx_key

    return _env().get_template("wusheng.conf.j2").render(
        public=public, admin=admin, listen=listen, server_name=server_name, static_dir=str(static_dir).rstrip("/"),
        cache_dir=cache_dir, access_log=access_log, limits={**LIMITS, **(limits or {})},
        paths={g.name: g.nginx_path for g in GROUPS}, keys={g.name: nginx_key(g) for g in GROUPS})


def standalone(prefix: Path, public: list[str], admin: str, *, listen: str, worker_processes: int = 1,
               limits: dict | None = None) -> Path:
    """A complete nginx.conf under ``prefix`` (created with its temp folders) that keeps everything there."""
    for sub in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi", "cache"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    text = _env().get_template("standalone.conf.j2").render(
        prefix=str(prefix), worker_processes=worker_processes, mime_types=MIME_TYPES,
        user=getpass.getuser() if os.geteuid() == 0 else "",
        site=site(public, admin, listen=listen, cache_dir=str(prefix / "cache"),
                  access_log=str(prefix / "access.log"), limits=limits))
    conf = prefix / "nginx.conf"
    conf.write_text(text, encoding="utf-8")
    return conf


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--public", action="append", required=True, metavar="HOST:PORT",
                    help="a public app instance (repeat for each)")
    ap.add_argument("--admin", required=True, metavar="HOST:PORT", help="the admin instance")
    ap.add_argument("--listen", default="80", help="nginx's listen address (default 80)")
    ap.add_argument("--server-name", default="_")
    ap.add_argument("--cache-dir", default="/var/cache/nginx/wusheng")
    ap.add_argument("--standalone", type=Path, metavar="PREFIX",
                    help="write PREFIX/nginx.conf, a complete configuration kept inside PREFIX, instead")
    a = ap.parse_args(argv)
    if a.standalone:
        print(standalone(a.standalone.resolve(), a.public, a.admin, listen=a.listen))
    else:
        sys.stdout.write(site(a.public, a.admin, listen=a.listen, server_name=a.server_name, cache_dir=a.cache_dir))


if __name__ == "__main__":
    main()
