/* Wusheng Industrial Trails: links each map to the text list beside it.
 *
 * The list (items carrying data-map-key) is the source of truth and works without JavaScript.
 * This script only adds to it: a tooltip and a popup per marker, built from the list item with
 * textContent and cloned nodes (never innerHTML of catalog text); "show on map" buttons that
 * focus a marker and open its popup; and highlighting of the list item for the marker under the
 * pointer or in focus. The inline map script calls WTMap.attach(map, [clusterGroup]) when drawn, which then
 * fires "wt-map-ready" on the map's section.
 * ES5 on purpose: old in-app browsers (WeChat, QQ) on old phones.
 */
(function () {
  "use strict";

  var maps = {};

  // Each map's attribution starts with the prefix attach() gives it, so the corner text does not change (and
  // shift) when attach() runs, a few tasks after the map was first drawn.
  if (window.L && L.Control && L.Control.Attribution) { L.Control.Attribution.prototype.options.prefix = "Leaflet"; }

  function each(list, fn) {
    for (var i = 0; i < list.length; i++) { fn(list[i], i); }
  }

  function textOf(node) {
    return node ? String(node.textContent || "").replace(/\s+/g, " ").trim() : "";
  }

  function titleOf(item) {
    return textOf(item.querySelector("[data-map-title]") || item);
  }

  function stripIds(node) {
    if (node.removeAttribute) { node.removeAttribute("id"); }
    each(node.querySelectorAll ? node.querySelectorAll("[id]") : [], function (el) { el.removeAttribute("id"); });
    each(node.querySelectorAll ? node.querySelectorAll("[data-map-skip]") : [], function (el) {
      el.parentNode.removeChild(el);
    });
    return node;
  }

  function popupContent(item) {
    var box = document.createElement("div");
    box.className = "wt-popup";
    var source = item.querySelector("[data-map-popup]");
    var photo = item.getAttribute("data-map-photo");
    if (photo && photo.charAt(0) === "/") {  // our own /photos/ URL, set as a property: never parsed as HTML
      var img = document.createElement("img");
      img.className = "wt-popup__photo";
      img.alt = "";
      img.width = 240;
      img.height = 180;
      img.src = photo;
      box.appendChild(img);
    }
    if (source) {
      box.appendChild(stripIds(source.cloneNode(true)));
    } else {
      box.textContent = titleOf(item);
    }
    return box;
  }

  function tooltipContent(item) {
    var span = document.createElement("span");
    span.textContent = titleOf(item);
    return span;
  }

  function labelIcon(marker, text) {
    var el = marker.getElement && marker.getElement();
    if (el) { el.setAttribute("aria-label", text); el.setAttribute("title", text); }
  }

  function State(map, groups) {
    this.map = map;
    this.groups = groups;
    this.markers = {};
    this.items = {};
    this.active = null;
    this.container = map.getContainer();
    this.root = this.container.closest ? this.container.closest("[data-wt-map]") : null;
  }

  State.prototype.collect = function () {
    var self = this;
    function take(layer) {
      if (layer && layer.options && layer.options.wtKey) { self.markers[layer.options.wtKey] = layer; }
    }
    this.map.eachLayer(take);
    each(this.groups, function (group) {
      if (group && group.getLayers) { each(group.getLayers(), take); }
    });
  };

  State.prototype.clusterOf = function (marker) {
    for (var i = 0; i < this.groups.length; i++) {
      var g = this.groups[i];
      if (g && g.zoomToShowLayer && g.hasLayer(marker)) { return g; }
    }
    return null;
  };

  State.prototype.setActive = function (key) {
    if (this.active === key) { return; }
    var old = this.active !== null ? this.items[this.active] : null;
    if (old) { old.classList.remove("is-active"); old.removeAttribute("aria-current"); }
    var oldMarker = this.active !== null ? this.markers[this.active] : null;
    var oldEl = oldMarker && oldMarker.getElement && oldMarker.getElement();
    if (oldEl) { oldEl.classList.remove("wt-pin--active"); }
    this.active = key;
    if (key === null) { return; }
    var item = this.items[key];
    if (item) {
      item.classList.add("is-active");
      item.setAttribute("aria-current", "true");
      var list = item.parentNode;
      // Scroll only a list that scrolls on its own (beside the map on wide screens), never the page.
      if (list && list.scrollHeight > list.clientHeight + 1) {
        var top = item.offsetTop - list.offsetTop;
        if (top < list.scrollTop || top + item.offsetHeight > list.scrollTop + list.clientHeight) {
          list.scrollTop = Math.max(0, top - 8);
        }
      }
    }
    var marker = this.markers[key];
    var el = marker && marker.getElement && marker.getElement();
    if (el) { el.classList.add("wt-pin--active"); }
  };

  State.prototype.focus = function (key) {
    var marker = this.markers[key];
    if (!marker) { return false; }
    var self = this;
    var rect = this.container.getBoundingClientRect();
    if (rect.top < 0 || rect.bottom > (window.innerHeight || document.documentElement.clientHeight)) {
      this.container.scrollIntoView({block: "center"});
    }
    function open() {
      marker.openPopup();
      self.setActive(key);
    }
    var cluster = this.clusterOf(marker);
    if (cluster) {
      cluster.zoomToShowLayer(marker, open);
    } else {
      this.map.setView(marker.getLatLng(), Math.max(this.map.getZoom(), 15));
      open();
    }
    return true;
  };

  State.prototype.bind = function (key, marker, item) {
    var self = this;
    var title = titleOf(item);
    this.items[key] = item;
    marker.bindTooltip(function () { return tooltipContent(item); }, {direction: "top", offset: [0, -4]});
    marker.bindPopup(function () { return popupContent(item); }, {maxWidth: 280, autoPanPadding: [16, 16]});
    labelIcon(marker, title);
    marker.on("add", function () { labelIcon(marker, title); });
    marker.on("mouseover", function () { self.setActive(key); });
    marker.on("popupopen", function () { marker.closeTooltip(); self.setActive(key); });
    marker.on("popupclose", function () { if (self.active === key) { self.setActive(null); } });
    marker.on("keypress", function (e) {
      var k = e.originalEvent && e.originalEvent.key;
      if (k === "Enter" || k === " ") { marker.openPopup(); }
    });

    var button = item.querySelector("[data-map-locate]");
    if (button) {
      button.hidden = false;
      button.setAttribute("aria-controls", this.container.id);
    }
    item.classList.add("wt-map__item--mapped");
    item.addEventListener("click", function (e) {
      var target = e.target;
      // Links keep their meaning; any other click on the item (or its button) shows the marker.
      while (target && target !== item) {
        if (target.tagName === "A" || (target.tagName === "BUTTON" && !target.hasAttribute("data-map-locate"))) { return; }
        target = target.parentNode;
      }
      self.focus(key);
    });
    item.addEventListener("mouseenter", function () {
      var el = marker.getElement && marker.getElement();
      if (el) { el.classList.add("wt-pin--active"); }
    });
    item.addEventListener("mouseleave", function () {
      var el = marker.getElement && marker.getElement();
      if (el && self.active !== key) { el.classList.remove("wt-pin--active"); }
    });
  };

  // "wt-map-ready" (bubbles) on the map's section once it is drawn and linked: maps are drawn in small tasks after
  // the first paint, so scripts that add to a map (plan-form.js) wait for this instead of DOMContentLoaded.
  function announce(root) {
    var event;
    if (typeof window.CustomEvent === "function") {
      event = new window.CustomEvent("wt-map-ready", {bubbles: true});
    } else {
      event = document.createEvent("Event");
      event.initEvent("wt-map-ready", true, false);
    }
    root.dispatchEvent(event);
  }

  function attach(map, groups) {
    var state = new State(map, groups || []);
    if (map.attributionControl) { map.attributionControl.setPrefix("Leaflet"); }
    state.collect();
    var items = state.root ? state.root.querySelectorAll("[data-map-key]") : [];
    each(items, function (item) {
      var key = item.getAttribute("data-map-key");
      var marker = state.markers[key];
      if (marker) { state.bind(key, marker, item); } else { item.classList.add("wt-map__item--unmapped"); }
    });
    maps[state.container.id] = state;
    if (state.root) {
      state.root.classList.add("wt-map--ready");
      announce(state.root);
    }
    return state;
  }

  window.WTMap = {
    attach: attach,
    maps: maps,
    focus: function (mapId, key) { return !!(maps[mapId] && maps[mapId].focus(key)); }
  };
})();
