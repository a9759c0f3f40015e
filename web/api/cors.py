"""CORS for the API's GET endpoints only (flask-cors), for the origins in ``API_CORS_ORIGINS``.

Planning (POST) stays same-origin for browsers: partner sites embed pages instead (issue 6). The API
sends no cookies, so credentials are never allowed.
"""
from __future__ import annotations

from flask import Flask
from flask_cors import CORS

GET_PATHS = r"^/api/v1/(sites|tours|openapi\.json)(/.*)?$"


def origins(value) -> list[str] | str:
    if isinstance(value, str):
        items = [x.strip() for x in value.split(",") if x.strip()]
    else:
        items = [str(x).strip() for x in (value or ()) if str(x).strip()]
    return "*" if not items or items == ["*"] else items


def init_app(app: Flask) -> None:
    CORS(app, resources={GET_PATHS: {"origins": origins(app.config.get("API_CORS_ORIGINS", "*"))}},
         methods=["GET", "HEAD", "OPTIONS"], supports_credentials=False, max_age=86400, vary_header=True)
