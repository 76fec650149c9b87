/* Today: a tick that could not reach the server is not lost. With no connection it goes to
 * the outbox of this device (diary/outbox.js, issue #16), which sends it when the connection
 * returns; its one-time key makes sure it counts once. A server error (or a device that can
 * keep nothing) says so instead of failing silently; the patient can tap again. Without this
 * script the forms post as usual. */
(function () {
  "use strict";

  function notice() {
    return document.getElementById("today-not-saved");
  }

  function show() {
    var box = notice();
    if (box) box.hidden = false;
  }

  // The day of the tick as this device knows it, so a tick sent tomorrow still counts for
  // today (the server takes it within the week shown, else its own today).
  function stampDay(form) {
    var now = new Date();
    var day = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map(function (part) {
      return String(part).padStart(2, "0");
    }).join("-");
    var field = form.querySelector("input[name=ticked_on]");
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "ticked_on";
      form.appendChild(field);
    }
    field.value = day;
  }

  function offline(event) {
    var form = event.detail && event.detail.elt ? event.detail.elt.closest("form") : null;
    var outbox = window.ruggensteunOutbox;
    if (form) stampDay(form);
    if (form && outbox && typeof outbox.queue === "function" && outbox.queue(form)) {
      return;
    }
    show();
  }

  function hide(event) {
    var box = notice();
    if (box && event.detail && event.detail.successful) box.hidden = true;
  }

  document.addEventListener("htmx:sendError", offline);
  document.addEventListener("htmx:responseError", show);
  document.addEventListener("htmx:afterRequest", hide);
})();
