// The installable app (issue #16): registers the service worker (/sw.js, web/pwa.py), and
// - at logout empties this device: the outbox (diary/outbox.js), the kept pages and the
//   service worker's copy of the outbox, before the logout is sent (the server also sends
//   Clear-Site-Data), so a shared phone keeps no pain data;
// - on the reminders page switches push notifications on or off for this browser.
(function () {
  "use strict";

  var script = document.currentScript;
  var say = script ? script.dataset : {};
  var OUTBOX = "ruggensteun.outbox.v1";
  var hasWorker = "serviceWorker" in navigator;

  if (hasWorker && say.sw) {
    navigator.serviceWorker.register(say.sw, { scope: "/" }).catch(function () {
      /* no offline use on this browser; everything else works */
    });
  }

  // -- logging out empties the device --

  function emptyDevice() {
    try {
      window.localStorage.removeItem(OUTBOX);
    } catch (error) { /* storage switched off */ }
    if (window.ruggensteunOutbox && window.ruggensteunOutbox.clear) {
      window.ruggensteunOutbox.clear();
    }
    var work = [];
    if (hasWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "logout" });
    }
    if (window.caches) {
      work.push(caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf("rs-pages-") === 0 || name === "rs-meta";
        }).map(function (name) { return caches.delete(name); }));
      }));
    }
    if (window.indexedDB) {
      work.push(new Promise(function (resolve) {
        var request = indexedDB.deleteDatabase("ruggensteun-outbox");
        request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
      }));
    }
    return Promise.all(work);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !say.logout) {
      return;
    }
    if (new URL(form.action, window.location.href).pathname !== say.logout) {
      return;
    }
    event.preventDefault();
    var sent = false;
    function go() {
      if (!sent) {
        sent = true;
        form.submit();
      }
    }
    emptyDevice().then(go, go);
    setTimeout(go, 1500); // never keep anyone from logging out
  });

  // -- push notifications (the reminders page) --

  var box = document.querySelector("[data-push]");
  if (!box) {
    return;
  }
  var on = box.querySelector("[data-push-on]");
  var off = box.querySelector("[data-push-off]");
  var state = box.querySelector("[data-push-state]");

  function tell(text) {
    state.textContent = text || "";
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body)
    });
  }

  function keyBytes(base64) {
    var padded = (base64 + "===".slice((base64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes;
  }

  function showButtons(subscribed) {
    on.hidden = subscribed;
    off.hidden = !subscribed;
    tell(subscribed ? box.dataset.isOn : box.dataset.isOff);
  }

  if (!hasWorker || !("PushManager" in window) || !("Notification" in window)) {
    tell(box.dataset.unsupported);
    return;
  }
  if (!box.dataset.key) {
    return; // the server has no keys: the page says push is off
  }
  navigator.serviceWorker.ready.then(function (registration) {
    return registration.pushManager.getSubscription();
  }).then(function (subscription) {
    showButtons(Boolean(subscription));
  }).catch(function () { tell(box.dataset.unsupported); });

  on.addEventListener("click", function () {
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        throw new Error("denied");
      }
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      return registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(box.dataset.key)
      });
    }).then(function (subscription) {
      return post(box.dataset.subscribe, subscription.toJSON());
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("refused");
      }
      showButtons(true);
    }).catch(function (error) {
      tell(error && error.message === "denied" ? box.dataset.denied : box.dataset.failed);
    });
  });

  off.addEventListener("click", function () {
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.pushManager.getSubscription();
    }).then(function (subscription) {
      if (!subscription) {
        return null;
      }
      var endpoint = subscription.endpoint;
      return subscription.unsubscribe().then(function () {
        return post(box.dataset.unsubscribe, { endpoint: endpoint });
      });
    }).then(function () { showButtons(false); }, function () { tell(box.dataset.failed); });
  });
})();
