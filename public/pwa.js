// Registers the service worker and offers a reload when a new version has been deployed.
(function () {
  if (!("serviceWorker" in navigator)) return;

  function whenHydrated(run) {
    // The banner is added outside the hydrated tree, once hydration is done.
    if (document.documentElement.hasAttribute("data-hydrated") || !document.querySelector("script[type=module], link[rel=modulepreload]")) return run();
    new MutationObserver(function (_, observer) {
      if (document.documentElement.hasAttribute("data-hydrated")) { observer.disconnect(); run(); }
    }).observe(document.documentElement, { attributes: true });
  }

  function offerReload(worker) {
    whenHydrated(function () {
      if (document.getElementById("update-banner")) return;
      var banner = document.createElement("div");
      banner.id = "update-banner";
      banner.className = "update-banner";
      banner.setAttribute("role", "status");
      var text = document.createElement("span");
      text.textContent = "A new version of Partnerdesk is available.";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button small primary";
      button.textContent = "Reload";
      button.addEventListener("click", function () {
        button.disabled = true;
        updating = true;
        worker.postMessage("skip-waiting");
      });
      banner.append(text, button);
      document.body.append(banner);
    });
  }

  // Reload only into an update the person asked for (not when a first worker takes over).
  var updating = false;
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (!updating) return;
    updating = false;
    location.reload();
  });

  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js").then(function (registration) {
      if (registration.waiting && navigator.serviceWorker.controller) offerReload(registration.waiting);
      registration.addEventListener("updatefound", function () {
        var worker = registration.installing;
        if (!worker) return;
        worker.addEventListener("statechange", function () {
          if (worker.state === "installed" && navigator.serviceWorker.controller) offerReload(worker);
        });
      });
      // Look for a new deployment now and then, and whenever the tab comes back.
      setInterval(function () { registration.update(); }, 30 * 60 * 1000);
      document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "visible") registration.update();
      });
    });
  });
})();
