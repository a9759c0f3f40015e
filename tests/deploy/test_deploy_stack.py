"""The deployment recipe with real processes on loopback (deploy/local.py): nginx from Debian as a caching reverse
proxy, two public gunicorn instances and one admin instance sharing one catalog file and one instance folder.

An admin edit (real login, CSRF token, save) shows on both public instances and through the proxy; with one public
instance killed (kill -9 of its master and workers) in the middle of a burst, nginx serves every page and embed.
Figures are printed (`pytest -s`), not asserted: the machine is shared.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from tests.admin_helpers import CSRF, PASSWORD, form_values
from tests.conftest import ROOT
from tests.deploy.waiting import seen_after

pytestmark = pytest.mark.slow
if not os.path.exists("/usr/sbin/nginx"):
    pytest.skip("Debian's nginx is not installed (make test installs it: scripts/ensure-system-deps.sh)",
                allow_module_level=True)

from deploy.local import stack  # noqa: E402  (after the skip: nothing to start without nginx)

ADMIN_USER = "deploy-admin"
SEEN_DEADLINE = 5.0  # a save that is not visible by then did not propagate; the measured time is printed


def catalog_ids() -> tuple[list[str], list[str]]:
    from catalog.source import read_catalog

    catalog = read_catalog(ROOT / "sites.yaml").catalog
    return [s.id for s in catalog.published_sites], [t.id for t in catalog.published_tours]


def embed_paths() -> list[str]:
    """Embed pages (issue 6), when this checkout has them."""
    from app import create_app

    rules = {r.rule for r in create_app({"TESTING": True}).url_map.iter_rules()}
    if not any(rule.startswith("/embed/") for rule in rules):
        return []
    sites, tours = catalog_ids()
    return ["/embed/map", f"/embed/sites/{sites[0]}", f"/embed/tours/{tours[0]}", "/embed/map?lang=en"]


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("deploy")
    with stack(folder, public=2, workers=2) as s:
        env = {**os.environ, "WUSHENG_INSTANCE_PATH": str(s.instance), "WUSHENG_CATALOG_PATH": str(s.catalog)}
        subprocess.run([sys.executable, "-m", "flask", "--app", "app", "users", "create", ADMIN_USER, "--role",
                        "admin", "--password-stdin"], input=PASSWORD + "\n", text=True, env=env, cwd=ROOT,
                       check=True, capture_output=True)
        yield s


def test_only_the_admin_instance_serves_the_admin(deployed):
    """/admin (and /promote) through nginx reach the admin instance, uncached and uncompressed; public instances
    have neither."""
    for p in deployed.public:
        assert requests.get(p.url + "/admin/login", timeout=10).status_code == 404
        assert requests.get(p.url + "/promote", timeout=10).status_code == 404
    # The staff's snippet builder is routed to the admin instance (which asks for a login)
    assert requests.get(deployed.url + "/promote", allow_redirects=False, timeout=10).status_code in (302, 303)
    r = requests.get(deployed.url + "/admin/login", headers={"Accept-Encoding": "gzip"}, timeout=10)
    assert r.status_code == 200 and CSRF.search(r.text)
    assert r.headers["Cache-Control"] == "no-store"
    assert "Content-Encoding" not in r.headers and "X-Cache-Status" not in r.headers


def test_pages_are_cached_without_mixing_languages(deployed):
    """Repeated visits are answered from nginx's cache; the language cookie and Accept-Language still decide."""
    statuses = []
    for _ in range(6):  # the cache keeps a page to the end of its second: some of these pairs must hit
        statuses.append(requests.get(deployed.url + "/sites", timeout=10).headers["X-Cache-Status"])
    assert "HIT" in statuses, statuses
    english = requests.get(deployed.url + "/sites", cookies={"lang": "en"}, timeout=10)
    chinese = requests.get(deployed.url + "/sites", timeout=10)
    by_header = requests.get(deployed.url + "/sites", headers={"Accept-Language": "en-GB,en;q=0.8"}, timeout=10)
    assert '<html lang="en">' in english.text and '<html lang="en">' in by_header.text
    assert '<html lang="zh-Hans">' in chinese.text


def test_made_up_parameters_campaign_tags_and_languages_cannot_force_a_render(deployed):
    """A campaign tag, a made-up parameter, a made-up Accept-Language or cookie on a page gets the cached copy
    (or, on a miss, a cheap redirect to the canonical URL): never a page rendered anew for it."""
    rendered, hits = [], 0
    for _ in range(5):
        requests.get(deployed.url + "/sites", headers={"Accept-Language": "en"}, timeout=10)  # the cached copy
        for variant in (f"/sites?c=t{uuid.uuid4().hex[:8]}&m=qr", f"/sites?x={uuid.uuid4().hex}"):
            r = requests.get(deployed.url + variant, headers={"Accept-Language": "en"}, allow_redirects=False,
                             timeout=10)
            hits += r.headers.get("X-Cache-Status") == "HIT"
            if r.status_code == 200 and r.headers.get("X-Cache-Status") != "HIT":
                rendered.append(variant)
        r = requests.get(deployed.url + "/sites", timeout=10, cookies={"other": uuid.uuid4().hex},
                         headers={"Accept-Language": f"en-{uuid.uuid4().hex[:8]},fr;q=0.5"})
        assert '<html lang="en">' in r.text
        hits += r.headers.get("X-Cache-Status") == "HIT"
    assert rendered == [] and hits > 0
    embed = embed_paths()[:1]
    for path in embed:
        requests.get(deployed.url + path, timeout=10)
        statuses = {requests.get(deployed.url + f"{path}?junk={i}", allow_redirects=False, timeout=10)
                    .headers.get("X-Cache-Status") for i in range(5)}
        assert statuses == {"HIT"}, statuses


def test_gzip_for_those_who_ask_and_plain_for_the_others(deployed):
    """The cache keeps the app's gzip copy; a client that cannot take gzip gets it unzipped by nginx."""
    zipped = requests.get(deployed.url + "/", headers={"Accept-Encoding": "gzip"}, stream=True, timeout=10)
    plain = requests.get(deployed.url + "/", headers={"Accept-Encoding": "identity"}, stream=True, timeout=10)
    assert zipped.headers.get("Content-Encoding") == "gzip"
    assert "Content-Encoding" not in plain.headers and plain.raw.read().startswith(b"<!doctype html>")


def test_static_files_come_from_nginx_with_long_expiry(deployed):
    """Versioned assets a year, others an hour, served from disk by nginx (no app header on them)."""
    home = requests.get(deployed.url + "/", timeout=10).text
    versioned = re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]+)"', home).group(1)
    vendor = re.search(r'src="(/static/vendor/[^"]+\.js)"', home).group(1)
    for path, max_age in ((versioned, 31536000), (vendor, 31536000), ("/static/img/favicon.svg", 3600)):
        r = requests.get(deployed.url + path, timeout=10)
        assert r.status_code == 200 and f"max-age={max_age}" in r.headers["Cache-Control"], path
        assert "Content-Security-Policy" not in r.headers  # the app puts it on what it serves itself


def _log_in(base: str) -> requests.Session:
    s = requests.Session()
    token = CSRF.search(s.get(base + "/admin/login", timeout=10).text).group(1)
    r = s.post(base + "/admin/login", data={"csrf_token": token, "name": ADMIN_USER, "password": PASSWORD},
               allow_redirects=False, timeout=10)
    assert r.status_code == 303, r.status_code
    return s



def save_summary(url: str, label: str) -> tuple[str, str, float]:
    """Log in at ``url`` and save a new English summary on the first site: (site id, the summary, when saved)."""
    site = catalog_ids()[0][0]
    session = _log_in(url)
    form = form_values(session.get(f"{url}/admin/sites/{site}", timeout=10).text)
    marker = f"{label} {uuid.uuid4().hex[:8]}"
    form["short.en"] = marker
    r = session.post(f"{url}/admin/sites/{site}", data=form, allow_redirects=False, timeout=30)
    saved = time.monotonic()
    assert r.status_code == 303, r.text[:500]
    return site, marker, saved


def test_an_admin_save_shows_on_every_public_instance(deployed):
    """Log in through nginx, save a site's English summary, and time until each public instance (every worker)
    and the proxy's cache show it."""
    site, marker, saved = save_summary(deployed.url, "Deploy test")
    targets = {p.name: p.url for p in deployed.public} | {"nginx cache": deployed.url}
    seen = {name: seen_after(f"{url}/sites/{site}", marker, saved, SEEN_DEADLINE) for name, url in targets.items()}
    print("\n[deploy] save visible after: " + ", ".join(
        f"{name} {t * 1000:.0f} ms" if t is not None else f"{name} NOT SEEN" for name, t in seen.items()))
    assert all(t is not None for t in seen.values()), seen
    for p in deployed.public:  # every worker: 2 each, and each request lands on whichever accepts first
        pages = [requests.get(f"{p.url}/sites/{site}", headers={"Accept-Language": "en"}, timeout=10).text
                 for _ in range(12)]
        assert all(marker in page for page in pages), p.name


def _burst(base: str, paths: list[str], n: int, on_half) -> list[tuple[str, int | str]]:
    """``n`` GETs over ``paths`` from 8 threads; every other one has its own Accept-Language so it misses the
    cache and really goes to an instance. ``on_half`` runs once half have been sent."""
    def one(i: int) -> tuple[str, int | str]:
        if i == n // 2:
            on_half()
        path = paths[i % len(paths)]
        headers = {"Accept-Language": f"zh-CN, x-burst-{i};q=0.1"} if i % 2 else {}
        try:
            return path, requests.get(base + path, headers=headers, timeout=30).status_code
        except requests.RequestException as exc:
            return path, type(exc).__name__

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(one, range(n)))


@pytest.fixture(scope="module")
def burst_with_a_killed_instance(deployed):
    """400 requests over pages and embeds; public1 is kill -9'd halfway."""
    sites, tours = catalog_ids()
    pages = ["/", "/sites", f"/sites/{sites[0]}", f"/sites/{sites[-1]}", f"/tours/{tours[0]}", "/?lang=en"]
    embeds = embed_paths()
    dead = deployed.public[0]
    log = deployed.folder / "nginx" / "access.log"
    log_start = log.stat().st_size
    started = time.monotonic()
    results = _burst(deployed.url, pages + embeds, 400, lambda: dead.kill(hard=True))
    elapsed = time.monotonic() - started
    lines = log.read_text()[log_start:].splitlines()
    failovers = sum(1 for line in lines if re.search(rf"upstream={re.escape(dead.address)}, ", line))
    assert dead.proc.poll() is not None  # it really died
    return {"results": results, "pages": pages, "embeds": embeds, "failovers": failovers, "elapsed": elapsed}


def _listed(errors: list) -> str:
    return f" {errors}" if errors else ""


def _errors(burst: dict, paths: list[str]) -> tuple[int, list]:
    mine = [(p, status) for p, status in burst["results"] if p in paths]
    return len(mine), [(p, status) for p, status in mine if status != 200]


def test_pages_survive_a_killed_instance(burst_with_a_killed_instance):
    """Every page request of the burst is answered 200, and nginx really did pass requests on from the dead
    instance to the live one."""
    burst = burst_with_a_killed_instance
    total, errors = _errors(burst, burst["pages"])
    print(f"\n[deploy] {len(burst['results'])} requests in {burst['elapsed']:.1f} s, public1 kill -9'd halfway: "
          f"{total} page requests, {len(errors)} errors{_listed(errors)}; {burst['failovers']} passed on from the dead "
          "instance")
    assert errors == []
    assert burst["failovers"] >= 1


def test_embeds_survive_a_killed_instance(burst_with_a_killed_instance):
    burst = burst_with_a_killed_instance
    assert burst["embeds"], "the burst sent no /embed/ request: embeds are not exercised"
    total, errors = _errors(burst, burst["embeds"])
    print(f"\n[deploy] {total} embed requests with public1 killed halfway: {len(errors)} errors{_listed(errors)}")
    assert total > 0 and errors == []
