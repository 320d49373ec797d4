// The service worker of Sổ công tác HĐND, written by `cargo xtask` for one
// build. It keeps the app shell (the HTML, JS, WASM, CSS and icons of this
// build, the lazily loaded chunks included) so the app opens with no
// network, deep links included. Server calls (/api) are never touched: the
// app keeps its data in IndexedDB itself.
const BUILD = "{{build_id}}";
const CACHE = `hdnd-shell-${BUILD}`;
// The server answers every app route with the same shell.
const SHELL = "/";
const FILES = {{files}};

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll([SHELL, ...FILES]);
      // A new build takes over at once; pages already open keep the code
      // they loaded, and the handshake tells them to reload.
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      // The build before this one stays too: a page still running it (the
      // handshake asks it to reload) loads its lazily loaded chunks from
      // there, as the server no longer has them. Caches list in the order
      // they were made, so the last one is the newest.
      const older = (await caches.keys()).filter(
        (name) => name.startsWith("hdnd-shell-") && name !== CACHE,
      );
      for (const name of older.slice(0, -1)) {
        await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/") || url.pathname === "/sw.js") return;
  if (request.mode === "navigate") {
    // Network first, so an online reload always gets the current release;
    // the cached shell when the network or the server is gone.
    event.respondWith(
      (async () => {
        try {
          return await fetch(request);
        } catch (error) {
          const cached = await caches.match(SHELL, { cacheName: CACHE });
          return cached ?? Response.error();
        }
      })(),
    );
    return;
  }
  if (FILES.includes(url.pathname) || url.pathname === "/manifest.webmanifest") {
    // Content-hashed files never change: the cache answers first.
    event.respondWith(
      (async () => {
        const cached = await caches.match(request, { cacheName: CACHE });
        return cached ?? fetch(request);
      })(),
    );
    return;
  }
  if (url.pathname.startsWith("/assets/")) {
    // A file of the previous build, for a page that still runs it.
    event.respondWith(
      (async () => (await caches.match(request)) ?? fetch(request))(),
    );
  }
});
