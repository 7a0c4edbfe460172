{% load static %}/* The portal's service worker (served at /sw.js by pokja/views/offline.py, registered only for
   users who work offline: static/js/offline.js). Pages: network first, the last copy when there
   is no connection; static files: the cached copy, refreshed in the background. A form posted
   while the connection fails is kept in the device's queue ("Antrean kirim") and sent later. */
importScripts(
  "{% static 'vendor/workbox/workbox-sw.js' %}",
  "{% static 'vendor/idb/idb.umd.js' %}",
  "{% static 'js/offline-queue.js' %}"
);
// Workbox's modules are the vendored copies (static/vendor/workbox/), never its CDN.
workbox.setConfig({ modulePathPrefix: "{% get_static_prefix %}vendor/workbox/", debug: false });

const QUEUE_URL = "{{ queue_url|escapejs }}";
KkbQueue.configure({ status: "{{ status_url|escapejs }}", login: "{{ login_url|escapejs }}" });
const PAGES = KkbQueue.PAGE_CACHE;
const NOT_KEPT = ["/masuk/", "/keluar/", "/admin/", "/kata-sandi/", "/lupa-kata-sandi/", "/api/", "/sw.js"];

// The queue page and what it runs on, first of all: a form saved offline always has a page
// that lists it (the other pages are kept by static/js/offline.js once signed in).
const QUEUE_PAGE_FILES = [
  "{% static 'vendor/bootstrap/bootstrap.min.css' %}",
  "{% static 'vendor/bootstrap-icons/bootstrap-icons.min.css' %}",
  "{% static 'css/portal.css' %}",
  "{% static 'css/maps.css' %}",
  "{% static 'vendor/bootstrap/bootstrap.bundle.min.js' %}",
  "{% static 'vendor/bootstrap-icons/fonts/bootstrap-icons.woff2' %}",
  "{% static 'js/numbers.js' %}",
  "{% static 'js/portal.js' %}",
  "{% static 'js/behaviours.js' %}",
  "{% static 'vendor/idb/idb.umd.js' %}",
  "{% static 'js/offline-queue.js' %}",
  "{% static 'js/offline-queue-page.js' %}",
  "{% static 'js/offline.js' %}",
];
self.addEventListener("install", (event) => {
  self.skipWaiting();
  const keep = async () => {
    await (await caches.open(KkbQueue.STATIC_CACHE)).addAll(QUEUE_PAGE_FILES);
    await (await caches.open(PAGES)).add(QUEUE_URL);
  };
  event.waitUntil(keep().catch(() => {}));
});
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// Keep only a page the user saw in full (no redirect to the login page, no error).
const onlyComplete = {
  cacheWillUpdate: async ({ response }) => (response && response.status === 200 && !response.redirected ? response : null),
};
workbox.routing.registerRoute(
  ({ request, url }) => request.mode === "navigate" && url.origin === self.location.origin && !NOT_KEPT.some((p) => url.pathname.startsWith(p)),
  new workbox.strategies.NetworkFirst({ cacheName: PAGES, networkTimeoutSeconds: 8, matchOptions: { ignoreVary: true }, plugins: [onlyComplete] })
);
workbox.routing.registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname.startsWith("{% get_static_prefix %}"),
  new workbox.strategies.StaleWhileRevalidate({ cacheName: KkbQueue.STATIC_CACHE, matchOptions: { ignoreVary: true } })
);

// A form posted while the connection fails: keep it in the queue rather than lose it.
workbox.routing.registerRoute(
  ({ request }) => request.mode === "navigate",
  async ({ request }) => {
    const copy = request.clone();
    try {
      return await fetch(request);
    } catch (error) {
      const fields = [...(await copy.formData()).entries()];
      const kept = await KkbQueue.keepPosted(request.url, fields);
      if (!kept) throw error;
      return Response.redirect(QUEUE_URL + "?baru=1", 303);
    }
  },
  "POST"
);

// Offline, a page never kept: the queue page, which works without a connection.
workbox.routing.setCatchHandler(async ({ request }) => {
  if (request.mode === "navigate") {
    const cached = await caches.match(QUEUE_URL, { cacheName: PAGES, ignoreVary: true, ignoreSearch: true });
    if (cached) return cached;
  }
  return Response.error();
});

// Background Sync (where the browser has it): send the queue when the connection returns.
self.addEventListener("sync", (event) => {
  if (event.tag === KkbQueue.SYNC_TAG) event.waitUntil(KkbQueue.replayAll().then(KkbQueue.tellPages));
});
self.addEventListener("message", (event) => {
  if (event.data === "kkb-clear") event.waitUntil(KkbQueue.clearCaches());
});
