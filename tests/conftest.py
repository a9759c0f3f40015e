import shutil
from pathlib import Path

import pytest

from app import create_app
from tests.admin_helpers import login, make_user

ROOT = Path(__file__).resolve().parent.parent
FIXED_NOW = "2026-12-01T09:00:00+08:00"  # a Tuesday


def pytest_sessionstart(session):
    """Compile the translations when they are missing or older than their .po (a bare `pytest` on a clean clone:
    the app only reads them), and the solver's numba kernels before any test runs. The kernels take 20-40 s on a
    clean clone; paid inside the first browser test that plans, they would blow that page's load time-out."""
    from planner.solver.heuristic import warm_up
    from scripts.translations import compile_all, out_of_date

    if out_of_date():
        compile_all()
    warm_up()


@pytest.fixture
def catalog_file(tmp_path) -> Path:
    """A private copy of the bundled catalog that a test may edit."""
    target = tmp_path / "sites.yaml"
    shutil.copy(ROOT / "sites.yaml", target)
    return target


@pytest.fixture
def app(catalog_file, tmp_path):
    # A private instance folder: the admin's SQLite store and revisions never touch the real one.
    return create_app({"TESTING": True, "CATALOG_PATH": str(catalog_file), "FIXED_NOW": FIXED_NOW,
                       "INSTANCE_PATH": str(tmp_path / "instance"), "GEOCODER": "none"})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def editor(app, client):
    """A test client logged in as an editor."""
    make_user(app)
    login(client)
    return client


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
