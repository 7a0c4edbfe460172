/* Inline rows of a record form (a work plan's activities, a planning document's indicators):
   "Add a row" copies the formset's empty form (kept in a <template>) with the next index and
   raises TOTAL_FORMS, so a plan of twenty activities is entered in one go. A row is removed by
   ticking its "Delete" box; the row is dimmed so the choice is visible. */
(function () {
  "use strict";

  function setUp(box) {
    var prefix = box.getAttribute("data-formset");
    var total = box.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var maxInput = box.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']");
    var template = box.querySelector("template[data-formset-empty]");
    var body = box.querySelector("[data-formset-body]");
    var button = box.querySelector("[data-formset-add]");
    if (!total || !template || !body || !button) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var max = maxInput ? parseInt(maxInput.value, 10) : NaN;
      if (!isNaN(max) && index >= max) {
        return;
      }
      body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
      total.value = String(index + 1);
      var rows = body.querySelectorAll("[data-formset-row]");
      var first = rows[rows.length - 1].querySelector("input:not([type=hidden]), select, textarea");
      if (first) {
        first.focus();
      }
      box.dispatchEvent(new CustomEvent("formset:added", { bubbles: true }));
    });
    body.addEventListener("change", function (event) {
      var target = event.target;
      if (target.name && /-DELETE$/.test(target.name)) {
        var row = target.closest("[data-formset-row]");
        if (row) {
          row.classList.toggle("formset-row-deleted", target.checked);
        }
      }
    });
  }

  document.querySelectorAll("[data-formset]").forEach(setUp);
})();
