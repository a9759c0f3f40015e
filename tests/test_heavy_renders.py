"""Heavy renders are bounded: sizes capped, a made file shared by every process, and a burst answered 503 with
Retry-After (freeing the worker for the pages) instead of queueing while every slot is busy."""
import threading

import pytest

from app import create_app

IMAGE = "/promote/maps/tours/industrial-heritage.png"


@pytest.fixture
def one_slot(app):
    app.config.update(HEAVY_RENDER_SLOTS=1, HEAVY_RENDER_WAIT_SECONDS=0.2)
    return app


def test_an_oversized_map_image_is_refused_with_the_limit(client):
    r = client.get(IMAGE + "?w=2000&h=2000")
    assert r.status_code == 400 and "2,400,000 pixels" in r.get_data(as_text=True)
    assert client.get(IMAGE + "?w=1080&h=2000").status_code == 200


def test_while_every_slot_is_busy_a_new_file_gets_503_with_retry_after(one_slot, client):
    from web.platform import heavy_work

    held, release = threading.Event(), threading.Event()

    def hold():
        with one_slot.app_context(), heavy_work.slot():
            held.set()
            release.wait(10)

    t = threading.Thread(target=hold)
    t.start()
    try:
        held.wait(5)
        r = client.get(IMAGE + "?c=busy-test")
        assert r.status_code == 503 and r.headers["Retry-After"] == "2"
        assert client.get("/sites").status_code == 200  # pages never wait for a slot
    finally:
        release.set()
        t.join()
    assert client.get(IMAGE + "?c=busy-test").status_code == 200


def test_a_made_file_is_served_by_every_process_sharing_the_instance_folder(one_slot, client, monkeypatch):
    first = client.get(IMAGE + "?c=shared")
    assert first.status_code == 200
    other = create_app({**one_slot.config, "TESTING": True}).test_client()  # another worker: its own memory
    import routes.promote

    monkeypatch.setattr(routes.promote, "render_png", lambda *a, **k: pytest.fail("made a second time"))
    again = other.get(IMAGE + "?c=shared")
    assert again.status_code == 200 and again.data == first.data
