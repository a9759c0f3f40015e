"""One GeocodeService per app (its rate limit and cache are per process), built from the settings."""
from __future__ import annotations

from flask import Flask

from geo.geocode import GeocodeService, nominatim


def geocoder(app: Flask) -> GeocodeService:
    service = app.extensions.get("geocoder")
    if service is None:
        c = app.config
        online = None
        if c["GEOCODER"] == "nominatim":
            online = nominatim(c["GEOCODER_DOMAIN"], c["GEOCODER_SCHEME"], c["GEOCODER_USER_AGENT"],
                               float(c["GEOCODER_TIMEOUT"]))
        service = GeocodeService(online, name=c["GEOCODER"], min_delay=float(c["GEOCODER_MIN_DELAY"]),
                                 timeout=float(c["GEOCODER_TIMEOUT"]))
        app.extensions["geocoder"] = service
    return service
