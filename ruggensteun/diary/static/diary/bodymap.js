// The pain diary's body map. The list of checkboxes is the form; the picture shows what is
// ticked (CSS :has) and is a second way to tick: a tap on a place ticks its box. A box with
// keyboard focus outlines its place on the picture. Listeners sit on the document, so they
// keep working when the outbox puts the server's answer in place of the page's content.
(function () {
  "use strict";

  function shapesFor(box) {
    var map = box.closest("fieldset.bodymap");
    return map ? map.querySelectorAll('.region[data-region="' + box.value + '"]') : [];
  }

  document.addEventListener("click", function (event) {
    var shape = event.target.closest && event.target.closest("fieldset.bodymap .region");
    if (!shape) {
      return;
    }
    var map = shape.closest("fieldset.bodymap");
    var code = shape.getAttribute("data-region");
    var box = map.querySelector('input[type="checkbox"][value="' + code + '"]');
    if (box) {
      box.click();
    }
  });

  function outline(event, on) {
    var box = event.target;
    if (box instanceof HTMLInputElement && box.type === "checkbox") {
      shapesFor(box).forEach(function (shape) { shape.classList.toggle("has-focus", on); });
    }
  }
  document.addEventListener("focusin", function (event) { outline(event, true); });
  document.addEventListener("focusout", function (event) { outline(event, false); });
})();
