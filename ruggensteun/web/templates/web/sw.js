{% autoescape off %}/* Ruggensteun's service worker (issue #16; the server side is ruggensteun/web/pwa.py).
 *
 * - The app shell (static files, icons, the offline page) is kept for everyone.
 * - Pages: network first. A page is kept only when its response carries the offline header
 *   (the patient's today plan), in a cache named after the login session's id. Any page
 *   that arrives with another session id (a logout, an expired session, another user)
 *   deletes every kept page at once. Offline, a kept page of the current session is shown,
 *   else the offline page. Staff pages are never kept; POSTs are never kept. A page with
 *   the hold header (a red flag holds the programme) deletes the kept pages of its session.
 * - Background Sync ("rs-outbox"): entries the page could not send (diary/outbox.js) are
 *   also handed to this worker, which sends them when the connection returns if no page of
 *   the app is open (an open page sends them itself). Every entry has an idempotency key, so the page sending it as well
 *   stores it once. Browsers without Background Sync (Safari, Firefox) send them when the
 *   app is opened again.
 */
"use strict";

var CONFIG = {{ config }};
var VERSION = "__VERSION__";
var SHELL = "rs-shell-" + VERSION;
var PAGES = "rs-pages-";
var DB_NAME = "ruggensteun-outbox";
var SYNC_TAG = "rs-outbox";
var currentSession = null; // lives as long as the worker; "rs-meta" keeps it after that

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL).then(function (cache) {
      return cache.addAll(CONFIG.shell.map(function (url) {
        return new Request(url, { credentials: "omit" });
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("rs-shell-") === 0 && name !== SHELL;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

// -- whose pages are kept --

function readSession() {
  if (currentSession !== null) {
    return Promise.resolve(currentSession);
  }
  return caches.open("rs-meta").then(function (cache) {
    return cache.match("/__session");
  }).then(function (response) {
    return response ? response.text() : "none";
  }).then(function (session) {
    currentSession = session;
    return session;
  });
}

function forgetPages(keep) {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PAGES) === 0 && name !== PAGES + keep;
    }).map(function (name) { return caches.delete(name); }));
  });
}

function useSession(session) {
  return readSession().then(function (known) {
    if (known === session) {
      return null;
    }
    currentSession = session;
    return forgetPages(session).then(function () {
      return caches.open("rs-meta");
    }).then(function (cache) {
      return cache.put("/__session", new Response(session));
    });
  });
}

function forgetAll() {
  currentSession = "none";
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PAGES) === 0 || name === "rs-meta";
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return clearOutbox(); });
}

// -- fetching --

function page(request) {
  return fetch(request).then(function (response) {
    var session = response.headers.get(CONFIG.sessionHeader) || "none";
    var keep = response.headers.get(CONFIG.offlineHeader);
    return useSession(session).then(function () {
      if (response.headers.get(CONFIG.holdHeader)) {
        return caches.delete(PAGES + session).then(function () { return response; });
      }
      if (keep && keep === session && session !== "none" && response.ok) {
        var copy = response.clone();
        return caches.open(PAGES + session).then(function (cache) {
          // Kept under the address asked for and the one it ended on (after a redirect).
          var puts = [cache.put(request.url, copy.clone())];
          if (response.url && response.url !== request.url) {
            puts.push(cache.put(response.url, copy));
          }
          return Promise.all(puts);
        }).then(function () { return response; }, function () { return response; });
      }
      return response;
    });
  }, function () {
    return readSession().then(function (session) {
      var kept = session && session !== "none"
        ? caches.open(PAGES + session).then(function (cache) { return cache.match(request.url); })
        : Promise.resolve(undefined);
      return kept.then(function (response) {
        return response || caches.match(CONFIG.offline, { cacheName: SHELL });
      }).then(function (response) {
        return response || Response.error();
      });
    });
  });
}

function staticFile(request) {
  return caches.match(request, { cacheName: SHELL }).then(function (hit) {
    var fresh = fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(SHELL).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
    return hit || fresh;
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return; // POSTs go straight to the network and are never kept
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (url.pathname.indexOf(CONFIG.static) === 0) {
    event.respondWith(staticFile(request));
  } else if (request.mode === "navigate") {
    event.respondWith(page(request));
  }
  // Anything else (htmx fragments, downloads) goes to the network and is never kept.
});

// -- the outbox, for Background Sync --

function db() {
  return new Promise(function (resolve, reject) {
    var open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = function () { open.result.createObjectStore("items", { keyPath: "id" }); };
    open.onsuccess = function () { resolve(open.result); };
    open.onerror = function () { reject(open.error); };
  });
}

function store(mode, work) {
  return db().then(function (database) {
    return new Promise(function (resolve, reject) {
      var transaction = database.transaction("items", mode);
      var result = work(transaction.objectStore("items"));
      transaction.oncomplete = function () { database.close(); resolve(result && result.result); };
      transaction.onerror = function () { database.close(); reject(transaction.error); };
    });
  });
}

function clearOutbox() {
  return store("readwrite", function (items) { return items.clear(); });
}

function tell(message) {
  return self.clients.matchAll({ includeUncontrolled: true }).then(function (clients) {
    clients.forEach(function (client) { client.postMessage(message); });
  });
}

function send(item) {
  var body = new URLSearchParams();
  var token = "";
  item.fields.forEach(function (pair) {
    if (pair[0] === "csrfmiddlewaretoken") {
      token = pair[1];
    }
    body.append(pair[0], pair[1]);
  });
  return fetch(item.url, {
    method: "POST",
    body: body,
    credentials: "same-origin",
    headers: { "X-CSRFToken": token }
  });
}

function flushOutbox() {
  return store("readonly", function (items) { return items.getAll(); }).then(function (items) {
    return items.reduce(function (done, item) {
      return done.then(function () {
        return send(item).then(function (response) {
          var login = response.status === 403 || new URL(response.url).pathname.indexOf("/inloggen/") === 0;
          if (response.redirected && response.ok && !login) {
            return store("readwrite", function (all) { return all.delete(item.id); }).then(function () {
              return tell({ type: "outbox-sent", id: item.id, url: response.url,
                advice: Boolean(response.headers.get("X-Ruggensteun-Advice")) });
            });
          }
          if (response.status >= 500 || response.status === 429) {
            throw new Error("later");
          }
          // A login or a refusal: the page handles it when it is opened (it keeps a copy).
          return store("readwrite", function (all) { return all.delete(item.id); });
        });
      });
    }, Promise.resolve());
  });
}

// Only with no page of the app open: an open page sends its entries itself (and shows the
// answer: "Verstuurd", or a red flag's advice at once), so the two never race.
self.addEventListener("sync", function (event) {
  if (event.tag === SYNC_TAG) {
    event.waitUntil(self.clients.matchAll({ type: "window" }).then(function (open) {
      return open.length ? null : flushOutbox();
    }));
  }
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "logout") {
    event.waitUntil(forgetAll());
  } else if (data.type === "outbox-keep" && data.item) {
    event.waitUntil(store("readwrite", function (items) { return items.put(data.item); }));
  } else if (data.type === "outbox-drop" && data.id) {
    event.waitUntil(store("readwrite", function (items) { return items.delete(data.id); }));
  }
});

// -- push --

self.addEventListener("push", function (event) {
  var message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (error) {
    message = {};
  }
  event.waitUntil(self.registration.showNotification(message.title || "Ruggensteun", {
    body: message.body || "",
    tag: message.tag || "ruggensteun",
    icon: CONFIG.shell.filter(function (url) { return url.indexOf("icon-192") !== -1; })[0],
    data: { url: message.url || "/" }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || "/";
  if (url.charAt(0) !== "/") {
    url = "/";
  }
  event.waitUntil(self.clients.openWindow(url));
});
{% endautoescape %}
