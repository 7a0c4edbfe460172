/* What used to be inline handlers, now declared with data- attributes so that the
   Content-Security-Policy can forbid inline script (docs/architecture.md):
   - data-auto-submit on a form control submits its form when the control changes
     (the language select of the login page);
   - data-print on a button opens the browser's print dialog (the lists);
   - data-percent on a progress bar sets its width (a style="" attribute is blocked by the
     policy; a width set from script is not). run_status.js calls PortalBehaviours.apply on the
     fragment it puts in place. */
(function () {
  "use strict";

  function apply(root) {
    root.querySelectorAll("[data-percent]").forEach(function (bar) {
      var percent = Math.max(0, Math.min(100, Number(bar.getAttribute("data-percent")) || 0));
      bar.style.width = percent + "%";
    });
  }

  document.addEventListener("change", function (event) {
    var control = event.target.closest("[data-auto-submit]");
    if (control && control.form) {
      control.form.submit();
    }
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });

  window.PortalBehaviours = { apply: apply };
  apply(document);
})();
