// Counts a visit that arrived through a campaign link or QR code (?c=tag, &m=qr|embed; web/share/channels.py).
// The page itself is the same for every visitor and cached by URL without these parameters
// (web/platform/canonical_query.py), so the tag is read here, in the browser, and sent with the counting image.
(function () {
  "use strict";
  var script = document.currentScript;
  var params = new URLSearchParams(window.location.search);
  var campaign = params.get("c") || "";
  if (!script || !/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/.test(campaign)) {
    return;
  }
  var channel = { qr: "qr", embed: "embed-link" }[params.get("m") || ""] || "link";
  var image = new Image(1, 1);
  image.referrerPolicy = "no-referrer";
  image.src = script.getAttribute("data-count") + "?ch=" + channel + "&c=" + campaign;
})();
