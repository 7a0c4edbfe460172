/* After "Recompute now", and on the page of a list export the worker writes: ask the server for
   the status every two seconds and show it in place (the server renders the fragment), until
   it has finished; then offer to reload the page for the new results, if the page has that. */
(function () {
  "use strict";

  var box = document.getElementById("run-status");
  if (!box || !box.hasAttribute("data-active") || !window.fetch) {
    return;
  }
  var reload = document.getElementById("run-status-reload");
  var delay = 2000;
  var attempts = 0;

  function poll() {
    attempts += 1;
    fetch(box.getAttribute("data-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        box.innerHTML = data.html;
        if (window.PortalBehaviours) {
          window.PortalBehaviours.apply(box);
        }
        if (data.finished) {
          if (reload) {
            reload.hidden = false;
          }
          return;
        }
        // A run of a big province takes a while: slow down after a minute.
        window.setTimeout(poll, attempts > 30 ? delay * 3 : delay);
      })
      .catch(function () {
        window.setTimeout(poll, delay * 3);
      });
  }

  window.setTimeout(poll, delay);
})();
