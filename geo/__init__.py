"""Coordinates: datums (``geo.datum``: WGS-84 / GCJ-02 / BD-09), distances and geocoding adapters."""
