/* What used to be inline handlers, now declared with data- attributes so that the
   Content-Security-Policy can forbid inline script (docs/architecture.md):
   - data-auto-submit on a form control submits its form when the control changes
     (the language select of the login page);
   - data-print on a button opens the browser's print dialog (the lists);
   - data-percent on a progress bar sets its width (a style="" attribute is blocked by the
     policy; a width set from script is not). run_status.js calls PortalBehaviours.apply on the
     fragment it puts in place;
   - data-check-all="G" on a checkbox chooses every [data-check-group="G"] box (a group of the
     verification queue), and [data-selected-count] shows how many boxes named "item" are
     chosen; a [data-batch-submit] button is enabled only when one is. */
(function () {
  "use strict";

  function apply(root) {
    root.querySelectorAll("[data-percent]").forEach(function (bar) {
      var percent = Math.max(0, Math.min(100, Number(bar.getAttribute("data-percent")) || 0));
      bar.style.width = percent + "%";
    });
  }

  function countChosen() {
    var chosen = document.querySelectorAll("input[name=item]:checked").length;
    document.querySelectorAll("[data-selected-count]").forEach(function (counter) {
      counter.textContent = chosen;
    });
    document.querySelectorAll("[data-batch-submit]").forEach(function (button) {
      button.disabled = chosen === 0;
    });
  }

  document.addEventListener("change", function (event) {
    var all = event.target.closest("[data-check-all]");
    if (all) {
      var group = all.getAttribute("data-check-all");
      document.querySelectorAll("[data-check-group]").forEach(function (box) {
        if (box.getAttribute("data-check-group") === group) {
          box.checked = all.checked;
        }
      });
    }
    if (all || event.target.name === "item") {
      countChosen();
    }
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
  countChosen();
})();
