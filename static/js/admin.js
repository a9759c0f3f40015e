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
