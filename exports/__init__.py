"""Exports of an itinerary (GPX, ICS, GeoJSON, CSV), all from ``exports.stops.day_stops``. Pure: no Flask.

Coordinates in every export are WGS-84 (EPSG:4326), converted from each place's recorded datum;
each format says so where it has room for it.
"""
COORDINATES_NOTE = "Coordinates: WGS-84 (EPSG:4326), converted from the catalog's GCJ-02 where needed."
GENERATOR = "Wusheng Industrial Trails (武胜工业游)"
