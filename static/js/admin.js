// Admin pages: keep the session alive while someone is typing in a long form (the idle time-out would
// otherwise log them out mid-edit), and warn before leaving a form with unsaved changes.
(function () {
  "use strict";
  var form = document.querySelector("form.site-form, form[method=post][novalidate]");
  if (!form) return;
  var typed = false, dirty = false, submitting = false;
  form.addEventListener("input", function () { typed = true; dirty = true; });
  form.addEventListener("submit", function () { submitting = true; });
  window.setInterval(function () {
    if (!typed) return;
    typed = false;
    fetch(document.body.dataset.ping || "/admin/ping", { credentials: "same-origin" });
  }, 5 * 60 * 1000);
  window.addEventListener("beforeunload", function (e) {
    if (dirty && !submitting) { e.preventDefault(); e.returnValue = ""; }
  });
})();

// Long check lists (sources): the search box above hides the entries that do not contain what is typed;
// ticked entries always stay in sight.
(function () {
  "use strict";
  document.querySelectorAll(".checks--searchable").forEach(function (box) {
    var filter = box.querySelector(".checks__filter");
    if (!filter) return;
    filter.addEventListener("input", function () {
      var words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      box.querySelectorAll(".check").forEach(function (label) {
        var text = label.textContent.toLowerCase(), ticked = label.querySelector("input").checked;
        label.hidden = !ticked && !words.every(function (w) { return text.indexOf(w) >= 0; });
      });
    });
    filter.addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });
  });
})();

// Opening hours: a day with no window reads "closed", and only an open day's empty boxes hint at another window.
(function () {
  "use strict";
  document.querySelectorAll(".hours-day").forEach(function (row) {
    var inputs = row.querySelectorAll("input");
    function update() {
      var open = Array.prototype.some.call(inputs, function (i) { return i.value.trim() !== ""; });
      row.classList.toggle("is-closed", !open);
      inputs.forEach(function (i) { i.placeholder = open ? i.dataset.placeholder : ""; });
    }
    inputs.forEach(function (i) { i.addEventListener("input", update); });
  });
})();
