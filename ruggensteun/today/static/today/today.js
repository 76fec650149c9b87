/* Today: a tick that could not reach the server (no connection, a server error) says so
 * instead of failing silently; the patient can tap again, and the form's one-time key
 * makes sure it counts once. Without this script the forms post as usual. */
(function () {
  "use strict";

  function notice() {
    return document.getElementById("today-not-saved");
  }

  function show() {
    var box = notice();
    if (box) box.hidden = false;
  }

  function hide(event) {
    var box = notice();
    if (box && event.detail && event.detail.successful) box.hidden = true;
  }

  document.addEventListener("htmx:sendError", show);
  document.addEventListener("htmx:responseError", show);
  document.addEventListener("htmx:afterRequest", hide);
})();
