/* Wusheng Industrial Trails: the planner form's optional extras. The form works without this file.
 *
 * - A tap on the "pick your start" map writes its coordinates into the start field, with the datum of
 *   the basemap it was made on (AMap tiles are GCJ-02, OpenStreetMap and Tianditu WGS-84), and marks it.
 * - Typing coordinates selects "coordinates below" in the start list, so the typed point is used.
 * ES5 on purpose: old in-app browsers (WeChat, QQ) on old phones.
 */
(function () {
  "use strict";

  function useCoordinates(form) {
    var select = form.querySelector("select[name=start]");
    if (select) { select.value = ""; }
  }

  function attachPicker(form) {
    var box = document.querySelector("[data-plan-pick]");
    var canvas = box && box.querySelector(".wt-map__canvas");
    var state = canvas && window.WTMap && window.WTMap.maps[canvas.id];
    var coords = form.querySelector("[data-plan-coords]");
    var datum = form.querySelector("[data-plan-datum]");
    if (!state || !coords || !window.L) { return false; }
    if (box.getAttribute("data-plan-ready")) { return true; }
    box.setAttribute("data-plan-ready", "1");
    var marker = null;
    state.map.on("click", function (e) {
      coords.value = e.latlng.lat.toFixed(5) + ", " + e.latlng.lng.toFixed(5);
      if (datum) { datum.value = box.getAttribute("data-datum") || "wgs84"; }
      useCoordinates(form);
      showDatum(form, coords);
      if (marker) {
        marker.setLatLng(e.latlng);
      } else {
        marker = window.L.circleMarker(e.latlng, {radius: 9, color: "#7d0c14", weight: 3, fillColor: "#c9a227",
                                                   fillOpacity: 0.9, className: "plan-pick__mark"}).addTo(state.map);
      }
      box.classList.add("plan-pick--picked");
    });
    return true;
  }

  // The datum choice matters only for typed coordinates: hidden while the field holds a place name.
  var COORDS = /^\s*-?\d{1,3}(\.\d+)?\s*[,，\s]\s*-?\d{1,3}(\.\d+)?\s*$/;
  function showDatum(form, coords) {
    var box = form.querySelector("[data-plan-datum-box]");
    if (box) { box.classList.toggle("field__datum--shown", COORDS.test(coords.value)); }
  }

  function init() {
    var form = document.querySelector("form.plan-form");
    if (!form) { return; }
    var coords = form.querySelector("[data-plan-coords]");
    if (coords) {
      form.classList.add("plan-form--js");
      showDatum(form, coords);
      coords.addEventListener("input", function () {
        if (coords.value.replace(/\s/g, "")) { useCoordinates(form); }
        showDatum(form, coords);
      });
    }
    // The map is drawn in small tasks after the first paint: attach when map.js says it is ready.
    if (!attachPicker(form)) {
      document.addEventListener("wt-map-ready", function () { attachPicker(form); });
    }
  }

  init();
})();
