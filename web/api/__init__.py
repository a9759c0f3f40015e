"""The JSON API (/api/v1): its one error shape and guards, CORS for GETs, the JSON shapes, the OpenAPI
document."""
