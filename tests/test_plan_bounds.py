"""Plans are bounded per instance folder: one running per slot, a few waiting their turn, the rest told at once,
in Chinese and English, to try again in a few seconds (web/platform/heavy_work.py); and the server's first visitor gets a warm
answer (web/platform/warm_up.py)."""
import threading
import time

import pytest

from web.platform import heavy_work

TRIP = {"start": "chongqing", "date": "2026-12-05", "days": 1, "mode": "car"}


@pytest.fixture
def one_slot(app):
    app.config.update(PLAN_SLOTS=1, PLAN_QUEUE=1, PLAN_WAIT_SECONDS=5, PLAN_CACHE_SIZE=0)
    return app


def hold(app, *names):
    """Take the plan slot (and the queue place) in another thread until the returned event is set."""
    held, release = threading.Event(), threading.Event()

    def run():
        with app.app_context():
            folder = heavy_work._folder("slots")
            fds = [heavy_work._take(folder, name, 1) for name in names]
            held.set()
            release.wait(10)
            for fd in fds:
                heavy_work._give(fd)

    t = threading.Thread(target=run)
    t.start()
    held.wait(5)
    return release, t


def test_a_plan_waits_its_turn_when_the_slot_is_busy_and_a_queue_place_is_free(one_slot, client):
    release, t = hold(one_slot, "plan")
    threading.Timer(0.3, release.set).start()
    start = time.monotonic()
    r = client.post("/api/v1/plan", json=TRIP)
    t.join()
    assert r.status_code == 200 and r.get_json()["days"]
    assert time.monotonic() - start >= 0.3  # it waited for the slot rather than being turned away


def test_with_the_slot_and_the_queue_full_a_plan_is_told_at_once_to_try_again(one_slot, client):
    release, t = hold(one_slot, "plan", "plan-queue")
    try:
        start = time.monotonic()
        r = client.post("/api/v1/plan", json=TRIP, headers={"Accept-Language": "zh-CN"})
        took = time.monotonic() - start
        en = client.post("/api/v1/plan", json=TRIP, headers={"Accept-Language": "en"})
        page = client.get("/sites")
    finally:
        release.set()
        t.join()
    assert r.status_code == 503 and r.headers["Retry-After"] == "2"
    assert took < 2  # not after PLAN_WAIT_SECONDS: the worker is free again for the pages at once
    assert r.get_json()["error"] == {"code": "busy", "message": "服务器正忙，请 2 秒后再试。"}
    assert en.status_code == 503 and en.get_json()["error"]["message"] == "The server is busy: try again in 2 seconds."
    assert page.status_code == 200  # pages never wait for a plan slot
    assert client.post("/api/v1/plan", json=TRIP).status_code == 200  # and once free, plans are made again


def test_gunicorn_starts_workers_for_waiting_and_running_plans_on_top_of_the_pages_ones():
    assert heavy_work.workers(2) == 2 * 2 + 1 + 2 + 4  # pages' 2 x cores + 1, two slots, four queue places
    assert heavy_work.workers(1, plan_slots=1, plan_queue=3) == 3 + 1 + 3


def test_after_the_warm_up_the_first_plan_and_page_need_no_first_time_work(app, monkeypatch):
    from web.plan import service
    from web.platform import warm_up

    assert warm_up.warm(app) < 120
    made = []
    monkeypatch.setattr(service, "Planner", lambda *a, **k: made.append(1))  # a new planner: a cold one
    client = app.test_client()
    assert client.get("/").status_code == 200
    assert client.post("/api/v1/plan", json=TRIP).status_code == 200 and not made


def test_a_plan_is_read_planned_and_answered_at_a_lower_priority_than_the_pages(app, client, monkeypatch):
    """Not only the solver: building a plan's answer costs as much again, and at the pages' priority a burst of
    plans made every page wait (benchmarks/heavy_renders.py). The request thread itself stays at its priority."""
    import os

    from web.api import shapes
    from web.plan import view

    app.config.update(PLAN_CACHE_SIZE=0)
    seen = {}

    def priority():
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    def spy(name, original):
        def recorded(*args, **kwargs):
            seen[name] = priority()
            return original(*args, **kwargs)
        return recorded

    monkeypatch.setattr(shapes, "plan_json", spy("api answer", shapes.plan_json))
    monkeypatch.setattr("routes.planner.day_views", spy("page", view.day_views))
    own = priority()
    assert client.post("/api/v1/plan", json=TRIP).status_code == 200
    assert client.get("/plan", query_string=TRIP).status_code == 200
    assert client.get("/").status_code == 200
    assert seen == {"api answer": app.config["PLAN_NICE"], "page": app.config["PLAN_NICE"]} and own < 5
    assert priority() == own
