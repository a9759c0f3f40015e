"""Application factory: configuration, extensions and blueprints. Wiring only."""
from __future__ import annotations

import sys

from flask import Flask, request

import config


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    config.load(app, test_config)

    from flask_compress import Compress

    from web.api import cors
    from web.maps import map_component
    from web.platform import (
        auth, cache_control, canonical_query, catalog_cli, db, heavy_work, i18n, live_catalog, security, sessions,
        templating, users_cli,
    )
    from web.public import photo_view
    from web.share import channels, embed_view, oembed

    # Admin pages are not compressed: they carry CSRF tokens next to text the user typed (BREACH).
    app.config["COMPRESS_REGISTER"] = False
    compress = Compress(app)
    private = {"admin", "promote_staff"}
    app.after_request(lambda response: response if request.blueprint in private else compress.after_request(response))

    security.init_app(app)
    canonical_query.init_app(app)  # one cached copy per page, whatever is added to its URL
    cache_control.init_app(app)  # before i18n: after_request hooks run in reverse, so it sees the language cookie
    map_component.init_app(app)
    db.init_app(app)
    sessions.init_app(app)
    auth.init_app(app)
    i18n.init_app(app)
    templating.init_app(app)
    # `flask catalog check` must be able to report on a broken file instead of refusing to start.
    live_catalog.init_app(app, strict=not _running_cli_group("catalog"))
    catalog_cli.init_app(app)
    users_cli.init_app(app)
    embed_view.check_origins(app.config["EMBED_ORIGINS"])
    channels.init_app(app)
    oembed.init_app(app)
    photo_view.init_app(app)
    # Embeds, oEmbed, the public promotion files and the counting image neither read nor set cookies.
    sessions.never_for(app, "/embed/", "/oembed", "/count.gif", "/promote/qr/", "/promote/maps/",
                       "/promote/flyers/", "/photos/")

    from routes import (admin, api, catalog_feed, embed, errors, oembed as oembed_routes, photos, planner,
                        promote, public)

    app.register_blueprint(errors.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(photos.bp)
    if app.config["ADMIN"]:  # off on the public instances behind the proxy: they only read the catalog
        app.register_blueprint(admin.bp)
        app.register_blueprint(promote.staff)  # the snippet builder: staff only, logged in through the admin
        app.register_blueprint(catalog_feed.bp)  # the catalog for public instances on other machines
    app.register_blueprint(embed.bp)
    app.register_blueprint(oembed_routes.bp)
    app.register_blueprint(promote.bp)
    app.register_blueprint(planner.bp)
    app.register_blueprint(api.bp)
    auth.csrf.exempt(api.bp)  # the API sets and reads no cookies and changes nothing: no CSRF to forge
    cors.init_app(app)
    heavy_work.init_app(app)  # a burst of renders or plans: a cheap 503 with Retry-After
    return app


def _running_cli_group(name: str) -> bool:
    return len(sys.argv) > 1 and name in sys.argv[1:3] and sys.argv[0].endswith("flask")
