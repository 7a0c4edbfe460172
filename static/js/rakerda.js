/* Rakerda page: one bar chart per indicator (achievement in % of target, coloured by status like
   the table next to it) and the print button. Data comes from json_script tags, never inline JS:
   <canvas data-rakerda-chart="ID"> reads {label, labels, values, colours} from <script id="ID">. */
(function () {
  "use strict";

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.rakerdaChart);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{ label: data.label, data: data.values, backgroundColor: data.colours }],
      },
      options: {
        indexAxis: "y",
        animation: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, suggestedMax: 100 } },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-rakerda-chart]").forEach(draw);
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () {
        window.print();
      });
    });
  });
})();
