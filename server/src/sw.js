// Partnerdesk service worker, version __VERSION__ (a digest of the deployed static files,
// so every deployment is a new worker and the page offers a reload).
//
// - Precaches the static assets and the offline page.
// - Navigations go to the network; when the server cannot be reached, the offline page.
// - Static assets: network first (always the deployed build), the cache when offline.
// - Server functions and the API (/api/...) and everything else are never cached:
//   they carry private data.
const VERSION = "__VERSION__";
const CACHE = "partnerdesk-" + VERSION;
const PRECACHE = [__ASSETS__];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("partnerdesk-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match("/offline.html", { cacheName: CACHE })));
    return;
  }
  if (PRECACHE.includes(url.pathname)) {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
          }
          return response;
        })
        .catch(() => caches.match(url.pathname, { cacheName: CACHE })),
    );
  }
});
