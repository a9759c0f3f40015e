"""The position editor's helpers: datum conversion and geocoding (admin only, never on public pages)."""
from __future__ import annotations

from flask import current_app, jsonify, request

from geo.datum import DATUMS, to_datum
from web.admin.geocoding import geocoder
from web.platform.auth import requires

from . import bp


@bp.get("/convert")
@requires("editor")
def convert():
    """A point from one datum to another, for a marker dragged on the map."""
    try:
        lat, lon = float(request.args["lat"]), float(request.args["lon"])
    except (KeyError, ValueError):
        return jsonify({"error": {"code": "bad_request", "message": "lat and lon are required numbers"}}), 400
    src, dst = request.args.get("from", "wgs84"), request.args.get("to", "wgs84")
    if src not in DATUMS or dst not in DATUMS or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return jsonify({"error": {"code": "bad_request", "message": "unknown datum or point"}}), 400
    out = to_datum(lat, lon, src, dst)
    return jsonify({"lat": round(out[0], 6), "lon": round(out[1], 6), "datum": dst})


@bp.get("/geocode")
@requires("editor")
def geocode():
    query = request.args.get("q", "").strip()[:200]
    if not query:
        return jsonify({"status": "empty", "results": []})
    answer = geocoder(current_app).lookup(query)
    return jsonify(answer.to_dict())
