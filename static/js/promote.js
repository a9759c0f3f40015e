/* /promote: "Copy" buttons for the snippets. The page works without this (select the text and copy). */
(function () {
  "use strict";
  function copied(button) {
    var label = button.textContent;
    button.textContent = "\u2713";
    setTimeout(function () { button.textContent = label; }, 1500);
  }
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () { copied(button); }, function () {});
      } else if (document.execCommand && document.execCommand("copy")) {
        copied(button);
      }
    });
  });
})();
