"""Nothing an editor saves is lost: 8 editors x 50 saves through HTTP against several server processes, and
50 kill -9 of the server in the middle of saves. These run in the default suite (marked `slow`)."""
from __future__ import annotations

import random
import re
import shutil
import threading
import time

import pytest

from catalog.loader import load_bytes, load_roundtrip, version_of
from catalog.source import read_catalog
from catalog.yamltext import dump, render
from catalog import edit
from tests.conftest import ROOT
from tests.live import Server, add_user, edit_form, session_for

EDITORS, SAVES, SITES = 8, 50, 4
# A small catalog keeps each save quick (the real one takes ~0.4 s to parse), so the runs measure the locking
# and the writes, not YAML parsing. What is tested does not depend on its content.
SMALL = ROOT / "tests" / "data" / "small_catalog.yaml"


def _catalog_with_sites(target, n):
    """The bundled catalog with at least ``n`` sites (copies of the first, under new ids)."""
    data = SMALL.read_bytes()
    doc = load_roundtrip(data)
    before = dump(doc)
    first = dict(doc["sites"][0])
    for i in range(len(doc["sites"]), n):
        doc["sites"].append(edit.to_node(dict(first, id=f"{first['id']}-copy-{i}")))
    target.write_text(render(data.decode(), before, doc), "utf-8")
    return [s.id for s in read_catalog(target).catalog.sites][:n]


def _short_en(data: bytes, site_id: str) -> str:
    site = next(s for s in load_bytes(data)["sites"] if s["id"] == site_id)
    return str(site["short"]["en"])


@pytest.mark.slow
def test_concurrent_editors_lose_nothing(tmp_path):
    """8 editors save 50 times each, two per site, through 2 server processes: every accepted save is in the
    history in a single unbroken chain, the final file holds each site's last accepted save, and every
    refused save really was stale. Prints the counts."""
    catalog = tmp_path / "sites.yaml"
    sites = _catalog_with_sites(catalog, SITES)
    instance = tmp_path / "instance"
    servers = [Server(catalog, instance).start() for _ in range(2)]  # two long-lived worker processes
    try:
        for i in range(EDITORS):
            add_user(instance, f"editor{i}")
        sessions = [session_for(servers[i % 2], f"editor{i}") for i in range(EDITORS)]
        results: list[tuple[int, int, str, int, str]] = []  # editor, save, site, status, base version
        lock = threading.Lock()

        def work(i: int) -> None:
            s, site, server = sessions[i], sites[i % SITES], servers[i % 2]
            for j in range(SAVES):
                form = edit_form(s, server, site)
                form["short.en"] = f"editor {i} save {j}"
                r = s.post(f"{server.url}/admin/sites/{site}", data=form, allow_redirects=False, timeout=60)
                with lock:
                    results.append((i, j, site, r.status_code, form["base_version"]))

        threads = [threading.Thread(target=work, args=(i,)) for i in range(EDITORS)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
    finally:
        for server in servers:
            server.stop()

    from storage import db
    from storage.revisions import RevisionLog

    conn = db.connect(instance / "wusheng.sqlite3")
    log = RevisionLog(conn, instance / "revisions")
    chain = [r for r in reversed(log.recent(10_000)) if r.author.startswith("editor")]
    accepted = [r for r in results if r[3] == 303]
    refused = [r for r in results if r[3] == 409]
    other = [r for r in results if r[3] not in (303, 409)]
    # An unbroken chain: each save started from the version the previous save wrote.
    breaks = sum(1 for a, b in zip(chain, chain[1:]) if b.parent != a.version)
    # Every accepted save is a revision whose file holds its text.
    texts = {(_short_en(log.data(r.version), s)) for r in chain for s in sites}
    missing = [r for r in accepted if f"editor {r[0]} save {r[1]}" not in texts]
    # The final file holds, for each site, the text of the last save in the chain that touched it.
    final = catalog.read_bytes()
    last_rev = {}
    for r in chain:
        for s in sites:
            last_rev[s] = _short_en(log.data(r.version), s)
    wrong_final = [s for s in sites if _short_en(final, s) != last_rev.get(s, _short_en(final, s))]
    # A refused save was stale: the file had already moved on from the version it started from.
    parents = {r.parent for r in chain}
    wrongly_refused = [r for r in refused if r[4] not in parents]
    lost = len(missing) + breaks + len(wrong_final)
    print(f"\n[no-lost-edits] {EDITORS} editors x {SAVES} saves = {len(results)} attempts in {elapsed:.1f}s: "
          f"{len(accepted)} accepted, {len(refused)} refused as stale, {len(other)} other; revisions in chain "
          f"{len(chain)}; lost updates {lost}; wrongly refused {len(wrongly_refused)}")
    assert len(results) == EDITORS * SAVES
    assert not other
    assert len(chain) == len(accepted) and accepted and refused
    assert lost == 0 and not wrongly_refused
    assert version_of(final) == chain[-1].version


@pytest.mark.slow
def test_kill_9_during_saves_never_corrupts(tmp_path):
    """50 times: saves are running, the server gets kill -9 at a random moment; the file always parses and
    equals one of the recorded revisions (or the original). Prints the counts."""
    catalog = tmp_path / "sites.yaml"
    shutil.copy(SMALL, catalog)
    original = version_of(catalog.read_bytes())
    instance = tmp_path / "instance"
    server = Server(catalog, instance).start()
    add_user(instance, "editor0")
    session = session_for(server, "editor0")  # server-side sessions survive restarts
    site = read_catalog(catalog).catalog.sites[0].id
    rng = random.Random(5)
    corrupt = unknown = saves = mid_save = 0
    stop = threading.Event()
    posting = threading.Event()  # set while a save request is on the wire

    def saver():
        nonlocal saves
        n = 0
        while not stop.is_set():
            try:
                form = edit_form(session, server, site)
                n += 1
                form["description.en"] = f"save {n} " + "long text " * rng.randint(1, 400)
                posting.set()
                if session.post(f"{server.url}/admin/sites/{site}", data=form, allow_redirects=False,
                                timeout=10).status_code == 303:
                    saves += 1
            except Exception:  # the server was killed mid-request
                time.sleep(0.01)
            finally:
                posting.clear()

    try:
        for _ in range(50):
            stop.clear()
            t = threading.Thread(target=saver)
            t.start()
            time.sleep(rng.uniform(0.2, 0.6))
            mid_save += posting.is_set()
            server.kill()
            stop.set()
            t.join()
            try:
                version = version_of(catalog.read_bytes())
                read_catalog(catalog)
            except Exception:
                corrupt += 1
                continue
            known = {p.stem for p in (instance / "revisions").glob("*.yaml")} | {original}
            unknown += version not in known
            server = Server(catalog, instance).start()  # cookies are per host, not port: the session carries over
    finally:
        server.stop()
    leftovers = len(list(tmp_path.glob(".sites.yaml.*.tmp")))
    print(f"\n[kill-9] 50 kills ({mid_save} with a save request in flight), {saves} saves completed: "
          f"{corrupt} corrupt files, {unknown} files not equal "
          f"to a revision; {leftovers} temporary files left behind (harmless, never read)")
    assert corrupt == 0 and unknown == 0 and saves > 0 and mid_save >= 10  # save throughput: benchmarks.save_latency

