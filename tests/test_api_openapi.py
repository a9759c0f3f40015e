"""The OpenAPI document at /api/v1/openapi.json is valid and true: real responses of every endpoint, for
success and for each kind of error, validate against it (so a client generated from it just works)."""
import json

import pytest
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_spec_validator import validate
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from tests.plan_helpers import TRIP, TWO_DAYS

CALLS = [
    ("get", "/api/v1/sites", None, 200),
    ("get", "/api/v1/sites?category=heritage&lang=en", None, 200),
    ("get", "/api/v1/sites?theme=nope", None, 400),
    ("get", "/api/v1/sites/baozhen-fortress", None, 200),
    ("get", "/api/v1/sites/diaoyucheng?lang=en", None, 200),
    ("get", "/api/v1/sites/no-such-site", None, 404),
    ("get", "/api/v1/tours", None, 200),
    ("get", "/api/v1/tours/industrial-shopping", None, 200),
    ("get", "/api/v1/tours/no-such-tour", None, 404),
    ("get", "/api/v1/openapi.json", None, 200),
    ("post", "/api/v1/plan", TRIP, 200),
    ("post", "/api/v1/plan?lang=en", TWO_DAYS, 200),
    ("post", "/api/v1/plan", {**TRIP, "must": ["baozhen-fortress", "diaoyucheng", "maoge-food-wusheng"],
                              "date": "2026-12-07"}, 200),
    ("post", "/api/v1/plan", {"start": "nowhere", "date": "2020-01-01"}, 422),
    ("post", "/api/v1/plan", {**TRIP, "colour": 1}, 422),
    ("post", "/api/v1/plan", "{broken", 400),
    ("post", "/api/v1/plan", "[]", 422),
    ("post", "/api/v1/plan", "start=chongqing", 415),
    ("post", "/api/v1/plan", json.dumps({"start": "x" * 20000}), 413),
    ("delete", "/api/v1/sites", None, 405),
]


@pytest.fixture
def spec(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    validate(doc)  # openapi-spec-validator: the document itself is well-formed OpenAPI 3.1
    return OpenAPI.from_dict(doc)


def _args(method, path, body) -> dict:
    if body is None:
        return {"method": method.upper(), "path": path}
    if isinstance(body, dict):
        return {"method": "POST", "path": path, "json": body}
    kind = "application/x-www-form-urlencoded" if body.startswith("start=") else "application/json"
    return {"method": "POST", "path": path, "data": body, "content_type": kind}


def _call(client, method, path, body):
    """(the response, an unread copy of the request for the validator: the app consumed the original body)"""
    args = _args(method, path, body)
    response = client.open(**args)
    return response, WerkzeugOpenAPIRequest(Request(EnvironBuilder(**args).get_environ()))


@pytest.mark.parametrize("method, path, body, status", CALLS, ids=[f"{m} {p} {s}" for m, p, _, s in CALLS])
def test_response_matches_the_document(client, spec, method, path, body, status):
    """Each documented call answers what the document says, body and status alike."""
    r, request = _call(client, method, path, body)
    assert r.status_code == status, r.data[:300]
    if method == "delete":  # not an operation of the document: the default error response shape still holds
        _, request = _call(client, "get", "/api/v1/sites/no-such-site", None)
    spec.validate_response(request, WerkzeugOpenAPIResponse(r))


def test_rate_limited_answer_matches_the_document(app, spec):
    """429 is documented too, with the same error body."""
    app.config["API_PLAN_RATE_PER_MINUTE"] = 1
    client = app.test_client()
    client.post("/api/v1/plan", json={"start": "nowhere"})
    r, request = _call(client, "post", "/api/v1/plan", TRIP)
    assert r.status_code == 429
    spec.validate_response(request, WerkzeugOpenAPIResponse(r))


def test_valid_requests_match_the_documented_request_body(client, spec):
    """The plan bodies we send in these tests are ones the document accepts (no hidden fields)."""
    for _, path, body, status in CALLS:
        if isinstance(body, dict) and status == 200:
            spec.validate_request(_call(client, "post", path, body)[1])
