/* Number inputs (<input data-number="integer|decimal"> and <input data-rupiah>, see
   pokja/kernel/widgets.py): thousands separators while typing, "82500" becomes "82.500" and the
   caret stays after the same digit. The server reads the number with or without separators
   (pokja/kernel/formfields.py); this only helps reading what was typed.
   `window.portalNumbers.parse` reads a typed number the same way for other scripts (split.js). */
(function () {
  "use strict";

  var separator = (1000).toLocaleString(document.documentElement.lang || undefined).charAt(1);
  if (!separator || /\d/.test(separator)) {
    separator = ".";
  }
  var decimalMark = separator === "." ? "," : ".";
  var cents = new RegExp("\\" + decimalMark + "\\d{0,2}$");

  function group(digits) {
    return digits.replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  }

  // True when the separators in `whole` could be thousands groups: "1.512.000", not "21.5".
  function grouped(whole) {
    return whole.split(separator).slice(1).every(function (part) {
      return part.length === 3;
    });
  }

  function parse(text) {
    var value = String(text).replace(/[\s\u00a0]/g, "").replace(/^rp\.?/i, "");
    var negative = value.charAt(0) === "-";
    if (negative) {
      value = value.slice(1);
    }
    var whole = value;
    var fraction = "";
    var mark = value.lastIndexOf(decimalMark);
    if (mark >= 0) {
      whole = value.slice(0, mark);
      fraction = value.slice(mark + 1);
    } else if (value.indexOf(separator) >= 0 && !grouped(value)) {
      // One separator before one, two or four digits is a decimal point ("21.5").
      mark = value.lastIndexOf(separator);
      whole = value.slice(0, mark);
      fraction = value.slice(mark + 1);
    }
    whole = whole.split(separator).join("");
    if (!/^\d+$/.test(whole) || !/^\d*$/.test(fraction)) {
      return null;
    }
    var number = parseFloat(whole + (fraction ? "." + fraction : ""));
    return negative ? -number : number;
  }

  // A decimal input without the decimal mark: is its dot a thousands separator ("82.500", put
  // there by this script while the person typed digits) or a decimal point the person typed
  // ("21.5")? A point typed by hand stays; digits typed or deleted are regrouped; a pasted
  // value is regrouped only when its separators are thousands groups already.
  function regroupable(input, event) {
    var typed = event.inputType === "insertText" && event.data && event.data.length === 1;
    if (typed && event.data === separator) {
      input.dataset.typedPoint = "1";
    }
    if (input.value.indexOf(separator) < 0) {
      delete input.dataset.typedPoint;
    }
    if (input.dataset.typedPoint) {
      return false;
    }
    var deleted = /^delete/.test(event.inputType || "");
    return typed || deleted || grouped(input.value);
  }

  function reformat(input, event) {
    var value = input.value;
    var decimal = input.getAttribute("data-number") === "decimal";
    // Leave anything that is not plain digits and separators to the server's message.
    if (!/^(rp\.?\s*)?[\d.,\s]*$/i.test(value)) {
      return;
    }
    var whole = value;
    var fraction = "";
    if (decimal) {
      var mark = value.lastIndexOf(decimalMark);
      if (mark >= 0) {
        whole = value.slice(0, mark);
        fraction = value.slice(mark);
        if (fraction.slice(1).indexOf(separator) >= 0 || whole.indexOf(decimalMark) >= 0) {
          return;
        }
      } else if (!regroupable(input, event)) {
        return;
      }
    } else if (cents.test(value)) {
      return;
    }
    var caret = input.selectionStart === null ? value.length : input.selectionStart;
    var digitsBeforeCaret = value.slice(0, caret).replace(/\D/g, "").length;
    var digits = whole.replace(/\D/g, "");
    var formatted = (digits ? group(digits) : "") + fraction;
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

  function format(number) {
    return number.toLocaleString(document.documentElement.lang || undefined, {
      maximumFractionDigits: 2,
    });
  }

  window.portalNumbers = { parse: parse, format: format };

  // Capture phase: the value is regrouped before other scripts' listeners (split.js sums the
  // inputs on the same event) read it.
  document.addEventListener(
    "input",
    function (event) {
      if (event.target.matches && event.target.matches("input[data-rupiah], input[data-number]")) {
        reformat(event.target, event);
      }
    },
    true
  );
})();
