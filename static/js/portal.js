/* Small helpers for every page. A table box that scrolls sideways (.table-responsive) can be
   reached and scrolled with the keyboard: it gets tabindex=0 when its table does not fit in it. */
(function () {
  "use strict";

  function markScrollable() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      var scrolls =
        box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight;
      if (scrolls) {
        box.setAttribute("tabindex", "0");
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    });
  }

  markScrollable();
  window.addEventListener("resize", markScrollable);
})();
