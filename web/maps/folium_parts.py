"""folium pieces of the map component: an ES5 map element, the pin icon code, and browser-built pins.

All static code: data reaches these templates only as JSON (``tojson`` / ``tojavascript``, which
escape ``< > & '``), never as text spliced into JavaScript.
"""
from __future__ import annotations

import folium
from branca.element import MacroElement
from folium.template import Template

# Leaflet pin icon: a DivIcon whose label is set with textContent, and a marker from a data row
# [lat, lon, key, kind, label, dx, dy] (the browser-built path for many points). dx, dy: the icon drawn that
# many pixels off its point (web/maps/spread.py), for pins that share one position. Static code, no data.
_PIN_JS = """function wtPin(kind, label, dx, dy) {
    var span = document.createElement("span");
    dx = dx || 0; dy = dy || 0;
    span.className = "wt-pin__label";
    span.textContent = label;
    return L.divIcon({className: "wt-pin wt-pin--" + kind + (dx || dy ? " wt-pin--spread" : ""), html: span,
                      iconSize: [28, 28], iconAnchor: [14 - dx, 34 - dy], popupAnchor: [dx, dy - 30],
                      tooltipAnchor: [dx, dy - 30]});
}
function wtMarker(row) {
    return L.marker([row[0], row[1]], {icon: wtPin(row[3], row[4], row[5], row[6]), keyboard: true,
                                       riseOnHover: true, wtKey: row[2]});
}"""


class _PinArray(MacroElement):
    """Many unclustered pins, built in the browser from one JSON array (``wtMarker``), in a feature group."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function () {
                var data = {{ this.data|tojson }};
                var group = L.featureGroup();
                for (var i = 0; i < data.length; i++) { group.addLayer(wtMarker(data[i])); }
                group.addTo({{ this._parent.get_name() }});
                return group;
            })();
        {% endmacro %}""")

    def __init__(self, data: list):
        super().__init__()
        self._name = "PinArray"
        self.data = data


class Map(folium.Map):
    """folium.Map without its page header (viewport meta, inline styles, L_NO_TOUCH script) and without
    the object spread (``...{}``) of folium's template, a syntax error in older in-app browsers."""

    _template = Template("""
        {% macro html(this, kwargs) %}<div class="folium-map" id={{ this.get_name()|tojson }}></div>{% endmacro %}
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map({{ this.get_name()|tojson }}, {{ this.all_options()|tojavascript }});
        {% endmacro %}
        """)

    def all_options(self) -> dict:
        import json

        from folium.utilities import JsCode

        return {"center": JsCode(json.dumps(list(self.location))), "crs": JsCode(f"L.CRS.{self.crs}"), **self.options}


class FitBounds(MacroElement):
    """Fit the view without animation, before any layer is added: no zoom animation on page load, and
    marker clusters are computed once, at the final zoom."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.fitBounds({{ this.bounds|tojson }},
                {padding: [{{ this.padding }}, {{ this.padding }}], maxZoom: {{ this.max_zoom }}, animate: false});
        {% endmacro %}""")

    def __init__(self, bounds: list, padding: int = 24, max_zoom: int = 16):
        super().__init__()
        self._name = "FitBounds"
        self.bounds = bounds
        self.padding = int(padding)
        self.max_zoom = int(max_zoom)


def script_pieces(figure) -> list[str]:
    """The figure's script, one piece per folium element, in order (what ``figure.script.render()`` joins).

    The map, its view and its tile layers stay one piece: drawn together, the attribution in the corner gets its
    full text at once instead of growing (a layout shift) when the tiles come a task later.
    """
    pieces: list[str] = []
    base = True  # still at the map's own elements (a layer's addTo is a separate "macro_element")
    for name, child in figure.script._children.items():
        text = child.render()
        base = base and (not pieces or name.startswith(_BASE_PIECES))
        if base and pieces:
            pieces[0] += text
        else:
            pieces.append(text)
    return pieces


_BASE_PIECES = ("fit_bounds_", "tile_layer_", "macro_element_")  # folium names of what is drawn with the map


def chained(pieces: list[str], tail: str) -> str:
    """The pieces as nested continuations, ``a; next(function () { b; next(function () { tail }); });``.

    Nesting, not a list of functions: each piece declares its variables with ``var`` (folium's templates), and
    a later piece uses them (markers name the map), so each runs inside the scope of those before it.
    ``next`` (``_wrap``) runs the rest now or in a new task, so drawing a map never blocks the page for long.
    """
    body = tail
    for piece in reversed(pieces):
        body = f"{piece}\nnext(function () {{\n{body}\n}});"
    return body
