/* Working without a connection, for the users the portal marks on <body data-offline-user>
   (pokja/views/offline.py): registers the service worker, keeps the pages they need, keeps a
   form saved offline in the device's queue (static/js/offline-queue.js) and sends the queue
   when the connection returns. For everyone else (and on the login page after signing out) it
   removes what an earlier session left: the service worker and the kept pages. */
(function () {
  "use strict";

  var body = document.body;
  var data = body.dataset;
  var WARM_EVERY = 5 * 60 * 1000;

  if (!("serviceWorker" in navigator) || !window.indexedDB) return;

  if (!data.offlineUser) {
    navigator.serviceWorker.getRegistrations().then(function (registrations) {
      registrations.forEach(function (registration) { registration.unregister(); });
    });
    if (window.caches) {
      caches.delete(KkbQueue.PAGE_CACHE);
      caches.delete(KkbQueue.STATIC_CACHE);
    }
    return;
  }

  var user = Number(data.offlineUser);
  KkbQueue.configure({ status: data.offlineStatus, login: data.offlineLogin });

  function requestSync() {
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) return registration.sync.register(KkbQueue.SYNC_TAG);
    }).catch(function () {});
  }

  /* The /static/ files a page or a style sheet names (src/href, and url() in CSS: the icon
     font), as paths. */
  function staticLinks(text, base) {
    var found = [];
    var pattern = /(?:(?:src|href)="|url\(["']?)([^"')]+)/g;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      if (match[1].indexOf("data:") === 0) continue;
      var url = new URL(match[1], base);
      if (url.origin === location.origin && url.pathname.indexOf("/static/") === 0) {
        found.push(url.pathname + url.search);
      }
    }
    return found;
  }

  async function keepStatic(statics, urls) {
    for (var i = 0; i < urls.length; i++) {
      var asset = urls[i];
      if (await statics.match(asset)) continue;
      await statics.add(asset).catch(function () {});
      if (!/\.css(\?|$)/.test(asset)) continue;
      var sheet = await statics.match(asset);
      if (sheet) {
        await keepStatic(statics, staticLinks(await sheet.clone().text(), location.origin + asset));
      }
    }
  }

  /* The pages this user works with offline, and the static files they use. */
  async function keepPages() {
    var last = Number(localStorage.getItem("kkb-pages-kept") || 0);
    if (!navigator.onLine || Date.now() - last < WARM_EVERY) return;
    var current = await KkbQueue.status();
    if (current.login || current.user !== user) return;
    var pages = await caches.open(KkbQueue.PAGE_CACHE);
    var statics = await caches.open(KkbQueue.STATIC_CACHE);
    for (var i = 0; i < current.pages.length; i++) {
      var response = await fetch(current.pages[i], { credentials: "same-origin" });
      if (response.status !== 200 || response.redirected) continue;
      var html = await response.clone().text();
      // A page is kept only after its files: offline, a kept page always has its scripts.
      await keepStatic(statics, staticLinks(html, location.origin + "/"));
      await pages.put(current.pages[i], response);
    }
    localStorage.setItem("kkb-pages-kept", String(Date.now()));
  }

  /* A form that may be filled offline carries a submission key; saved without a connection,
     it goes to the queue instead of to a browser error page. */
  function prepareForm(form) {
    var keyInput = document.createElement("input");
    keyInput.type = "hidden";
    keyInput.name = "submission_key";
    keyInput.value = KkbQueue.newKey();
    form.appendChild(keyInput);
    var meta = {
      key: keyInput.value,
      user: user,
      title: form.dataset.offlineTitle,
      whenField: form.dataset.offlineWhen,
      whenLabel: form.dataset.offlineWhenLabel,
    };
    var sending = false;
    form.addEventListener("submit", function (event) {
      if (sending) return;
      event.preventDefault();
      sending = true;
      if (navigator.onLine) {
        // Online: a normal submit; the service worker queues it if the connection fails.
        KkbQueue.rememberMeta(meta).finally(function () { form.submit(); });
        return;
      }
      var item = KkbQueue.makeItem(meta, form.action || location.href, Array.from(new FormData(form).entries()));
      item.whenLabel = meta.whenLabel;
      KkbQueue.put(item).then(function () {
        requestSync();
        return caches.match(data.offlineQueue, { ignoreVary: true });
      }).then(function (queuePage) {
        if (queuePage) {
          location.href = data.offlineQueue + "?baru=1";
          return;
        }
        // The queue page is not on the device yet: say so here. Saving again replaces the item.
        sending = false;
        var note = document.getElementById("offline-kept-here");
        note.hidden = false;
        note.scrollIntoView();
      }, function () { sending = false; });
    });
  }

  async function showCounts() {
    var waiting = (await KkbQueue.items(user)).filter(function (item) {
      return ["waiting", "sending", "login", "conflict", "invalid"].indexOf(item.state) >= 0;
    }).length;
    document.querySelectorAll("[data-offline-count]").forEach(function (el) {
      el.textContent = String(waiting);
      el.hidden = waiting === 0;
    });
    var pending = document.getElementById("offline-pending");
    if (pending) pending.hidden = waiting === 0 || !!document.getElementById("offline-queue");
    var offline = document.getElementById("offline-banner");
    if (offline) offline.hidden = navigator.onLine;
  }

  async function replay() {
    if (!navigator.onLine) return;
    await KkbQueue.replayAll();
    refresh();
  }

  function refresh() {
    showCounts();
    if (window.KkbQueuePage) window.KkbQueuePage.render(user, replay);
  }

  navigator.serviceWorker.register(data.offlineSw, { scope: "/" }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function () {
    return keepPages();
  }).catch(function () {});
  navigator.serviceWorker.addEventListener("message", function (event) {
    if (event.data === "kkb-antrean") refresh();
  });

  document.querySelectorAll("form[data-offline-form]").forEach(prepareForm);
  document.querySelectorAll("form[data-logout]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      localStorage.removeItem("kkb-pages-kept");
      KkbQueue.clearCaches().finally(function () { form.submit(); });
    });
  });
  window.addEventListener("online", replay);
  window.addEventListener("offline", refresh);
  refresh();
  replay();
})();
