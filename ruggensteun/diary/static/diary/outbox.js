// Never lose an entry: the browser's outbox for the weekly check-in and the pain diary.
//
// A form marked `data-outbox` is sent with fetch. If the connection drops, the entry is kept
// in this device's localStorage and the patient reads "Wacht op verbinding — uw invoer is
// bewaard op dit toestel". It is sent again when the browser is back online (the "online"
// event, the next page that loads this script, or a retry every 20 seconds), and then the
// patient reads "Verstuurd". Every form carries an idempotency key, so an entry sent twice
// is stored once. Without JavaScript the forms post the ordinary way.
//
// Entries are kept per user (a shared tablet sends nobody's entry as someone else), and the
// CSRF token is taken fresh from the cookie when sending, so an entry survives a new login.
//
// Issue #16: a tick on Today goes through the same outbox (today.js calls
// ruggensteunOutbox.queue(form)). Each waiting entry is also handed to the service worker
// (web/templates/web/sw.js), which sends it with Background Sync when the connection returns,
// even with the page closed; where the browser has no Background Sync (Safari, Firefox) it is
// sent when the app is opened again, and the page says so. Logging out empties the outbox
// (ruggensteunOutbox.clear, called by pwa.js).
(function () {
  "use strict";

  // One outbox a page: a second copy would send the same entries at the same time.
  if (window.ruggensteunOutbox) {
    return;
  }

  var STORE = "ruggensteun.outbox.v1";
  var RETRY_MS = 20000;
  var TIMEOUT_MS = 20000;
  var script = document.currentScript;
  var say = script ? script.dataset : {};
  var user = say.user || "";
  var loginPath = say.login || "/inloggen/";
  var flushing = false;

  // -- the queue in localStorage --

  function load() {
    try {
      var items = JSON.parse(window.localStorage.getItem(STORE) || "[]");
      return Array.isArray(items) ? items : [];
    } catch (error) {
      return [];
    }
  }

  function save(items) {
    try {
      window.localStorage.setItem(STORE, JSON.stringify(items));
      return true;
    } catch (error) {
      return false; // storage full or switched off
    }
  }

  // -- the service worker's copy, for Background Sync --

  var canSync = "serviceWorker" in navigator && "SyncManager" in window;

  function worker(message) {
    var sw = "serviceWorker" in navigator ? navigator.serviceWorker.controller : null;
    if (!sw) {
      return false;
    }
    try {
      sw.postMessage(message);
      return true;
    } catch (error) {
      return false; // the page keeps the entry and sends it itself
    }
  }

  function handOver(item) {
    if (!canSync || !worker({ type: "outbox-keep", item: item })) {
      return;
    }
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.sync.register("rs-outbox");
    }).catch(function () { /* sent when a page opens again */ });
  }

  function keep(item) {
    var items = load().filter(function (other) { return other.id !== item.id; });
    items.push(item);
    var kept = save(items);
    if (kept && !item.refused) {
      handOver(item);
    }
    return kept;
  }

  function drop(item) {
    save(load().filter(function (other) { return other.id !== item.id; }));
    worker({ type: "outbox-drop", id: item.id });
  }

  function waiting() {
    return load().filter(function (item) { return item.user === user; });
  }

  // -- what the patient sees --

  function statusBox() {
    var box = document.querySelector("[data-outbox-status]");
    if (!box) {
      box = document.createElement("p");
      box.className = "outbox-status";
      box.setAttribute("data-outbox-status", "");
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
      var main = document.querySelector("main") || document.body;
      main.insertBefore(box, main.firstChild);
    }
    return box;
  }

  function show(state, title, more, link) {
    var box = statusBox();
    box.setAttribute("data-state", state);
    box.textContent = title;
    if (more || link) {
      var line = document.createElement("span");
      if (more) {
        line.appendChild(document.createTextNode(more + " "));
      }
      if (link) {
        var anchor = document.createElement("a");
        anchor.href = link;
        anchor.textContent = say.show || "Bekijken";
        line.appendChild(anchor);
      }
      box.appendChild(line);
    }
  }

  // -- talking to the server --

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function post(item) {
    var token = csrfToken();
    var body = new URLSearchParams();
    item.fields.forEach(function (pair) {
      var fresh = pair[0] === "csrfmiddlewaretoken" && token;
      body.append(pair[0], fresh ? token : pair[1]);
    });
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;
    return fetch(item.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token },
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      clearTimeout(timer);
      return response;
    }, function (error) {
      clearTimeout(timer);
      throw error;
    });
  }

  // "stored": the server took it and sent us on (a redirect); "login": the session ended;
  // "later": the server had a problem, try again; "refused": it showed the form again (a
  // message about the input) or an error page.
  function outcome(response) {
    var path = new URL(response.url, window.location.href).pathname;
    if (response.redirected && path.indexOf(loginPath) === 0) {
      return "login";
    }
    if (response.status === 403) {
      return "login";
    }
    if (response.redirected && response.ok) {
      return "stored";
    }
    if (response.status >= 500 || response.status === 429) {
      return "later";
    }
    return "refused";
  }

  // Show the server's answer in place of this page's content: the form with its messages,
  // or (with ``url``) the page it sent us on to, whose address then replaces the form's.
  // Loading that page again would lose its one-time message ("Uw meting is bewaard.").
  function showAnswer(response, url) {
    return response.text().then(function (html) {
      var answer = new DOMParser().parseFromString(html, "text/html");
      var main = document.querySelector("main");
      var fresh = answer.querySelector("main");
      if (!main || !fresh) {
        if (url) {
          window.location.assign(url);
        } else {
          window.location.reload();
        }
        return;
      }
      if (url) {
        window.history.replaceState(null, "", url);
      }
      document.title = answer.title;
      main.replaceWith(fresh);
      window.scrollTo(0, 0);
      fresh.focus();
    });
  }

  function itemFrom(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") {
        fields.push([name, value]);
      }
    });
    var key = form.querySelector('[name="submission_key"], [name="key"]');
    // Not form.action: a field named "action" (the ticks on Today) hides that property.
    var url = new URL(form.getAttribute("action") || "", window.location.href).href;
    return {
      id: url + "#" + (key ? key.value : String(Date.now())),
      url: url,
      fields: fields,
      user: user,
      queuedAt: Date.now()
    };
  }

  // -- sending a form --

  function onSubmit(event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-outbox")) {
      return;
    }
    event.preventDefault();
    if (form.getAttribute("data-outbox-busy")) {
      return; // a double tap: the first one is on its way
    }
    form.setAttribute("data-outbox-busy", "1");
    var item = itemFrom(form);
    post(item).then(function (response) {
      var result = outcome(response);
      if (result === "stored") {
        return showAnswer(response, response.url);
      }
      form.removeAttribute("data-outbox-busy");
      if (result === "refused") {
        return showAnswer(response);
      }
      queue(form, item, result === "login" ? "login" : "waiting");
    }, function () {
      form.removeAttribute("data-outbox-busy");
      queue(form, item, "waiting");
    });
  }

  function queue(form, item, state) {
    if (!keep(item)) {
      // Nothing can be kept on this device: let the browser post it the ordinary way.
      form.removeAttribute("data-outbox");
      form.submit();
      return;
    }
    form.classList.add("is-queued");
    if (state === "login") {
      show("login", say.loginNeeded || "");
    } else {
      show("waiting", say.waiting || "", waitingMore());
    }
  }

  // Honest about when it goes: with Background Sync also with the page closed, without
  // it (iOS) only when the patient opens the app again.
  function waitingMore() {
    return canSync ? say.waitingMore : (say.waitingLater || say.waitingMore);
  }

  // -- sending what waits --

  function flush() {
    var items = waiting();
    if (flushing || !items.length) {
      return;
    }
    flushing = true;
    var sentTo = null;

    function next(index) {
      if (index >= items.length) {
        return finish(null);
      }
      var item = items[index];
      var here = new URL(item.url).pathname === window.location.pathname;
      if (item.refused && !here) {
        // The server wants something changed: only its own page sends it again.
        show("check", say.check || "", "", item.url);
        return next(index + 1);
      }
      return post(item).then(function (response) {
        var result = outcome(response);
        if (result === "stored") {
          drop(item);
          sentTo = response.url;
          if (response.headers.get("X-Ruggensteun-Advice")) {
            // A red flag: the advice must be read now.
            window.location.assign(response.url);
            return finish("leaving");
          }
          return next(index + 1);
        }
        if (result === "refused") {
          if (here) {
            drop(item);
            return showAnswer(response).then(function () { return finish("shown"); });
          }
          item.refused = true;
          keep(item);
          show("check", say.check || "", "", item.url);
          return next(index + 1);
        }
        return finish(result === "login" ? "login" : "waiting");
      }, function () {
        return finish("waiting");
      });
    }

    function finish(stop) {
      flushing = false;
      if (stop === "leaving" || stop === "shown") {
        return;
      }
      if (stop === "login") {
        show("login", say.loginNeeded || "");
      } else if (stop === "waiting") {
        show("waiting", say.waiting || "", waitingMore());
      } else if (sentTo && !waiting().length) {
        document.querySelectorAll("form.is-queued").forEach(function (form) {
          form.classList.remove("is-queued");
        });
        show("sent", say.sent || "", say.sentMore, sentTo);
      }
    }

    next(0);
  }

  // What the service worker sent in the background is no longer waiting here.
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.type !== "outbox-sent") {
        return;
      }
      save(load().filter(function (other) { return other.id !== data.id; }));
      if (data.advice) {
        window.location.assign(data.url);
      } else if (!waiting().length) {
        show("sent", say.sent || "", say.sentMore, data.url);
      }
    });
  }

  window.ruggensteunOutbox = {
    // Keep a form that could not be sent (a tick whose htmx request failed); false when
    // nothing can be kept on this device.
    queue: function (form) {
      var item = itemFrom(form);
      if (!keep(item)) {
        return false;
      }
      form.classList.add("is-queued");
      show("waiting", say.waiting || "", waitingMore());
      return true;
    },
    // Everything waiting on this device, for everyone (logging out on a shared phone).
    clear: function () {
      try {
        window.localStorage.removeItem(STORE);
      } catch (error) { /* storage switched off: nothing kept */ }
    },
    flush: flush
  };

  document.addEventListener("submit", onSubmit);
  window.addEventListener("online", flush);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      flush();
    }
  });
  setInterval(flush, RETRY_MS);
  if (waiting().length) {
    show("waiting", say.waiting || "", waitingMore());
    flush();
  }
})();
