/* The village field: 83,762 villages are a search, never a dropdown. Typing two letters (or
   the start of a code) asks the server for at most 20 villages of the user's area and offers
   them in a <datalist>; the chosen text starts with the village code, which the form reads. */
(function () {
  "use strict";

  function attach(input) {
    var form = input.closest("[data-village-url]");
    if (!form) {
      return;
    }
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.setAttribute("list", list.id);
    input.after(list);
    var timer = null;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2 || /^\d{2}\.\d{2}\.\d{2}\.\d{4} /.test(text)) {
        return;
      }
      timer = window.setTimeout(function () {
        var url = new URL(form.dataset.villageUrl, window.location.origin);
        url.searchParams.set("q", text);
        url.searchParams.set("wilayah", form.dataset.villageScope || "");
        fetch(url, { credentials: "same-origin" })
          .then(function (response) {
            return response.json();
          })
          .then(function (data) {
            list.replaceChildren();
            data.results.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.value;
              option.label = item.label;
              list.appendChild(option);
            });
          });
      }, 200);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-village-search]").forEach(attach);
  });
})();
