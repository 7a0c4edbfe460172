/* Region pickers (pokja/region_picker.py): a text input becomes an ARIA combobox. Typing two
   letters, or the start of a code, asks the server for at most 20 regions of the user's scope
   and lists them below the input; arrow keys move, Enter or a click picks, Escape closes. The
   picked text is "63.71 Kota Banjarmasin"; on submit only the code is sent, so the URL keeps
   `?region=63.71`. Without this script the input still takes a code. */
(function () {
  "use strict";

  var CODE_THEN_NAME = /^(\d{2}(?:\.\d{2,4})*)\s/;
  var counter = 0;

  function attach(input) {
    counter += 1;
    var list = document.createElement("ul");
    list.id = (input.id || "region-picker-" + counter) + "-listbox";
    list.className = "region-picker-list list-group shadow-sm";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.dataset.suggestionsLabel);
    list.hidden = true;
    input.parentElement.classList.add("position-relative");
    input.after(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    var timer = null;
    var asked = 0;
    var active = -1;

    function options() {
      return list.querySelectorAll("[role=option]");
    }

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var all = options();
      if (!all.length) {
        return;
      }
      active = (index + all.length) % all.length;
      all.forEach(function (option, i) {
        option.classList.toggle("active", i === active);
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function pick(option) {
      input.value = option.dataset.value;
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function show(results) {
      list.replaceChildren();
      active = -1;
      if (!results.length) {
        var empty = document.createElement("li");
        empty.className = "list-group-item text-muted small";
        empty.textContent = input.dataset.noMatch;
        list.appendChild(empty);
      }
      results.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = list.id + "-" + i;
        option.className = "list-group-item list-group-item-action";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.value = item.value;
        option.textContent = item.value;
        if (item.context) {
          var context = document.createElement("small");
          context.className = "region-picker-context ms-1";
          context.textContent = "· " + item.context;
          option.appendChild(context);
        }
        // mousedown, not click: the input would lose focus (and close the list) first.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          pick(option);
        });
        list.appendChild(option);
      });
      // Under the input and as wide as it (the parent column also holds the label and errors).
      list.style.left = input.offsetLeft + "px";
      list.style.width = input.offsetWidth + "px";
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function search() {
      var text = input.value.trim();
      if (text.length < 2 && !/^\d/.test(text)) {
        close();
        return;
      }
      var url = new URL(input.dataset.regionSearch, window.location.origin);
      url.searchParams.set("q", text);
      url.searchParams.set("tingkat", input.dataset.regionLevels || "");
      if (input.dataset.regionParent) {
        url.searchParams.set("induk", input.dataset.regionParent);
      }
      if (input.dataset.regionAction) {
        url.searchParams.set("tindakan", input.dataset.regionAction);
      }
      asked += 1;
      var mine = asked;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (mine === asked && document.activeElement === input) {
            show(data.results);
          }
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) {
          search();
        } else {
          highlight(active + (event.key === "ArrowDown" ? 1 : -1));
        }
        event.preventDefault();
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        pick(options()[active]);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
    if (input.form) {
      input.form.addEventListener("submit", function () {
        var picked = CODE_THEN_NAME.exec(input.value.trim() + " ");
        if (picked) {
          input.value = picked[1];
        }
      });
    }
  }

  document.querySelectorAll("input[data-region-search]").forEach(attach);
})();
