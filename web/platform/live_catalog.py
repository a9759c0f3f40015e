"""The app's catalog: loaded at start-up (a broken file stops start-up), re-read when the file changes.

One machine: the file is CATALOG_PATH. A public instance on another machine (CATALOG_URL set) reads a copy,
INSTANCE_PATH/catalog-copy.yaml, that catalog.remote.CatalogFeed keeps current from the admin's feed: at
start-up it asks the feed once (and starts from the copy kept on disk when the admin does not answer), then
polls from each worker process."""
from __future__ import annotations

import sys
from pathlib import Path

from flask import Flask, current_app

from catalog.model import Catalog
from catalog.problems import CatalogError
from catalog.remote import CatalogFeed, FeedUnavailable
from catalog.source import CatalogSource, Snapshot


def init_app(app: Flask, *, strict: bool = True) -> None:
    path = app.config["CATALOG_PATH"]
    if app.config.get("CATALOG_URL"):
        path = _follow_feed(app, strict)
    source = CatalogSource(path)
    app.extensions["catalog_source"] = source
    if "catalog_feed" in app.extensions:
        feed = app.extensions["catalog_feed"]
        feed.after_round = source.snapshot  # parse a copy written by another worker before a visitor asks
        feed.on_new = source.adopt
    try:
        source.load_or_raise()
    except CatalogError as exc:
        report = "\n".join(f"  {p.text('en')}" for p in exc.problems)
        message = f"The catalog {source.path} cannot be used:\n{report}\nFix it, then start again (`flask catalog check`)."
        if strict:
            print(message, file=sys.stderr)
            raise SystemExit(1) from None
        app.logger.error(message)


def _follow_feed(app: Flask, strict: bool) -> Path:
    feed = CatalogFeed(app.config["CATALOG_URL"], Path(app.instance_path) / "catalog-copy.yaml",
                       token=app.config.get("CATALOG_FEED_TOKEN", ""),
                       poll_seconds=float(app.config.get("CATALOG_POLL_SECONDS", 1.0)))
    app.extensions["catalog_feed"] = feed
    try:
        feed.update(force=True)
    except FeedUnavailable as exc:
        if feed.copy_version() is None:
            message = (f"No catalog: {exc}, and no copy is kept in {feed.copy_path} yet. Start the admin instance "
                       "(or check WUSHENG_CATALOG_URL and WUSHENG_CATALOG_FEED_TOKEN), then start again.")
            if strict:
                print(message, file=sys.stderr)
                raise SystemExit(1) from None
            app.logger.error(message)
        else:
            app.logger.warning("catalog feed: %s; starting from the copy %s (version %s)", exc, feed.copy_path,
                               feed.copy_version())
    app.before_request(feed.ensure_polling)
    return feed.copy_path


def follow_feed_now(app: Flask) -> None:
    """Start this process's polling of the feed now (gunicorn's post_worker_init) rather than at its first
    request: an instance nobody asked for a while still has the current catalog for its next visitor."""
    feed = getattr(app, "extensions", {}).get("catalog_feed")
    if feed is not None:
        feed.ensure_polling()


def get_source() -> CatalogSource:
    return current_app.extensions["catalog_source"]


def get_snapshot() -> Snapshot:
    return get_source().snapshot()


def get_catalog() -> Catalog:
    return get_source().catalog
