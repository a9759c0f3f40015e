/* The admin's photos page: drop files on the box to upload them; drag rows to reorder (the form submits its
 * rows in page order). Without this script the file field and the Make cover / Move up buttons do the same. */
(function () {
  "use strict";
  var texts = {};
  try { texts = JSON.parse(document.getElementById("photo-texts").textContent); } catch (e) { /* defaults */ }

  var form = document.querySelector("[data-photo-upload]");
  var drop = document.querySelector("[data-photo-drop]");
  if (form && drop) {
    var input = drop.querySelector("input[type=file]");
    var status = form.querySelector("[data-photo-status]");
    ["dragenter", "dragover"].forEach(function (type) {
      drop.addEventListener(type, function (e) { e.preventDefault(); drop.classList.add("is-over"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      drop.addEventListener(type, function () { drop.classList.remove("is-over"); });
    });
    drop.addEventListener("drop", function (e) {
      e.preventDefault();
      if (!e.dataTransfer || !e.dataTransfer.files.length) { return; }
      input.files = e.dataTransfer.files;
      if (status) { status.textContent = texts.uploading || "…"; }
      form.submit();
    });
    form.addEventListener("submit", function () { if (status) { status.textContent = texts.uploading || "…"; } });
  }

  var list = document.querySelector("[data-photo-rows]");
  if (!list) { return; }
  var hint = document.querySelector("[data-photo-drag-hint]");
  if (hint) { hint.hidden = false; }
  var dragged = null;
  Array.prototype.forEach.call(list.querySelectorAll("[data-photo-row]"), function (row) {
    row.setAttribute("draggable", "true");
    row.addEventListener("dragstart", function (e) {
      dragged = row; row.classList.add("is-dragging");
      if (e.dataTransfer) { e.dataTransfer.effectAllowed = "move"; e.dataTransfer.setData("text/plain", ""); }
    });
    row.addEventListener("dragend", function () { row.classList.remove("is-dragging"); dragged = null; });
    row.addEventListener("dragover", function (e) {
      if (!dragged || dragged === row) { return; }
      e.preventDefault();
      var box = row.getBoundingClientRect();
      list.insertBefore(dragged, e.clientY > box.top + box.height / 2 ? row.nextSibling : row);
      if (hint) { hint.textContent = texts.moved || hint.textContent; }
      var chip = list.querySelector(".photo-row__thumb .chip");  // the "cover" label follows the first row
      var first = list.querySelector("[data-photo-row] .photo-row__thumb");
      if (chip && first && chip.parentNode !== first) { first.appendChild(chip); }
    });
  });
})();
