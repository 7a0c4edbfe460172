// Django admin, as axe-core and a screen reader meet it (#24). Django's own markup is left as it
// is; this file adds what its widgets leave out, on every admin page:
// - the search boxes of the autocomplete fields (select2) have no accessible name when empty:
//   they are named by their field's label;
// - the two halves of a date-and-time field ("Tanggal", "Waktu") are plain text, not labels:
//   each input is named by the field's label and its half;
// - the filter widget's search icons carry aria-label on a span without a role: given role="img".
(function () {
  "use strict";

  function labelText(id) {
    const label = document.querySelector('label[for="' + id + '"]');
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function nameAutocompletes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const name = labelText(select.id);
      const container = select.nextElementSibling;
      if (!name || !container) return;
      container.querySelectorAll(".select2-selection, .select2-selection__rendered").forEach(function (el) {
        el.removeAttribute("aria-labelledby");
        el.setAttribute("aria-label", name);
      });
    });
  }

  function nameDateTimeHalves() {
    document.querySelectorAll("p.datetime").forEach(function (row) {
      row.querySelectorAll("input").forEach(function (input) {
        if (input.labels && input.labels.length) return;
        const field = labelText(input.id.replace(/_[01]$/, "_0"));
        const half = input.previousSibling && input.previousSibling.textContent.replace(/:\s*$/, "").trim();
        input.setAttribute("aria-label", [field, half].filter(Boolean).join(", "));
      });
    });
  }

  function roleForTooltips() {
    document.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (span) {
      span.setAttribute("role", "img");
    });
  }

  function fix() {
    nameAutocompletes();
    nameDateTimeHalves();
    roleForTooltips();
  }

  // Widgets are built by Django's scripts on load and rebuilt later (the region picker re-creates
  // its select2 when the role changes; inlines add rows): fix again whenever the form changes.
  window.addEventListener("load", function () {
    fix();
    new MutationObserver(fix).observe(document.body, { childList: true, subtree: true });
  });
})();
