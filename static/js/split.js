/* The split form of a province target: shows the sum of the regency/city targets and the
   difference to the province target while typing, and copies last year's achievement into the
   bases. The server checks everything again; this only helps while typing. */
(function () {
  "use strict";

  // Typed values are read as the server reads them ("82.500" is 82500): see numbers.js.
  function parse(input) {
    var value = window.portalNumbers.parse(input.value);
    return value === null || isNaN(value) ? null : value;
  }

  var format = window.portalNumbers.format;

  function update(form) {
    var sumCell = document.getElementById("split-sum");
    var differenceCell = document.getElementById("split-difference");
    var totalInput = form.querySelector("[data-split-total]");
    if (!sumCell || !differenceCell || !totalInput) {
      return;
    }
    var sum = 0;
    var typed = 0;
    form.querySelectorAll("[data-split-value]").forEach(function (input) {
      var value = parse(input);
      if (value !== null) {
        sum += value;
        typed += 1;
      }
    });
    var total = parse(totalInput);
    // A count that takes in the province's own unit keeps 1 of the target for the province.
    var own = form.dataset.keepsOwn === "1" && total !== null && total >= 1 ? 1 : 0;
    var ownCell = document.getElementById("split-own");
    if (ownCell) {
      ownCell.textContent = format(own);
    }
    sumCell.textContent = typed ? format(sum) : "–";
    if (total === null || !typed) {
      differenceCell.textContent = "–";
      differenceCell.className = "";
      return;
    }
    // Round to cents so 0.1 + 0.2 does not show a difference that is not there.
    var difference = Math.round((total - own - sum) * 100) / 100;
    differenceCell.textContent = format(difference);
    differenceCell.className = difference === 0 ? "text-success" : "text-danger fw-semibold";
  }

  function copyLastYear(form) {
    form.querySelectorAll("#split-table tbody tr").forEach(function (row) {
      var source = row.querySelector("[data-last-year]");
      var base = row.querySelector("[data-split-base]");
      if (source && base && source.dataset.lastYear !== "") {
        // data-last-year is the raw Python value ("82500.00"); the input shows it grouped.
        base.value = format(parseFloat(source.dataset.lastYear));
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("split-form");
    if (!form || form.dataset.additive !== "1") {
      return;
    }
    form.addEventListener("input", function () {
      update(form);
    });
    var copy = document.getElementById("copy-last-year");
    if (copy) {
      copy.addEventListener("click", function () {
        copyLastYear(form);
      });
    }
    update(form);
  });
})();
