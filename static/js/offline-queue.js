/* The device's queue of forms filled without a connection ("Antrean kirim"), shared by the
   pages (static/js/offline.js) and the service worker (/sw.js). Items live in IndexedDB (through
   the vendored idb library), with every field of the form, files included as Blobs.

   An item is sent through the same view a person would use, with `Accept: application/json`
   (pokja/kernel/replay.py answers): its submission key makes a second sending harmless, the
   version it was opened on makes a change meanwhile a conflict the operator settles, and only
   the user who filled it ever sends it. Before sending, the queue asks the portal's status
   (a fresh CSRF token, who is signed in); an ended session keeps the items and asks to sign
   in again. */
(function (scope) {
  "use strict";

  var DB_NAME = "kkb-antrean";
  var SENDING_FOR = 60 * 1000; // an item "being sent" this long ago was interrupted: send again
  var config = { status: "", login: "" };
  var dbPromise = null;

  function db() {
    if (!dbPromise) {
      dbPromise = scope.idb.openDB(DB_NAME, 1, {
        upgrade: function (database) {
          database.createObjectStore("items", { keyPath: "key" });
          // What a form is (its title, the day it describes, who filled it), written when it is
          // sent online, so the service worker can queue it if the connection fails meanwhile.
          database.createObjectStore("meta", { keyPath: "key" });
        },
      });
    }
    return dbPromise;
  }

  function newKey() {
    if (scope.crypto && scope.crypto.randomUUID) return scope.crypto.randomUUID();
    var b = scope.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }

  function fieldValue(fields, name) {
    for (var i = 0; i < fields.length; i++) if (fields[i][0] === name) return fields[i][1];
    return "";
  }

  function makeItem(meta, url, fields) {
    return {
      key: meta.key,
      user: meta.user,
      title: meta.title,
      when: meta.whenField ? String(fieldValue(fields, meta.whenField)) : "",
      url: url,
      fields: fields,
      version: null,
      createdAt: Date.now(),
      state: "waiting",
      message: "",
    };
  }

  async function put(item) { return (await db()).put("items", item); }
  async function get(key) { return (await db()).get("items", key); }
  async function remove(key) { return (await db()).delete("items", key); }
  async function items(user) {
    var all = await (await db()).getAll("items");
    return all
      .filter(function (item) { return user === undefined || item.user === user; })
      .sort(function (a, b) { return b.createdAt - a.createdAt; });
  }
  async function rememberMeta(meta) { return (await db()).put("meta", meta); }

  /* The service worker's side: a form whose sending failed. Kept only if it is one of ours. */
  async function keepPosted(url, fields) {
    var key = String(fieldValue(fields, "submission_key"));
    var meta = key && (await (await db()).get("meta", key));
    if (!meta) return false;
    await put(makeItem(meta, url, fields));
    return true;
  }

  function bodyOf(item, csrf) {
    var data = new FormData();
    item.fields.forEach(function (pair) {
      var name = pair[0], value = pair[1];
      if (name === "csrfmiddlewaretoken") return;
      if (name === "expected_version" && item.version !== null) value = String(item.version);
      if (value instanceof Blob) data.append(name, value, value.name || "");
      else data.append(name, value);
    });
    data.append("csrfmiddlewaretoken", csrf);
    return data;
  }

  function isLogin(response) {
    return response.redirected && config.login && new URL(response.url).pathname === config.login;
  }

  /* Who is signed in and a fresh CSRF token; {login: true} when the session ended. Throws
     when there is no connection. */
  async function status() {
    var response = await fetch(config.status, { credentials: "same-origin", headers: { Accept: "application/json" } });
    var type = response.headers.get("Content-Type") || "";
    if (isLogin(response) || !type.includes("application/json")) return { login: true };
    return response.json();
  }

  function settle(item, state, answer) {
    item.state = state;
    item.message = answer.message || "";
    item.errors = answer.errors || [];
    item.resultUrl = answer.url || item.resultUrl || "";
    item.conflict = state === "conflict" ? answer : null;
    item.settledAt = Date.now();
    // Sent or received already: the files are on the server, the device need not keep them.
    if (state === "sent" || state === "duplicate") item.fields = [];
  }

  async function send(item, csrf) {
    item.state = "sending";
    item.sendingSince = Date.now();
    await put(item);
    var response;
    try {
      response = await fetch(item.url, {
        method: "POST",
        body: bodyOf(item, csrf),
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrf },
      });
    } catch (error) {
      item.state = "waiting";
      await put(item);
      return "offline";
    }
    var type = response.headers.get("Content-Type") || "";
    if (isLogin(response)) {
      item.state = "login";
    } else if (type.includes("application/json")) {
      var answer = await response.json();
      var states = { saved: "sent", duplicate: "duplicate", invalid: "invalid", conflict: "conflict" };
      settle(item, states[answer.result] || "waiting", answer);
    } else {
      // The CSRF check or a server error: nothing was saved; the item waits for the next try.
      item.state = "waiting";
      item.message = "HTTP " + response.status;
    }
    await put(item);
    return item.state;
  }

  /* Send every waiting item of the signed-in user, one after the other. */
  async function replayAll() {
    var current;
    try {
      current = await status();
    } catch (error) {
      return "offline";
    }
    var all = await items();
    var now = Date.now();
    var due = all.filter(function (item) {
      if (item.state === "sending") return now - (item.sendingSince || 0) > SENDING_FOR;
      return item.state === "waiting" || item.state === "login";
    });
    if (current.login) {
      for (var i = 0; i < due.length; i++) {
        due[i].state = "login";
        await put(due[i]);
      }
      return due.length ? "login" : "done";
    }
    for (var j = 0; j < due.length; j++) {
      if (due[j].user !== current.user) continue; // another user's: only they may send it
      var result = await send(due[j], current.csrf);
      if (result === "offline" || result === "login") return result;
    }
    return "done";
  }

  /* The operator's choice in a conflict: send theirs again over the current version, or
     leave the stored record as it is (the item's fields are then dropped). */
  async function keepMine(key) {
    var item = await get(key);
    item.version = item.conflict.version;
    item.state = "waiting";
    item.conflict = null;
    await put(item);
  }

  async function takeTheirs(key) {
    var item = await get(key);
    item.state = "discarded";
    item.fields = [];
    await put(item);
  }

  async function clearCaches() {
    if (!scope.caches) return;
    await Promise.all([scope.caches.delete(KkbQueue.PAGE_CACHE), scope.caches.delete(KkbQueue.STATIC_CACHE)]);
  }

  async function tellPages() {
    if (!scope.clients) return;
    var pages = await scope.clients.matchAll({ type: "window" });
    pages.forEach(function (page) { page.postMessage("kkb-antrean"); });
  }

  var KkbQueue = {
    PAGE_CACHE: "kkb-pages",
    STATIC_CACHE: "kkb-static",
    SYNC_TAG: "kkb-antrean",
    configure: function (values) { Object.assign(config, values); },
    newKey: newKey,
    makeItem: makeItem,
    put: put,
    get: get,
    remove: remove,
    items: items,
    rememberMeta: rememberMeta,
    keepPosted: keepPosted,
    status: status,
    replayAll: replayAll,
    keepMine: keepMine,
    takeTheirs: takeTheirs,
    clearCaches: clearCaches,
    tellPages: tellPages,
  };
  scope.KkbQueue = KkbQueue;
})(self);
