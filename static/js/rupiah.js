/* Rupiah inputs (<input data-rupiah>, see pokja/widgets.py): thousands separators while typing,
   "75000000" becomes "75.000.000" and the caret stays after the same digit. The server accepts
   the amount with or without separators and "Rp"; this only helps reading what was typed. */
(function () {
  "use strict";

  var separator = (1000).toLocaleString(document.documentElement.lang || undefined).charAt(1);
  if (!separator || /\d/.test(separator)) {
    separator = ".";
  }
  var decimals = new RegExp("\\" + (separator === "." ? "," : ".") + "\\d{0,2}$");

  function group(digits) {
    return digits.replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  }

  function reformat(input) {
    var value = input.value;
    // Leave anything that is not plain digits and separators to the server's message.
    if (!/^(rp\.?\s*)?[\d.,\s]*$/i.test(value) || decimals.test(value)) {
      return;
    }
    var caret = input.selectionStart === null ? value.length : input.selectionStart;
    var digitsBeforeCaret = value.slice(0, caret).replace(/\D/g, "").length;
    var digits = value.replace(/\D/g, "");
    var formatted = digits ? group(digits) : "";
    if (formatted === value) {
      return;
    }
    input.value = formatted;
    var position = 0;
    var seen = 0;
    while (position < formatted.length && seen < digitsBeforeCaret) {
      if (/\d/.test(formatted.charAt(position))) {
        seen += 1;
      }
      position += 1;
    }
    if (document.activeElement === input) {
      input.setSelectionRange(position, position);
    }
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("input[data-rupiah]")) {
      reformat(event.target);
    }
  });
})();
