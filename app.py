"""Application factory: configuration, extensions and blueprints. Wiring only."""
from __future__ import annotations

from flask import Flask

import config


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    config.load(app, test_config)

    from routes import public

    app.register_blueprint(public.bp)
    return app
