"""The one map component: folium maps drawn from geometry with our vendored Leaflet (no CDN), basemaps
and their datums, the render cache, and the site maps that public pages, plans and embeds show."""
