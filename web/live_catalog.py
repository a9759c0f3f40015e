"""The app's catalog: loaded at start-up (a broken file stops start-up), re-read when the file changes."""
from __future__ import annotations

import sys

from flask import Flask, current_app

from catalog.model import Catalog
from catalog.problems import CatalogError
from catalog.source import CatalogSource, Snapshot


def init_app(app: Flask, *, strict: bool = True) -> None:
    source = CatalogSource(app.config["CATALOG_PATH"])
    app.extensions["catalog_source"] = source
    try:
        source.load_or_raise()
    except CatalogError as exc:
        report = "\n".join(f"  {p.text('en')}" for p in exc.problems)
        message = f"The catalog {source.path} cannot be used:\n{report}\nFix it, then start again (`flask catalog check`)."
        if strict:
            print(message, file=sys.stderr)
            raise SystemExit(1) from None
        app.logger.error(message)


def get_source() -> CatalogSource:
    return current_app.extensions["catalog_source"]


def get_snapshot() -> Snapshot:
    return get_source().snapshot()


def get_catalog() -> Catalog:
    return get_source().catalog
