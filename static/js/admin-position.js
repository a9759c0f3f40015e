// The position editor: a Leaflet map (the configured basemap, in its datum) whose marker follows the typed coordinates, and which
// writes a click or a drag back into the fields, converted by the server into the datum picked; plus
// geocoding (offline gazetteer + online service) with a clear "unavailable" when the service cannot answer.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var lat = $("f-location-lat"), lon = $("f-location-lon"), datum = $("f-location-datum");
  var precision = $("f-location-precision"), radius = $("f-location-radius_m");
  var box = $("position-map");
  if (!lat || !lon || !datum || !box) return;

  function convert(la, lo, from, to) {
    var url = box.dataset.convert + "?lat=" + la + "&lon=" + lo + "&from=" + from + "&to=" + to;
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("convert " + r.status);
      return r.json();
    });
  }
  function setFields(p) {
    lat.value = p.lat.toFixed(6);
    lon.value = p.lon.toFixed(6);
    lat.dispatchEvent(new Event("input", { bubbles: true }));
  }

  var map = null, marker = null;
  if (window.L) {
    var start = box.dataset.lat ? [parseFloat(box.dataset.lat), parseFloat(box.dataset.lon)] : [30.344, 106.29];
    var texts = JSON.parse(document.getElementById("admin-texts").textContent);
    map = L.map(box, { zoomControl: false }).setView(start, box.dataset.lat ? 13 : 10);
    L.control.zoom({ zoomInTitle: texts.zoomIn, zoomOutTitle: texts.zoomOut }).addTo(map);
    var tileOptions = { maxZoom: parseInt(box.dataset.maxZoom, 10) || 18, attribution: "" };
    if (box.dataset.subdomains) tileOptions.subdomains = box.dataset.subdomains;
    L.tileLayer(box.dataset.tiles, tileOptions).addTo(map);
    map.attributionControl.addAttribution(document.createTextNode(box.dataset.attribution).textContent
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"));
    marker = L.marker(start, { draggable: true, keyboard: true, title: box.getAttribute("aria-label") }).addTo(map);
    var mapDatum = box.dataset.datum || "wgs84";
    var place = function (ll) {  // a point on the map (its basemap's datum) -> the fields, in the datum picked
      marker.setLatLng(ll);
      box.dataset.moved = "1";
      return convert(ll.lat, ll.lng, mapDatum, datum.value).then(setFields);
    };
    marker.on("dragend", function () { place(marker.getLatLng()); });
    map.on("click", function (e) { place(e.latlng); });
    var follow = function () {  // typed numbers -> the marker
      var la = parseFloat(lat.value), lo = parseFloat(lon.value);
      if (isNaN(la) || isNaN(lo)) return;
      convert(la, lo, datum.value, mapDatum).then(function (p) { marker.setLatLng([p.lat, p.lon]); map.panTo([p.lat, p.lon]); });
    };
    lat.addEventListener("change", follow);
    lon.addEventListener("change", follow);
    datum.addEventListener("change", follow);
  } else {
    box.hidden = true;
  }

  var go = $("geocode-go"), q = $("geocode-q"), status = $("geocode-status"), list = $("geocode-results");
  var geo = document.querySelector(".geocode");
  if (!go || !geo) return;
  var T = JSON.parse(document.getElementById("admin-texts").textContent);
  function lookup() {
    if (!q.value.trim()) return;
    status.textContent = T.searching;
    list.textContent = "";
    fetch(geo.dataset.url + "?q=" + encodeURIComponent(q.value.trim()), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (a) {
        var parts = [];
        if (a.online === "unavailable") parts.push(T.unavailable);
        parts.push(a.results.length ? T.found.replace("{n}", a.results.length) : T.none);
        status.textContent = parts.join(" ");
        a.results.forEach(function (p) {
          var li = document.createElement("li"), b = document.createElement("button");
          b.type = "button";
          b.className = "button button--small button--ghost";
          b.textContent = T.use;
          li.textContent = p.name + " · " + p.lat.toFixed(5) + ", " + p.lon.toFixed(5) + " (" +
            [T.kinds[p.kind] || p.kind, T.precisions[p.precision] || p.precision,
             p.radius_m ? T.radius.replace("{n}", p.radius_m) : "",
             p.source === "gazetteer" ? T.offline : T.online].filter(Boolean).join(T.sep) + ") ";
          b.addEventListener("click", function () {
            convert(p.lat, p.lon, p.datum, datum.value).then(function (c) {
              setFields(c);
              // The answer's precision and radius go with its point: a town's centre is not a surveyed gate.
              if (precision) precision.value = p.precision;
              if (radius) radius.value = p.radius_m ? String(p.radius_m) : "";
              if (marker) convert(p.lat, p.lon, p.datum, box.dataset.datum || "wgs84").then(function (w) { marker.setLatLng([w.lat, w.lon]); map.panTo([w.lat, w.lon]); });
            });
          });
          li.appendChild(b);
          list.appendChild(li);
        });
      })
      .catch(function () { status.textContent = T.unavailable; });
  }
  go.addEventListener("click", lookup);
  q.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); lookup(); } });
})();
